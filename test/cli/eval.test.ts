import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { batchFigures, formatBatch } from '../../src/evaluation/batch';
import { readJudgedQueries } from '../../src/evaluation/judged';
import { plainBm25 } from '../../src/evaluation/plainBm25';
import { loadKnowledgeFiles } from '../../src/knowledge/load';

// Each run of the real CLI loads the word lists and the knowledge (a few seconds): few runs.
const ROOT = join(__dirname, '..', '..');
const TSV = join('test', 'fixtures', 'ask', 'qna-export.tsv');
const QUESTIONS = join('test', 'fixtures', 'eval', 'batch-questions.jsonl');

function cli(script: 'eval' | 'ask', args: string[], input = '') {
  const run = spawnSync(
    join('node_modules', '.bin', 'tsx'),
    [join('src', 'cli', `${script}.ts`), ...args],
    {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run eval -- --kb FILE --queries FILE.jsonl (a clinic’s batch test)', () => {
  const queries = readJudgedQueries(join(ROOT, QUESTIONS));
  let batch: ReturnType<typeof cli>;
  let asked: Map<string, string[]>;

  beforeAll(() => {
    batch = cli('eval', ['--kb', TSV, '--queries', QUESTIONS]);
    const lines = queries.map((q) => JSON.stringify({ id: q.id, text: q.text, channel: 'web' }));
    const ask = cli('ask', ['--jsonl', '--kb', TSV, '--top', '10'], `${lines.join('\n')}\n`);
    asked = new Map(
      ask.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; ranked: { id: string }[] })
        .map((o) => [o.id, o.ranked.map((r) => r.id)]),
    );
  });

  test('prints the bot’s MRR, MAP, P@1 and R@5 beside BM25’s, at grade 3 and 2', () => {
    expect(batch.status).toBe(0);
    expect(batch.stdout).toContain('6 questions (batch-questions.jsonl) against 4 entries');
    for (const grade of ['grade>=3', 'grade>=2']) {
      expect(batch.stdout).toMatch(new RegExp(`this bot .* ${grade} .*\\n.*BM25 .* ${grade} `));
    }
  });

  test('scores exactly the rankings ask --top 10 gives, and BM25’s on the same knowledge', async () => {
    const entries = (
      await loadKnowledgeFiles([join(ROOT, TSV)], {
        smsLenient: true,
        smsSegments: 3,
      })
    ).entries;
    const bm25 = plainBm25(entries);
    const expected = batchFigures(
      queries,
      asked,
      new Map(queries.map((q) => [q.id, bm25.rank(q.text, 10)])),
      3,
    );
    expect(batch.stdout).toContain(formatBatch(expected, 10));
  });

  test('counts the questions left without a ranking, and what the bot did', () => {
    expect(batch.stdout).toMatch(/questions with no ranking: this bot 0, BM25 \d+/);
    expect(batch.stdout).toMatch(/what the bot did: .*emergency 1/);
  });

  test.each([
    [['--kb', TSV], 'needs both --kb FILE and --queries FILE.jsonl'],
    [['--queries', QUESTIONS], 'needs both --kb FILE and --queries FILE.jsonl'],
    [['--kb', TSV, '--queries', QUESTIONS, '--grade', '7'], '--grade needs 1, 2, 3 or 4'],
    [['--kb', TSV, '--queries', TSV], 'qna-export.tsv:1: not JSON'],
  ])('%j stops with a message that says what is wrong', (args, message) => {
    const run = cli('eval', args);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });
});
