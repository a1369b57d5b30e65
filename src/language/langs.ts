/**
 * The languages patients are answered in: each has its phrases in locales/<lang>/ and its word
 * lists, stemmer and lexicon for matching. Adding one means this list, a locale folder and the
 * clinic's knowledge in it.
 */
export const LANGS = ['en', 'es'] as const;

export type Lang = (typeof LANGS)[number];

/** The language every answer exists in, and the one to fall back to. */
export const DEFAULT_LANG: Lang = 'en';

/** "es-ES", "ES", "es" → "es": one of ours, or undefined. */
export function langOf(value: unknown): Lang | undefined {
  if (typeof value !== 'string') return undefined;
  const l = value.slice(0, 2).toLowerCase();
  return (LANGS as readonly string[]).includes(l) ? (l as Lang) : undefined;
}
