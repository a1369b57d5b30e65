import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleBot } from '../../src/core/assemble';
import { runBatchTest, type BatchRun } from '../../src/cli/batchTest';
import { loadConfig } from '../../src/config';
import { readJudgedQueries, type JudgedQuery } from '../../src/evaluation/judged';
import { plainBm25 } from '../../src/evaluation/plainBm25';
import { retrievalScores } from '../../src/evaluation/retrieval';
import type { Entry } from '../../src/knowledge/types';

// The development copy of the consumer-health set (104 LiveQA questions judged against a
// 6,161-row MedQuAD export) lives beside the project, not in it. Without it (or without
// python3 for its baseline) these checks cannot run: they are skipped, and say why.
const DIR =
  process.env.CONSUMER_HEALTH_DIR ??
  join(__dirname, '..', '..', '..', 'shared', 'eval', 'consumer-health');
const missing = ['kb.tsv', 'queries.jsonl', 'baseline_bm25.py', 'score.py'].filter(
  (f) => !existsSync(join(DIR, f)),
);
const python = spawnSync('python3', ['--version']).status === 0;
const why = missing.length
  ? `${missing.join(', ')} not in ${DIR} (set CONSUMER_HEALTH_DIR to its folder)`
  : python
    ? ''
    : 'python3 is not installed (the baseline is a Python script)';
if (why) process.stderr.write(`consumer-health checks skipped: ${why}\n`);
const withDevCopy = why ? describe.skip : describe;

function python3(script: string, args: string[]): string {
  const run = spawnSync('python3', [join(DIR, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) throw new Error(`${script}: ${run.stderr}`);
  return run.stdout;
}

withDevCopy('the consumer-health development copy', () => {
  let queries: JudgedQuery[];
  let entries: readonly Entry[];
  let bot: BatchRun;

  beforeAll(async () => {
    queries = readJudgedQueries(join(DIR, 'queries.jsonl'));
    const app = await assembleBot(loadConfig({}), [join(DIR, 'kb.tsv')]);
    entries = app.services.matcher.entries;
    bot = await runBatchTest(app, queries, 3);
  }, 120_000);

  test('BM25 in TypeScript ranks exactly as baseline_bm25.py, and scores as score.py', () => {
    const run = python3('baseline_bm25.py', ['--top', '100']);
    const theirs = new Map(
      run
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; ranked: number[] })
        .map((o) => [o.id, o.ranked.map(String)]),
    );
    const bm25 = plainBm25(entries);
    const ours = new Map(queries.map((q) => [q.id, bm25.rank(q.text, 100)]));
    expect(ours).toEqual(theirs);
    const file = join(mkdtempSync(join(tmpdir(), 'bm25-')), 'run.jsonl');
    writeFileSync(file, run);
    const scored = JSON.parse(python3('score.py', [file, '--json'])) as Record<
      string,
      { MAP: number; MRR: number; 'P@1': number; 'R@5': number }
    >;
    for (const grade of [2, 3, 4]) {
      const s = retrievalScores(queries, ours, grade);
      const p = scored[`grade>=${grade}`];
      expect([s.map, s.mrr, s.p1, s.r5]).toEqual(
        [p.MAP, p.MRR, p['P@1'], p['R@5']].map((x) => expect.closeTo(x, 10)),
      );
    }
  });

  test('the bot ranks every question, MRR at least 1.25 times BM25’s and P@1 above it', () => {
    const { bot: ours, bm25, unranked } = bot.figures;
    expect(unranked.bot).toBe(0);
    expect(ours.get(3)!.mrr).toBeGreaterThanOrEqual(1.25 * bm25.get(3)!.mrr);
    expect(ours.get(3)!.p1).toBeGreaterThan(bm25.get(3)!.p1);
  });
});
