import { isInlineLabel, kindOf } from './kinds';
import {
  clean,
  langOf,
  LANGUAGE_TOGGLE,
  type Block,
  type PageBlocks,
  type PageLink,
  type PageMeta,
} from './blocks';

const BULLET = /^\s*(?:[•·▪◦‣*+-]|\d{1,2}[.)])\s+/;
const MD_LINK = /\[([^\]]+)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;
const MD_HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
/** "Duration: 1 hour" on a line of its own. */
const LABEL_LINE = /^([\p{L}][\p{L} '’/-]{1,40}):\s+\S/u;

/** `--- key: value ---` at the top of a Markdown export: its title, language and address. */
function frontMatter(md: string): { meta: Partial<PageMeta>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(md);
  if (!m) return { meta: {}, body: md };
  const fields = new Map<string, string>();
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^([A-Za-z_-]+)\s*:\s*(.*)$/.exec(line);
    if (kv) fields.set(kv[1].toLowerCase(), kv[2].trim().replace(/^["']|["']$/g, ''));
  }
  const url = fields.get('canonical') ?? fields.get('url') ?? fields.get('source');
  return {
    meta: {
      h1: fields.get('title') || undefined,
      lang: langOf(fields.get('lang') ?? fields.get('language')),
      url: url && /^https?:\/\//.test(url) ? url : undefined,
    },
    body: md.slice(m[0].length),
  };
}

function inlineMarkdown(
  text: string,
  links: PageLink[],
): { text: string; bold: boolean; label?: string } {
  const plain = text.replace(MD_LINK, (_m, t: string, url: string) => {
    links.push({ text: clean(t.replace(/(\*\*|__)/g, '')), url: url || null });
    return t;
  });
  const bold = /^\s*(\*\*|__)[^*_]+\1\s*:?\s*$/.test(plain);
  const label = /^\s*(\*\*|__)([^*_]{2,60}?)(?:\s*:\s*\1|\1\s*:)\s+\S/.exec(plain)?.[2];
  return {
    text: clean(
      plain.replace(/(\*\*|__)(.*?)\1/g, '$2').replace(/(^|\s)[*_]([^*_]+)[*_]/g, '$1$2'),
    ),
    bold,
    label,
  };
}

/** Splits lines into blocks: blank lines end paragraphs, bullets and labels stand alone. */
function lineBlocks(lines: string[], markdown: boolean, meta: Partial<PageMeta>): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const push = (kind: 'para' | 'bullet', raw: string, depth = 0) => {
    const links: PageLink[] = [];
    const { text, bold, label } = markdown
      ? inlineMarkdown(raw, links)
      : { text: clean(raw), bold: false, label: undefined };
    if (!text || LANGUAGE_TOGGLE.test(text)) return;
    const block: Block = { kind, text, links };
    if (kind === 'bullet') block.depth = depth;
    const plainLabel = LABEL_LINE.exec(text)?.[1];
    const found = label ?? (plainLabel && isInlineLabel(plainLabel) ? plainLabel : undefined);
    if (found) block.label = found;
    if (bold || (!markdown && standsAlone(text))) block.bold = true;
    if (links.length === 1 && links[0].text === text) block.onlyLink = true;
    blocks.push(block);
  };
  const end = () => {
    if (para.length) push('para', para.join(' '));
    para = [];
  };
  for (const line of lines) {
    const heading = markdown ? MD_HEADING.exec(line) : null;
    if (heading) {
      end();
      const links: PageLink[] = [];
      const text = inlineMarkdown(heading[2], links).text.replace(/\s*:$/, '');
      if (heading[1].length === 1 && !meta.h1) meta.h1 = text;
      blocks.push({ kind: 'heading', level: heading[1].length, text, links: [] });
    } else if (!line.trim()) end();
    else if (BULLET.test(line)) {
      end();
      const indent = /^\s*/.exec(line)![0].replace(/\t/g, '  ').length;
      push('bullet', line.replace(BULLET, ''), Math.floor(indent / 2) > 0 && markdown ? 1 : 0);
    } else if (LABEL_LINE.test(line.replace(/\*\*|__/g, '').trim()) && para.length === 0) {
      push('para', line);
    } else para.push(line.trim());
  }
  end();
  return blocks;
}

const CITATION = /\bdoi:|\bet al\.|\b(19|20)\d\d;\s*\d+/i;

/** A bold or stand-alone short line followed by content: a heading the page did not mark up. */
export function actsAsHeading(b: Block, next: Block | undefined): boolean {
  if (!b.bold || b.label || b.kind !== 'para' || b.onlyLink) return false;
  if (b.text.length > 80 || /[.;,]$/.test(b.text)) return false;
  if (/[:?]$/.test(b.text) || kindOf(b.text)) return true;
  if (!next || next.kind === 'heading' || CITATION.test(next.text)) return false;
  return !(next.bold && next.kind === 'para' && !next.label);
}

/** Plain text has no markup: stand-alone lines followed by content are its headings. */
function textHeadings(blocks: Block[]): Block[] {
  const out: Block[] = [];
  blocks.forEach((b, i) => {
    const afterHeading = out[out.length - 1]?.kind === 'heading';
    if (!afterHeading && actsAsHeading(b, blocks[i + 1])) {
      out.push({ kind: 'heading', level: 2, text: b.text.replace(/\s*:$/, ''), links: [] });
    } else out.push(b.bold ? { ...b, bold: undefined } : b);
  });
  return out;
}

/** A short line with no closing full stop, alone in its paragraph: it may be a heading. */
function standsAlone(text: string): boolean {
  return text.length <= 70 && text.split(' ').length <= 10 && !/[.,;]$/.test(text);
}

export function readMarkdown(md: string): PageBlocks {
  const { meta, body } = frontMatter(md.replace(/\r\n?/g, '\n'));
  const full: PageMeta = { alternates: {}, ...meta };
  const lines = body.split('\n');
  // Setext headings ("Title\n=====") become ATX ones.
  for (let i = 1; i < lines.length; i++) {
    if (/^\s*(=+|-{3,})\s*$/.test(lines[i]) && lines[i - 1].trim() && !BULLET.test(lines[i - 1])) {
      lines[i - 1] = `${lines[i].includes('=') ? '#' : '##'} ${lines[i - 1]}`;
      lines[i] = '';
    }
  }
  return { meta: full, blocks: lineBlocks(lines, true, full), notices: [] };
}

export function readText(text: string): PageBlocks {
  const meta: PageMeta = { alternates: {} };
  const blocks = lineBlocks(text.replace(/\r\n?/g, '\n').split('\n'), false, meta);
  return { meta, blocks: textHeadings(blocks), notices: [] };
}
