/** A readable, stable id part: lower case ASCII words joined by "-", at most `words` of them. */
export function slug(s: string, words = 8): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .slice(0, words)
    .join('-');
}

/** The first words of a text, for a title that tells two items of one section apart. */
export function excerpt(text: string, words = 7): string {
  const all = text.replace(/^[•·]\s*/, '').split(/\s+/);
  const cut = all
    .slice(0, words)
    .join(' ')
    .replace(/[,;:.]+$/, '');
  return all.length > words ? `${cut}…` : cut;
}
