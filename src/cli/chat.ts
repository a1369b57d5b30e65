import { createInterface } from 'node:readline';
import { assembleBot } from '../core/assemble';
import { InProcessConversation, type Reply } from '../bot/inProcess';
import type { Config } from '../config';

function show(replies: Reply[]): void {
  for (const r of replies) {
    process.stdout.write(`bot> ${r.text.replace(/\n/g, '\nbot> ')}\n`);
    r.suggestedActions.forEach((a, i) => process.stdout.write(`     ${i + 1}. ${a}\n`));
  }
}

/** An interactive console chat with the real bot; type "quit" to leave. */
export async function chat(config: Config): Promise<void> {
  const app = await assembleBot(config);
  const conversation = new InProcessConversation(app.bot, app.store, 'console', 'web');
  show(await conversation.start());
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
  rl.prompt();
  // The async iterator buffers lines typed (or piped) while the bot is still answering.
  for await (const line of rl) {
    if (/^(quit|exit|salir)$/i.test(line.trim())) break;
    show((await conversation.say(line)).replies);
    rl.prompt();
  }
  rl.close();
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded late so `chat` stays importable without side effects
  const { loadConfig } = require('../config') as typeof import('../config');
  chat({ ...loadConfig(), LOG_LEVEL: 'warn' }).catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
