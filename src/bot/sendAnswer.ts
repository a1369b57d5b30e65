import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Entry, Lang } from '../knowledge/types';
import type { Ranked } from '../matching/decide';
import { recordTurn } from './recordTurn';
import { answerText, type SourceLink } from './replies';
import type { BotServices } from './services';

export async function sendAnswer(
  ctx: TurnContext,
  services: BotServices,
  a: { entry: Entry; lang: Lang; confidence: number; ranked?: Ranked[] },
): Promise<void> {
  const source = services.links?.source(a.entry, a.lang);
  const text = answerText(a.entry, a.lang, ctx.activity.channelId, services.t, source);
  // QnA Maker follow-up prompts, shown with the text the clinic gave them.
  const followUps = (a.entry.followUps ?? [])
    .filter((f) => services.matcher.byId(f.entryId) !== undefined)
    .map((f) => f.text);
  const reply = followUps.length
    ? MessageFactory.suggestedActions(followUps, text)
    : MessageFactory.text(text);
  // Which entry answered, and where it can be read whole (SMS links it when it has to cut it);
  // the transcript keeps the source for staff.
  reply.channelData = {
    entryId: a.entry.id,
    lang: a.lang,
    link: services.links?.answer(a.entry, a.lang),
    source: sourceLabel(a.entry, source),
  };
  await ctx.sendActivity(reply);
  await recordTurn(ctx, services, {
    action: 'answer',
    lang: a.lang,
    entryId: a.entry.id,
    confidence: a.confidence,
    ranked: a.ranked,
  });
}

/** What staff read as an answer's source: the page or document, its section, its address. */
export function sourceLabel(entry: Entry, link?: SourceLink): string {
  const p = entry.provenance;
  const where = p?.document?.title ?? p?.document?.file ?? p?.file ?? entry.source;
  const section = p?.section && !p.document ? ` › ${p.section}` : '';
  const url = link?.url ?? p?.document?.url ?? p?.url ?? entry.url;
  return `${where}${section}${url ? ` (${url})` : ''}`;
}
