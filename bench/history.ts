import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FieldCipher } from '../src/storage/crypto';
import { openSqliteStore } from '../src/storage/open';
import { SEARCH_SCAN, SqlHistoryStore } from '../src/storage/sql/historyStore';

// `npm run bench:history`: the console's history on a clinic's year, patients' words sealed with
// DATA_KEY (AES-256-GCM) on SQLite. A text search opens the words in the service, so its cost
// grows with the conversations it reads (at most SEARCH_SCAN a request). Figures, not pass/fail.

const CONVERSATIONS = 20_000;
const LINES = 6;
const SAID = [
  'how long does the procedure take',
  'The duration of the Impella procedure is variable: it is different for each patient.',
  'can I eat before it',
  "That's a question about your own care, so I've passed it to our clinical staff.",
  '¿cuánto tiempo dura?',
  'La duración del procedimiento Impella es variable.',
];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'faqbot-bench-history-'));
  const store = openSqliteStore(
    join(dir, 'history.sqlite'),
    new FieldCipher(`k1:${FieldCipher.newKey()}`),
  );
  await store.ping();
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  let t = performance.now();
  for (let batch = 0; batch < CONVERSATIONS; batch += 500) {
    await store.sql.tx(async (q) => {
      for (let i = batch; i < batch + 500; i++) {
        const at = new Date(start + i * 1_500_000).toISOString();
        await q.run(
          'INSERT INTO conversations (id, channel, created_at, lang) VALUES (?, ?, ?, ?)',
          [
            `c_${String(i).padStart(6, '0')}`,
            i % 3 ? 'directline' : 'sms',
            at,
            i % 4 ? 'en' : 'es',
          ],
        );
        for (let l = 0; l < LINES; l++)
          await q.run(
            'INSERT INTO transcript (conversation_id, at, sender, text) VALUES (?, ?, ?, ?)',
            [
              `c_${String(i).padStart(6, '0')}`,
              at,
              l % 2 ? 'bot' : 'patient',
              store.fields.seal(
                i === 7 && l === 0 ? 'my grandson Bartholomew will drive me' : SAID[l],
              ),
            ],
          );
      }
    });
  }
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(
    `${CONVERSATIONS} conversations, ${CONVERSATIONS * LINES} sealed lines, filled in ${Math.round(performance.now() - t)} ms`,
  );
  const history = new SqlHistoryStore(store.sql, store.fields);
  const time = async (label: string, f: Parameters<SqlHistoryStore['history']>[0]) => {
    const runs: number[] = [];
    let last = await history.history(f);
    for (let r = 0; r < 5; r++) {
      t = performance.now();
      last = await history.history(f);
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    out(
      `${label.padEnd(52)} median ${runs[2].toFixed(1)} ms (${last.items.length} found, ${last.scanned} read)`,
    );
  };
  await time('newest page of 25, no filter', { limit: 25 });
  await time('newest page of 25, Spanish SMS', { limit: 25, lang: 'es', channel: 'sms' });
  await time('words in every conversation ("cuánto")', { limit: 25, text: 'cuanto' });
  await time(`words in none: reads the cap (${SEARCH_SCAN})`, {
    limit: 25,
    text: 'nothing like this',
  });
  await time('words in one old conversation, from its week', {
    limit: 25,
    text: 'bartholomew',
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-01-08T00:00:00.000Z',
  });
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
