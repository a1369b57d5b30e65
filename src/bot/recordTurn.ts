import type { TurnContext } from 'botbuilder';
import type { Ranked } from '../matching/decide';
import type { Action, TurnRecord } from '../storage/types';
import type { Lang } from '../knowledge/types';
import type { BotServices } from './services';

export interface TurnOutcome {
  action: Action;
  lang: Lang;
  entryId?: string;
  confidence?: number;
  ranked?: Ranked[];
}

export async function recordTurn(
  ctx: TurnContext,
  services: BotServices,
  o: TurnOutcome,
): Promise<void> {
  const turn: TurnRecord = {
    conversationId: ctx.activity.conversation.id,
    action: o.action,
    lang: o.lang,
    entryId: o.entryId ?? null,
    confidence: o.confidence === undefined ? null : Math.round(o.confidence * 1000) / 1000,
    ranked: (o.ranked ?? []).map((r) => ({
      id: r.entry.id,
      score: Math.round(r.score * 10000) / 10000,
    })),
  };
  await services.store.recordTurn(turn);
}
