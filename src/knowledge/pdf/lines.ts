import { clean } from '../page/blocks';
import type { PdfItem } from './readPdf';

/** A line of text as printed: one baseline, one column. */
export interface Line {
  text: string;
  x: number;
  /** Where the words start after a bullet or number: wrapped lines align here. */
  textX: number;
  right: number;
  y: number;
  size: number;
  bold: boolean;
  page: number;
}

const BOLD_FONT = /bold|black|heavy|semibold|demi/i;
export const BULLET = /^\s*(?:[•●▪◦‣·∙○■□➢►-]|\d{1,2}[.)])\s+/;

function lineOf(its: PdfItem[], y: number, page: number): Line {
  let text = '';
  let end = -Infinity;
  for (const it of its) {
    const gap = it.x - end;
    if (text && gap > it.size * 0.2 && !/\s$/.test(text) && !/^\s/.test(it.s)) text += ' ';
    text += it.s;
    end = it.x + it.w;
  }
  const chars = its.reduce((n, i) => n + i.s.length, 0) || 1;
  const boldChars = its.filter((i) => BOLD_FONT.test(i.font)).reduce((n, i) => n + i.s.length, 0);
  const words = its.filter((i) => i.s.trim());
  const marker = words.length > 1 && BULLET.test(`${words[0].s.trim()} `);
  // "1. Do not eat..." in one run: the words start about where the marker's share of it ends.
  const inRun = !marker && words[0] ? BULLET.exec(words[0].s)?.[0].length : undefined;
  const runX = inRun ? words[0].x + (words[0].w * inRun) / words[0].s.length : undefined;
  return {
    text: clean(text),
    x: its[0].x,
    textX: marker ? words[1].x : (runX ?? its[0].x),
    right: end,
    y,
    size: Math.max(...its.map((i) => i.size)),
    bold: boldChars / chars > 0.6,
    page,
  };
}

/**
 * Rebuilds lines from positioned text runs: same baseline, left to right, a wide gap starting a
 * new column (a "Do / Do not" table is two columns, never one sentence).
 */
export function linesOf(items: PdfItem[], page: number): Line[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: { items: PdfItem[]; y: number }[] = [];
  for (const it of sorted) {
    const row = rows.find((l) => Math.abs(l.y - it.y) < Math.max(2, it.size * 0.4));
    if (row) row.items.push(it);
    else rows.push({ items: [it], y: it.y });
  }
  // Cells are told apart by a wide gap; once a column's left edge is known, a narrower gap
  // before a run starting exactly there splits too (a cell that nearly fills its width).
  const wide = (it: PdfItem, end: number) => it.x - end > Math.max(12, it.size * 1.5);
  const columns = new Map<number, number>();
  for (const { items: its } of rows) {
    its.sort((a, b) => a.x - b.x);
    let end = -Infinity;
    for (const it of its) {
      if (it.s.trim() && end > -Infinity && wide(it, end))
        columns.set(Math.round(it.x), (columns.get(Math.round(it.x)) ?? 0) + 1);
      if (it.s.trim()) end = it.x + it.w;
    }
  }
  const edges = [...columns].filter(([, n]) => n >= 2).map(([x]) => x);
  const atEdge = (it: PdfItem, end: number) =>
    it.x - end > 3 && edges.some((x) => Math.abs(it.x - x) <= 3);
  const lines: Line[] = [];
  for (const { items: its, y } of rows) {
    let cell: PdfItem[] = [];
    let end = -Infinity;
    for (const it of its) {
      if (cell.length && it.s.trim() && (wide(it, end) || atEdge(it, end))) {
        lines.push(lineOf(cell, y, page));
        cell = [];
      }
      cell.push(it);
      if (it.s.trim()) end = it.x + it.w;
    }
    if (cell.length) lines.push(lineOf(cell, y, page));
  }
  return inColumns(lines.filter((l) => l.text));
}

/**
 * Where a page has two columns side by side, the left column is read to its end before the
 * right one, as a person reads a table of two lists.
 */
function inColumns(lines: Line[]): Line[] {
  const left = Math.min(...lines.map((l) => l.x));
  const starts = new Map<number, number>();
  lines.forEach((l, i) => {
    const prev = lines[i - 1];
    if (prev && prev.y === l.y && l.x > left + 120)
      starts.set(Math.round(l.x), (starts.get(Math.round(l.x)) ?? 0) + 1);
  });
  const col = [...starts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1])[0]?.[0];
  if (col === undefined) return lines;
  const inRight = (l: Line) => Math.abs(l.x - col) < 6;
  const sharesRow = (l: Line) =>
    lines.some((o) => o !== l && o.y === l.y && (inRight(o) || inRight(l)));
  const first = lines.findIndex((l) => inRight(l) && sharesRow(l));
  let last = first;
  for (let i = first; i < lines.length; i++) {
    const l = lines[i];
    if (inRight(l) || sharesRow(l) || l.right < col - 6) {
      if (inRight(l) || sharesRow(l)) last = i;
    } else break;
  }
  // A left cell that wraps below the right column's last line still belongs to its column.
  for (let i = last + 1; i < lines.length; i++) {
    const [l, prev] = [lines[i], lines[i - 1]];
    const wrapped =
      l.right < col - 6 && !l.bold && l.page === prev.page && prev.y - l.y <= l.size * 1.6;
    if (!wrapped || l.x > Math.min(...lines.slice(first, last + 1).map((r) => r.x)) + 20) break;
    last = i;
  }
  const region = lines.slice(first, last + 1);
  const before = lines
    .slice(0, first)
    .filter((l) => l.y > region[0].y + 1 || l.page !== region[0].page);
  const headRow = lines.slice(0, first).filter((l) => !before.includes(l));
  const all = [...headRow, ...region];
  return [
    ...before,
    ...all.filter((l) => !inRight(l) && l.x < col - 6),
    ...all.filter((l) => inRight(l) || l.x >= col - 6),
    ...lines.slice(last + 1),
  ];
}
