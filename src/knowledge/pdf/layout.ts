import { clean } from '../page/blocks';
import { BULLET, linesOf, type Line } from './lines';
import type { RawPdf } from './readPdf';

/** A part of an instruction sheet: its sub-heading and its instructions, in the clinic's words. */
export interface DocGroup {
  heading: string | null;
  items: string[];
}

export interface ReadDocument {
  title?: string;
  groups: DocGroup[];
}

/** Form numbers, revision dates and page numbers: print furniture, not instructions. */
const FURNITURE =
  /^(form\b|rev(\.|ision)?\s*\d|revised\b|page \d+( of \d+)?$|p[aá]gina \d+)|\bform\s+[A-Z0-9][A-Z0-9-]{3,}|^\d+$/i;

/** The size most characters are set in: the body text. */
function bodySize(lines: Line[]): number {
  const bySize = new Map<number, number>();
  for (const l of lines)
    bySize.set(Math.round(l.size), (bySize.get(Math.round(l.size)) ?? 0) + l.text.length);
  return [...bySize].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 11;
}

function isHeading(l: Line, body: number, bodyBold: boolean): boolean {
  if (l.text.length > 90 || /[.,;]$/.test(l.text) || BULLET.test(l.text)) return false;
  return l.size >= body * 1.08 || (l.bold && !bodyBold);
}

/** Lines printed on most pages (letterhead, footer) say nothing about the procedure. */
function repeated(pages: Line[][]): Set<string> {
  const count = new Map<string, number>();
  for (const lines of pages) {
    for (const t of new Set(lines.map((l) => l.text.replace(/\d+/g, '#'))))
      count.set(t, (count.get(t) ?? 0) + 1);
  }
  const min = Math.max(2, Math.ceil(pages.length / 2));
  return new Set([...count].filter(([, n]) => pages.length > 1 && n >= min).map(([t]) => t));
}

interface Body {
  lines: Line[];
  title?: string;
  size: number;
  bold: boolean;
}

/** The lines that carry instructions: letterhead, title, captions, footers and form numbers out. */
function bodyLines(raw: RawPdf): Body {
  const pages = raw.pages.map((p, i) => linesOf(p.items, i));
  const rep = repeated(pages);
  let lines = pages
    .flat()
    .filter((l) => !rep.has(l.text.replace(/\d+/g, '#')) && !FURNITURE.test(l.text));
  const size = bodySize(lines);
  const bold = lines.filter((l) => Math.round(l.size) === size).every((l) => l.bold);
  // The title is the largest heading on the first page; what is printed above it is letterhead.
  const first = lines.filter((l) => l.page === 0 && isHeading(l, size, bold));
  const titleLine = first.sort((a, b) => b.size - a.size || b.y - a.y)[0];
  let title = titleLine?.text;
  if (titleLine) {
    lines = lines.filter((l) => l.page > 0 || l.y < titleLine.y);
    // A title set on two lines: the second, as large, right below, is the title's too.
    while (lines[0] && lines[0].page === 0 && Math.abs(lines[0].size - titleLine.size) < 0.5) {
      title = `${title} ${lines.shift()!.text}`;
    }
  }
  // Small print before the first heading (a caption under the title) or after the last
  // instruction (a footer) is not an instruction; small print in a table is.
  const small = (l: Line) => l.size < size * 0.93;
  const firstHeading = lines.findIndex((l) => isHeading(l, size, bold));
  const lastNormal = lines.reduce((n, l, i) => (small(l) ? n : i), -1);
  lines = lines.filter(
    (l, i) => !small(l) || (i > firstHeading && firstHeading >= 0 && i < lastNormal),
  );
  return { lines, title, size, bold };
}

/**
 * An instruction sheet as the clinic printed it: the title, then each sub-heading with its
 * instructions, wrapped lines joined back into sentences, letterhead and footer left out.
 */
export function layoutPdf(raw: RawPdf): ReadDocument {
  const body = bodyLines(raw);
  const layout = {
    right: Math.max(...body.lines.map((l) => l.right)),
    body: body.size,
    gap: lineGap(body.lines),
  };
  const groups: DocGroup[] = [];
  let group: DocGroup = { heading: null, items: [] };
  let prev: Line | undefined;
  let indent: number | undefined;
  for (const l of body.lines) {
    const heading = isHeading(l, body.size, body.bold);
    // A heading, or a paragraph set back out to the margin after a list, ends the group.
    if (
      heading ||
      (indent !== undefined && l.x < indent - 4 && !(prev && continues(prev, l, layout)))
    ) {
      if (group.items.length || group.heading) groups.push(group);
      group = { heading: heading ? l.text.replace(/:$/, '') : null, items: [] };
      prev = undefined;
      indent = undefined;
      if (heading) continue;
    }
    indent ??= l.x;
    if (prev && continues(prev, l, layout)) {
      const last = group.items.length - 1;
      group.items[last] = /-$/.test(group.items[last])
        ? group.items[last] + l.text
        : `${group.items[last]} ${l.text}`;
    } else group.items.push(l.text.replace(BULLET, ''));
    prev = l;
  }
  if (group.items.length || group.heading) groups.push(group);
  return {
    title: clean(raw.title ?? '') || body.title,
    groups: groups.filter((g) => g.items.length),
  };
}

/** The usual distance between two lines of one paragraph. */
function lineGap(lines: Line[]): number {
  const gaps = lines
    .slice(1)
    .map((l, i) => ({
      gap: lines[i].y - l.y,
      same: lines[i].page === l.page && Math.abs(lines[i].size - l.size) < 0.5,
    }))
    .filter((g) => g.same && g.gap > 0)
    .map((g) => g.gap);
  return gaps.length ? Math.min(...gaps) : Infinity;
}

/**
 * A wrapped line: it starts where the block does, close below it, and the line before ran to
 * the margin (or stopped mid-sentence).
 */
function continues(prev: Line, l: Line, o: { right: number; body: number; gap: number }): boolean {
  if (BULLET.test(l.text) || l.page !== prev.page) return false;
  if (Math.abs(l.size - prev.size) > 0.5 || prev.y - l.y > o.body * 1.9) return false;
  if (l.x > Math.max(prev.x, prev.textX) + 2 || l.x < prev.x - 2) return false;
  // Mid-sentence: a line that ran to the margin goes on, or one that goes on in lower case.
  const full = prev.right >= o.right - o.body * 2.5;
  if (!/[.!?:]$/.test(prev.text)) return full || /^[a-z(]/.test(l.text);
  return full && prev.y - l.y <= o.gap + 0.5;
}
