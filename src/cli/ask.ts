import { createInterface } from 'node:readline';
import { assembleBot, type Assembled } from '../core/assemble';
import { InProcessConversation, type Channel, type Reply } from '../bot/inProcess';
import { loadConfig } from '../config';
import { KnowledgeError } from '../knowledge/errors';
import { parseAskArgs, type AskArgs } from './args';

interface Line {
  id?: unknown;
  text?: unknown;
  channel?: unknown;
}

/** What the bot said: its messages and, as a line of their own, any choices it offered. */
function spoken(replies: Reply[]): string {
  return replies
    .map((r) =>
      r.suggestedActions.length
        ? `${r.text}\n${r.suggestedActions.map((a) => `[${a}]`).join(' ')}`
        : r.text,
    )
    .join('\n');
}

async function answerLine(app: Assembled, raw: string, n: number, top: number): Promise<object> {
  let line: Line;
  try {
    line = JSON.parse(raw) as Line;
  } catch {
    process.stderr.write(`line ${n} is not JSON; answered with an empty turn\n`);
    return { id: null, action: null, lang: null, text: '', entryId: null, confidence: null };
  }
  const id = line.id === undefined || line.id === null ? String(n) : String(line.id);
  const channel: Channel = line.channel === 'sms' ? 'sms' : 'web';
  const text = typeof line.text === 'string' ? line.text : '';
  const conversation = new InProcessConversation(app.bot, app.store, `ask-${n}-${id}`, channel);
  const { replies, turn } = await conversation.say(text);
  const out: Record<string, unknown> = {
    id: line.id ?? null,
    action: turn?.action ?? null,
    lang: turn?.lang ?? null,
    text: spoken(replies),
    entryId: turn?.entryId ?? null,
    confidence: turn?.entryId ? turn.confidence : null,
  };
  if (top) out.ranked = (turn?.ranked ?? []).slice(0, top);
  return out;
}

async function runJsonl(app: Assembled, args: AskArgs): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    if (!raw.trim()) continue;
    n += 1;
    process.stdout.write(`${JSON.stringify(await answerLine(app, raw, n, args.top))}\n`);
  }
}

async function main(): Promise<void> {
  const args = parseAskArgs(process.argv.slice(2));
  const app = await assembleBot({ ...loadConfig(), LOG_LEVEL: 'silent' }, args.kb);
  if (args.jsonl) return runJsonl(app, args);
  const conversation = new InProcessConversation(app.bot, app.store, 'ask', 'web');
  const { replies, turn } = await conversation.say(args.question);
  process.stdout.write(`${spoken(replies)}\n`);
  if (args.top) {
    for (const r of (turn?.ranked ?? []).slice(0, args.top))
      process.stderr.write(`  ${r.id}\t${r.score}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof KnowledgeError ? err.message : String(err)}\n`);
  process.exit(1);
});
