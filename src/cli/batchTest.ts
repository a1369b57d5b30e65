import { basename } from 'node:path';
import type { Assembled } from '../core/assemble';
import { InProcessConversation } from '../bot/inProcess';
import { batchFigures, formatBatch, type BatchFigures } from '../evaluation/batch';
import type { JudgedQuery } from '../evaluation/judged';
import { plainBm25 } from '../evaluation/plainBm25';

/** Rankings are compared over their first ten entries: what `ask --top 10` lists. */
export const DEPTH = 10;

export interface BatchRun {
  figures: BatchFigures;
  /** The bot's rankings by question id, as `ask --top` gives them. */
  rankings: Map<string, string[]>;
  actions: Map<string, number>;
}

/**
 * A clinic's batch test: each judged question goes through the real bot in process (a new
 * conversation each, on the web channel, as `ask --jsonl` runs it) and its ranking is scored
 * beside plain BM25's on the same knowledge.
 */
export async function runBatchTest(
  app: Assembled,
  queries: JudgedQuery[],
  grade: number,
): Promise<BatchRun> {
  const rankings = new Map<string, string[]>();
  const actions = new Map<string, number>();
  for (const q of queries) {
    const conversation = new InProcessConversation(app.bot, app.store, `batch-${q.id}`, 'web');
    const { turn } = await conversation.say(q.text);
    rankings.set(
      q.id,
      (turn?.ranked ?? []).slice(0, DEPTH).map((r) => r.id),
    );
    const action = turn?.action ?? 'none';
    actions.set(action, (actions.get(action) ?? 0) + 1);
  }
  const bm25 = plainBm25(app.services.matcher.entries);
  const baseline = new Map(queries.map((q) => [q.id, bm25.rank(q.text, DEPTH)]));
  return { figures: batchFigures(queries, rankings, baseline, grade), rankings, actions };
}

export function batchReport(
  run: BatchRun,
  kbFiles: string[],
  queriesFile: string,
  entries: number,
): string {
  const actions = [...run.actions].map(([a, n]) => `${a} ${n}`).join(', ');
  return [
    `batch test: ${[...run.rankings.keys()].length} questions (${basename(queriesFile)}) against ${entries} entries (${kbFiles.map((f) => basename(f)).join(', ')})`,
    '',
    formatBatch(run.figures, DEPTH),
    `what the bot did: ${actions}`,
  ].join('\n');
}
