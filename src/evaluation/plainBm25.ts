import type { Entry } from '../knowledge/types';
import { LANGS } from '../knowledge/types';

// The development copy's baseline_bm25.py word for word (its stopwords, its tokens, k1 1.2,
// b 0.75 over question + answer), so that a clinic's batch test sets the bot beside the same
// textbook BM25 the project is measured against.
const STOP = new Set(
  `a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her
here hers him his how i if in into is it its itself just me more most my myself no nor not now of off on once only
or other our out over own same she should so some such than that the their them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
yours im ive dont cant thank thanks please hi hello`.split(/\s+/),
);
const K1 = 1.2; // k1 + 1 is written 2.2 below, as the baseline does, so sums agree to the last bit
const B = 0.75;

function tokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((t) => !STOP.has(t));
}

/** An entry's text as the baseline reads it: its questions, then its answer, in every language. */
function entryText(e: Entry): string {
  const parts: string[] = [];
  for (const lang of LANGS) parts.push(...(e.questions[lang] ?? []));
  for (const lang of LANGS) if (e.answer[lang]) parts.push(e.answer[lang]!);
  return parts.join(' ');
}

export interface PlainBm25 {
  /** Entry ids, best first (ties in knowledge order, as the baseline's sort). */
  rank(text: string, n: number): string[];
}

export function plainBm25(entries: readonly Entry[]): PlainBm25 {
  const counts = entries.map((e) => {
    const c = new Map<string, number>();
    for (const t of tokens(entryText(e))) c.set(t, (c.get(t) ?? 0) + 1);
    return c;
  });
  const lengths = counts.map((c) => [...c.values()].reduce((a, b) => a + b, 0));
  const avgdl = lengths.reduce((a, b) => a + b, 0) / Math.max(1, entries.length);
  const postings = new Map<string, [doc: number, weight: number][]>();
  counts.forEach((c, d) => {
    for (const [t, tf] of c) {
      const w = (tf * 2.2) / (tf + K1 * (1 - B + (B * lengths[d]) / avgdl));
      const list = postings.get(t);
      if (list) list.push([d, w]);
      else postings.set(t, [[d, w]]);
    }
  });
  const n = entries.length;
  return {
    rank(text, top) {
      const score = new Map<number, number>();
      for (const t of new Set(tokens(text))) {
        const list = postings.get(t);
        if (!list) continue;
        const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
        for (const [d, w] of list) score.set(d, (score.get(d) ?? 0) + idf * w);
      }
      return [...score]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, top)
        .map(([d]) => entries[d].id);
    },
  };
}
