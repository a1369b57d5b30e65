import type { JudgedQuery } from './judged';
import { retrievalScores, type RetrievalScores } from './retrieval';

/** One system's rankings for a batch of judged questions: entry ids, best first. */
export type Rankings = ReadonlyMap<string, readonly string[]>;

export interface BatchFigures {
  grades: number[];
  /** Per grade: the bot's scores and BM25's. */
  bot: Map<number, RetrievalScores>;
  bm25: Map<number, RetrievalScores>;
  unranked: { bot: number; bm25: number };
}

export function batchFigures(
  queries: readonly JudgedQuery[],
  bot: Rankings,
  bm25: Rankings,
  grade: number,
): BatchFigures {
  const grades = [...new Set([grade, 2])];
  const unranked = (r: Rankings) => queries.filter((q) => !r.get(q.id)?.length).length;
  return {
    grades,
    bot: new Map(grades.map((g) => [g, retrievalScores(queries, bot, g)])),
    bm25: new Map(grades.map((g) => [g, retrievalScores(queries, bm25, g)])),
    unranked: { bot: unranked(bot), bm25: unranked(bm25) },
  };
}

const f3 = (x: number) => (Number.isNaN(x) ? '    -' : x.toFixed(3));

/** The figures as a table, the bot beside BM25 on the same knowledge and questions. */
export function formatBatch(f: BatchFigures, depth: number): string {
  const head = `${'system'.padEnd(34)} ${'relevant if'.padEnd(11)} ${'n'.padStart(4)}    MRR    MAP    P@1    R@5`;
  const rows: string[] = [];
  for (const g of f.grades) {
    for (const [name, scores] of [
      ['this bot (the ask --top path)', f.bot.get(g)!],
      ['BM25 (k1 1.2, b 0.75, q + answer)', f.bm25.get(g)!],
    ] as const) {
      rows.push(
        `${name.padEnd(34)} ${`grade>=${g}`.padEnd(11)} ${String(scores.n).padStart(4)}  ${f3(scores.mrr)}  ${f3(scores.map)}  ${f3(scores.p1)}  ${f3(scores.r5)}`,
      );
    }
  }
  const g = f.grades[0];
  const ratio = f.bot.get(g)!.mrr / f.bm25.get(g)!.mrr;
  return [
    `rankings cut at the first ${depth} entries for both systems`,
    head,
    ...rows,
    '',
    `MRR (grade>=${g}): this bot ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : '-'} BM25's`,
    `questions with no ranking: this bot ${f.unranked.bot}, BM25 ${f.unranked.bm25}`,
  ].join('\n');
}
