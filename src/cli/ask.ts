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
  /** Lines with the same key are consecutive turns of one conversation. */
  conversation?: unknown;
  /** The page the web widget sits on: its file name, slug or address. */
  page?: unknown;
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

/** Where an answer's words come from: the page (file, address), its section, a document. */
function sourceOf(app: Assembled, entryId: string | null | undefined) {
  const entry = entryId ? app.services.matcher.byId(entryId) : undefined;
  if (!entry) return null;
  return entry.provenance ?? { file: entry.source, ...(entry.url ? { url: entry.url } : {}) };
}

async function answerLine(
  app: Assembled,
  conversations: Map<string, InProcessConversation>,
  raw: string,
  n: number,
  top: number,
): Promise<object> {
  let line: Line;
  try {
    line = JSON.parse(raw) as Line;
  } catch {
    process.stderr.write(`line ${n} is not JSON; answered with an empty turn\n`);
    return {
      id: null,
      action: null,
      lang: null,
      text: '',
      entryId: null,
      confidence: null,
      source: null,
    };
  }
  const id = line.id === undefined || line.id === null ? String(n) : String(line.id);
  const channel: Channel = line.channel === 'sms' ? 'sms' : 'web';
  const text = typeof line.text === 'string' ? line.text : '';
  const key = typeof line.conversation === 'string' ? line.conversation : undefined;
  let conversation = key ? conversations.get(key) : undefined;
  if (!conversation) {
    conversation = new InProcessConversation(app.bot, app.store, `ask-${n}-${id}`, channel);
    if (key) conversations.set(key, conversation);
  }
  const page = typeof line.page === 'string' ? line.page : undefined;
  const { replies, turn } = await conversation.say(text, { page });
  const out: Record<string, unknown> = {
    id: line.id ?? null,
    action: turn?.action ?? null,
    lang: turn?.lang ?? null,
    text: spoken(replies),
    entryId: turn?.entryId ?? null,
    confidence: turn?.entryId ? turn.confidence : null,
    source: sourceOf(app, turn?.entryId),
  };
  if (top) out.ranked = (turn?.ranked ?? []).slice(0, top);
  return out;
}

async function runJsonl(app: Assembled, args: AskArgs): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const conversations = new Map<string, InProcessConversation>();
  let n = 0;
  for await (const raw of rl) {
    if (!raw.trim()) continue;
    n += 1;
    const out = await answerLine(app, conversations, raw, n, args.top);
    process.stdout.write(`${JSON.stringify(out)}\n`);
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
