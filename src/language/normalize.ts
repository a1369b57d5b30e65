/** Lower-case, strip accents and punctuation, collapse spaces: the form every matcher compares. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  const folded = fold(text);
  return folded ? folded.split(' ') : [];
}

/** Sentences of a message, for finding the question buried in a story. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?¿¡\n])\s+|[\n;]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
