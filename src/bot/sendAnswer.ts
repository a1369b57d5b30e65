import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Entry, Lang } from '../knowledge/types';
import type { Ranked } from '../matching/decide';
import { recordTurn } from './recordTurn';
import { answerText, titleOf } from './replies';
import type { BotServices } from './services';

export async function sendAnswer(
  ctx: TurnContext,
  services: BotServices,
  a: { entry: Entry; lang: Lang; confidence: number; ranked?: Ranked[] },
): Promise<void> {
  const text = answerText(a.entry, a.lang, ctx.activity.channelId, services.t);
  const followUps = (a.entry.followUps ?? [])
    .map((f) => services.matcher.byId(f.entryId))
    .filter((e): e is Entry => e !== undefined)
    .map((e) => titleOf(e, a.lang));
  await ctx.sendActivity(
    followUps.length ? MessageFactory.suggestedActions(followUps, text) : MessageFactory.text(text),
  );
  await recordTurn(ctx, services, {
    action: 'answer',
    lang: a.lang,
    entryId: a.entry.id,
    confidence: a.confidence,
    ranked: a.ranked,
  });
}
