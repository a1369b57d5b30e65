import type { JudgedQuery } from './judged';

/** Ranking quality at one relevance threshold, averaged over the questions that have any. */
export interface RetrievalScores {
  /** Questions with at least one entry at or above the grade. */
  n: number;
  map: number;
  mrr: number;
  p1: number;
  r5: number;
}

/**
 * The measures of the development copy's score.py (MAP, MRR, P@1, R@5 over the whole ranking
 * given; a repeated id counts once, at its first place), so that figures agree with it.
 */
export function retrievalScores(
  queries: readonly JudgedQuery[],
  rankings: ReadonlyMap<string, readonly string[]>,
  minGrade: number,
): RetrievalScores {
  const sum = { map: 0, mrr: 0, p1: 0, r5: 0 };
  let n = 0;
  for (const q of queries) {
    const relevant = new Set([...q.grades].filter(([, g]) => g >= minGrade).map(([id]) => id));
    if (relevant.size === 0) continue;
    n += 1;
    const ranked = [...new Set(rankings.get(q.id) ?? [])];
    let hits = 0;
    let ap = 0;
    let rr = 0;
    ranked.forEach((id, i) => {
      if (!relevant.has(id)) return;
      hits += 1;
      ap += hits / (i + 1);
      if (!rr) rr = 1 / (i + 1);
    });
    sum.map += ap / relevant.size;
    sum.mrr += rr;
    sum.p1 += ranked.length && relevant.has(ranked[0]) ? 1 : 0;
    sum.r5 += ranked.slice(0, 5).filter((id) => relevant.has(id)).length / relevant.size;
  }
  const avg = (x: number) => (n ? x / n : NaN);
  return { n, map: avg(sum.map), mrr: avg(sum.mrr), p1: avg(sum.p1), r5: avg(sum.r5) };
}
