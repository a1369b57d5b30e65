import { readFileSync } from 'node:fs';
import type { Action } from '../storage/types';
import type { Lang } from '../knowledge/types';

export interface Labelled {
  id: string;
  category: string;
  channel: 'sms' | 'web';
  text: string;
  expected: { action: Action; lang: Lang; entryId: string | null };
}

export interface Predicted {
  action: Action | null;
  lang: Lang | null;
  entryId: string | null;
  confidence: number | null;
}

export function readLabelled(file: string): Labelled[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);
}

interface Tally {
  n: number;
  action: number;
  inScope: number;
  entry: number;
  lang: number;
}

export interface Row {
  category: string;
  n: number;
  action: number;
  /** Entry accuracy over the messages that expect an answer; NaN when there are none. */
  entry: number;
  lang: number;
}

/**
 * Accuracy by category: action, entry (where an answer is expected) and language. `rightAnswer`
 * says whether message i got the right answer, where that is not a matter of entry ids (the
 * site set checks the clinic's words in the answer).
 */
export function score(
  items: Labelled[],
  predicted: Predicted[],
  withLang = true,
  rightAnswer?: (i: number) => boolean,
): Row[] {
  const tallies = new Map<string, Tally>();
  const add = (key: string, item: Labelled, p: Predicted, i: number) => {
    const t = tallies.get(key) ?? { n: 0, action: 0, inScope: 0, entry: 0, lang: 0 };
    t.n += 1;
    if (p.action === item.expected.action) t.action += 1;
    if (item.expected.entryId) {
      t.inScope += 1;
      const right = rightAnswer ? rightAnswer(i) : p.entryId === item.expected.entryId;
      if (right && p.action === 'answer') t.entry += 1;
    }
    if (!withLang || p.lang === item.expected.lang) t.lang += 1;
    tallies.set(key, t);
  };
  items.forEach((item, i) => {
    add(item.category, item, predicted[i], i);
    if (item.expected.entryId) add(`in-scope ${item.expected.lang}`, item, predicted[i], i);
    add('ALL', item, predicted[i], i);
  });
  // Categories in the file's order, then the in-scope summaries, then everything.
  const rank = (c: string) => (c === 'ALL' ? 2 : c.startsWith('in-scope') ? 1 : 0);
  const ordered = [...tallies].sort((a, b) => rank(a[0]) - rank(b[0]));
  return ordered.map(([category, t]) => ({
    category,
    n: t.n,
    action: t.action / t.n,
    entry: t.inScope ? t.entry / t.inScope : NaN,
    lang: t.lang / t.n,
  }));
}

const pct = (x: number) => (Number.isNaN(x) ? '   -' : `${(x * 100).toFixed(0).padStart(3)}%`);

export function formatTable(title: string, rows: Row[], withLang = true): string {
  const head = `${'category'.padEnd(18)} ${'n'.padStart(4)}  action   entry${withLang ? '    lang' : ''}`;
  const body = rows.map(
    (r) =>
      `${r.category.padEnd(18)} ${String(r.n).padStart(4)}    ${pct(r.action)}    ${pct(r.entry)}${withLang ? `    ${pct(r.lang)}` : ''}`,
  );
  return [title, head, ...body].join('\n');
}

/**
 * Where the actions went wrong, per category: "answer→escalate 3" means three messages that
 * should have been answered went to staff. Counts only, so a held-out set can be read this way
 * without reading its messages.
 */
export function missedActions(items: Labelled[], predicted: Predicted[]): string {
  const byCategory = new Map<string, Map<string, number>>();
  items.forEach((item, i) => {
    const got = predicted[i].action ?? 'none';
    if (got === item.expected.action) return;
    const misses = byCategory.get(item.category) ?? new Map<string, number>();
    const key = `${item.expected.action}→${got}`;
    misses.set(key, (misses.get(key) ?? 0) + 1);
    byCategory.set(item.category, misses);
  });
  if (byCategory.size === 0) return 'missed actions: none';
  const lines = [...byCategory].map(
    ([category, misses]) =>
      `  ${category.padEnd(18)} ${[...misses].map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );
  return ['missed actions (expected→given, count):', ...lines].join('\n');
}
