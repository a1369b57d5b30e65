import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Entry, Lang } from '../knowledge/types';
import type { Ranked } from '../matching/decide';
import { recordTurn } from './recordTurn';
import { answerText } from './replies';
import type { BotServices } from './services';

export async function sendAnswer(
  ctx: TurnContext,
  services: BotServices,
  a: { entry: Entry; lang: Lang; confidence: number; ranked?: Ranked[] },
): Promise<void> {
  const text = answerText(a.entry, a.lang, ctx.activity.channelId, services.t);
  // QnA Maker follow-up prompts, shown with the text the clinic gave them.
  const followUps = (a.entry.followUps ?? [])
    .filter((f) => services.matcher.byId(f.entryId) !== undefined)
    .map((f) => f.text);
  const reply = followUps.length
    ? MessageFactory.suggestedActions(followUps, text)
    : MessageFactory.text(text);
  // Which entry answered: the SMS channel links to the full answer when it has to cut it.
  reply.channelData = { entryId: a.entry.id, lang: a.lang };
  await ctx.sendActivity(reply);
  await recordTurn(ctx, services, {
    action: 'answer',
    lang: a.lang,
    entryId: a.entry.id,
    confidence: a.confidence,
    ranked: a.ranked,
  });
}
