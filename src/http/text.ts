const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Text with each lone UTF-16 surrogate (JSON can carry one, UTF-8 cannot) replaced by U+FFFD, as
 * the channels take it in: otherwise SQLite keeps three U+FFFD for one and PostgreSQL one, and the
 * transcript depends on the engine.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * Whether an id, a number or an address has a control character: none has one, and PostgreSQL
 * refuses a NUL in text, so such a value reaching the database was a 500.
 */
export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

/**
 * A query or path value that is a whole number from `min` to `max`, written in digits ("12",
 * "-1"; not "1e3", " 7", "0x10" or "1.0"), else undefined. Each caller answers its own error.
 * Safe integers only: 1e20 is whole but out of PostgreSQL's bigint range (a 500 there).
 */
export function wholeNumber(value: string, min: number, max: number): number | undefined {
  if (!/^-?\d{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}
