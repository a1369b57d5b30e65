/** A link found in a page: its text and address (null when the page gives none). */
export interface PageLink {
  text: string;
  url: string | null;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  rsquo: '’',
  lsquo: '‘',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  bull: '•',
  ntilde: 'ñ',
  Ntilde: 'Ñ',
  aacute: 'á',
  eacute: 'é',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  Aacute: 'Á',
  Eacute: 'É',
  Iacute: 'Í',
  Oacute: 'Ó',
  Uacute: 'Ú',
  uuml: 'ü',
  iexcl: '¡',
  iquest: '¿',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, code: string) => {
    if (code[0] === '#') {
      const n =
        code[1] === 'x' || code[1] === 'X'
          ? parseInt(code.slice(2), 16)
          : parseInt(code.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[code] ?? ENTITIES[code.toLowerCase()] ?? m;
  });
}

/** HTML as the clinic publishes it, reduced to the lines a patient reads. */
export function htmlToText(html: string, links: PageLink[]): string {
  return decodeEntities(
    html
      .replace(/<(script|style|nav|header|footer|title|head)\b[\s\S]*?<\/\1>/gi, '')
      .replace(
        /<a\b[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>([\s\S]*?)<\/a>/gi,
        (_m, url: string, t: string) => {
          const text = t.replace(/<[^>]+>/g, '').trim();
          links.push({ text, url: url.trim() || null });
          return text;
        },
      )
      .replace(/<li\b[^>]*>/gi, '\n• ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|h[1-6]|li|ul|ol|section|tr)>/gi, '\n\n')
      .replace(/<[^>]+>/g, ''),
  );
}

/** Markdown reduced the same way: headings, bullets and links become plain lines. */
export function markdownToText(md: string, links: PageLink[]): string {
  return md
    .replace(/\[([^\]]+)\]\(([^)]*)\)/g, (_m, text: string, url: string) => {
      links.push({ text, url: url.trim() || null });
      return text;
    })
    .replace(/^#\s+.*$/m, '') // the page title: the procedure's name, not a section
    .replace(/^#{1,6}\s*/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '• ')
    .replace(/(\*\*|__)(.*?)\1/g, '$2');
}

export type PageFormat = 'text' | 'markdown' | 'html';

export function formatOf(fileName: string, content: string): PageFormat {
  if (/\.html?$/i.test(fileName) || /^\s*<(!doctype|html|body|div|h1|p)\b/i.test(content))
    return 'html';
  if (/\.(md|markdown)$/i.test(fileName)) return 'markdown';
  return 'text';
}

/** The page's paragraphs (blank-line separated), with spacing normalised. */
export function pageParagraphs(fileName: string, content: string, links: PageLink[]): string[] {
  const format = formatOf(fileName, content);
  const text =
    format === 'html'
      ? htmlToText(content, links)
      : format === 'markdown'
        ? markdownToText(content, links)
        : content;
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .split(/\n\s*\n|\n(?=\s*•)/)
    .map((p) =>
      p
        .replace(/[ ]+/g, ' ')
        .replace(/\s*\n\s*/g, ' ')
        .trim(),
    )
    .filter((p) => p.length > 0);
}
