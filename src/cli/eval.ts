import { join } from 'node:path';
import { assembleBot, type Assembled } from '../core/assemble';
import { InProcessConversation } from '../bot/inProcess';
import { parseEvalArgs, type EvalArgs } from './args';
import { batchReport, runBatchTest } from './batchTest';
import { loadConfig } from '../config';
import { bm25Baseline, fuseBaseline } from '../evaluation/baselines';
import { calibrationTable } from '../evaluation/calibration';
import { readJudgedQueries } from '../evaluation/judged';
import {
  formatTable,
  missedActions,
  readLabelled,
  score,
  type Labelled,
  type Predicted,
} from '../evaluation/labelled';
import { ROOT } from '../paths';
import { evalSites } from './evalSite';

const SETS = [
  ['tuning set: the matcher and word lists were adjusted on it', 'patient-messages.jsonl'],
  ['held-out set: written separately (its two missed emergencies were read once)', 'holdout.jsonl'],
  ['fresh set: written last, never read by the developer', 'fresh.jsonl'],
  [
    'safety set: emergencies and alarming non-emergencies (the safety lists were tuned on it)',
    'safety.jsonl',
  ],
] as const;
const DIR = join(ROOT, 'test', 'fixtures', 'eval');

async function runBot(app: Assembled, items: Labelled[]): Promise<Predicted[]> {
  const out: Predicted[] = [];
  for (const item of items) {
    const conversation = new InProcessConversation(
      app.bot,
      app.store,
      `eval-${item.id}`,
      item.channel,
    );
    const { turn } = await conversation.say(item.text);
    out.push({
      action: turn?.action ?? null,
      lang: turn?.lang ?? null,
      entryId: turn?.entryId ?? null,
      confidence: turn?.confidence ?? null,
    });
  }
  return out;
}

/** `--kb FILE --queries FILE.jsonl`: a clinic's own knowledge and judged questions. */
async function batch(args: EvalArgs): Promise<void> {
  const queries = readJudgedQueries(args.queries!);
  const app = await assembleBot({ ...loadConfig(), LOG_LEVEL: 'silent' }, args.kb);
  const run = await runBatchTest(app, queries, args.grade);
  const entries = app.services.matcher.entries.length;
  process.stdout.write(`${batchReport(run, args.kb, args.queries!, entries)}\n`);
}

async function main(): Promise<void> {
  const args = parseEvalArgs(process.argv.slice(2));
  if (args.kb.length) return batch(args);
  const app = await assembleBot({ ...loadConfig(), LOG_LEVEL: 'silent' });
  const baselines = [
    fuseBaseline(app.services.matcher.entries),
    bm25Baseline(app.services.matcher.entries),
  ];
  for (const [title, file] of SETS) {
    const items = readLabelled(join(DIR, file));
    const predicted = await runBot(app, items);
    process.stdout.write(`\n=== ${title}: ${file}, ${items.length} messages ===\n\n`);
    process.stdout.write(
      `${formatTable('this bot (npm run ask path: safety + matcher + dialogs)', score(items, predicted))}\n\n`,
    );
    process.stdout.write(`${missedActions(items, predicted)}\n\n`);
    process.stdout.write(`${calibrationTable(items, predicted)}\n\n`);
    for (const b of baselines) {
      const rows = score(
        items,
        items.map((i) => b.predict(i.text)),
        false,
      );
      process.stdout.write(
        `${formatTable(`baseline: ${b.name} (no safety, no language)`, rows, false)}\n\n`,
      );
    }
  }
  await evalSites((s) => process.stdout.write(s));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
