import { join } from 'node:path';
import { InProcessConversation } from '../bot/inProcess';
import { loadConfig } from '../config';
import { assembleBot, type Assembled } from '../core/assemble';
import { bm25Baseline, fuseBaseline } from '../evaluation/baselines';
import { formatTable, missedActions, score } from '../evaluation/labelled';
import {
  asLabelled,
  containsExpected,
  readSiteLabelled,
  type SiteLabelled,
  type SitePredicted,
} from '../evaluation/site';
import { ROOT } from '../paths';

const SITES = [
  [
    'clinic site: the development site (test/fixtures/site), its labelled messages',
    join('test', 'fixtures', 'site'),
    join('test', 'fixtures', 'eval', 'site', 'messages.jsonl'),
  ],
  [
    'clinic site, holdout: other pages of the clinic, never tuned on (test/fixtures/site-holdout)',
    join('test', 'fixtures', 'site-holdout'),
    join('test', 'fixtures', 'eval', 'site-holdout', 'messages.jsonl'),
  ],
] as const;

/** Each line through the bot as `ask --jsonl` runs it: conversations by key, the widget's page. */
async function runSite(app: Assembled, items: SiteLabelled[]): Promise<SitePredicted[]> {
  const conversations = new Map<string, InProcessConversation>();
  const out: SitePredicted[] = [];
  for (const item of items) {
    let conversation = item.conversation ? conversations.get(item.conversation) : undefined;
    if (!conversation) {
      conversation = new InProcessConversation(app.bot, app.store, `site-${item.id}`, item.channel);
      if (item.conversation) conversations.set(item.conversation, conversation);
    }
    const { replies, turn } = await conversation.say(item.text, { page: item.page });
    out.push({
      action: turn?.action ?? null,
      lang: turn?.lang ?? null,
      entryId: turn?.entryId ?? null,
      confidence: turn?.confidence ?? null,
      text: replies.map((r) => r.text).join('\n'),
    });
  }
  return out;
}

/** The clinic-site sets: the bot on each site, and the textbook baselines on the same entries. */
export async function evalSites(write: (s: string) => void): Promise<void> {
  for (const [title, site, file] of SITES) {
    const items = readSiteLabelled(join(ROOT, file));
    const app = await assembleBot({ ...loadConfig(), LOG_LEVEL: 'silent' }, [join(ROOT, site)]);
    const byId = (id: string) => app.services.matcher.byId(id);
    const predicted = await runSite(app, items);
    const labelled = items.map(asLabelled);
    const right = (i: number) => containsExpected(items[i], predicted[i], byId);
    write(
      `\n=== ${title}: ${items.length} messages, ${app.services.matcher.entries.length} entries ===\n\n`,
    );
    write(
      `${formatTable("this bot (the ask path; entry: the clinic's words in the reply)", score(labelled, predicted, true, right))}\n\n`,
    );
    write(`${missedActions(labelled, predicted)}\n\n`);
    for (const b of [
      fuseBaseline(app.services.matcher.entries),
      bm25Baseline(app.services.matcher.entries),
    ]) {
      const guesses = items.map((i) => ({ ...b.predict(i.text), text: '' }));
      const rows = score(labelled, guesses, false, (i) =>
        containsExpected(items[i], guesses[i], byId),
      );
      write(
        `${formatTable(`baseline: ${b.name} (no safety, no language, no procedure context)`, rows, false)}\n\n`,
      );
    }
  }
}
