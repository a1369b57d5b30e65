import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { recordTurn } from '../src/bot/recordTurn';
import type { BotServices } from '../src/bot/services';
import type { Lang } from '../src/knowledge/types';
import type { Ranked } from '../src/matching/decide';
import type { EscalationReason } from '../src/storage/types';
import { describeOpening, isOpen, nextOpening } from '../src/officeHours';
import { CHANNELS } from '../src/bot/channels';
import { DialogIds } from './ids';

export interface EscalateOptions {
  reason: EscalationReason;
  lang: Lang;
  ranked?: Ranked[];
  topic?: string;
}

const MESSAGE: Record<EscalationReason, string> = {
  emergency: 'emergency.medical',
  crisis: 'emergency.crisis',
  personal: 'escalate.personal',
  human: 'escalate.human',
  unsure: 'escalate.unsure',
  topic: 'escalate.topic',
};

/** Hands the conversation to staff: stored first, then the patient is told. */
export class EscalateDialog extends ComponentDialog {
  constructor(private readonly services: BotServices) {
    super(DialogIds.escalate);
    this.addDialog(new WaterfallDialog(DialogIds.escalateSteps, [this.handOver.bind(this)]));
    this.initialDialogId = DialogIds.escalateSteps;
  }

  private async handOver(step: WaterfallStepContext) {
    const o = step.options as EscalateOptions;
    const ctx = step.context;
    const urgent = o.reason === 'emergency' || o.reason === 'crisis';
    await this.services.store.createEscalation({
      conversationId: ctx.activity.conversation.id,
      channel: ctx.activity.channelId,
      reason: o.reason,
      priority: urgent ? 'urgent' : 'normal',
      lang: o.lang,
      // An emergency was never going to be answered from the knowledge: staff see no entries.
      considered: (urgent ? [] : (o.ranked ?? []))
        .slice(0, 3)
        .map((r) => ({ id: r.entry.id, confidence: r.confidence })),
      topic: o.topic,
    });
    this.services.notices?.publish({ type: 'queue' });
    this.services.notices?.publish({
      type: 'conversation',
      conversationId: ctx.activity.conversation.id,
      urgent,
    });
    const hours = this.services.officeHours;
    const closed = hours && !isOpen(hours, new Date());
    const when = closed ? describeOpening(nextOpening(hours, new Date()), o.lang) : '';
    const said = this.services.t(o.lang, MESSAGE[o.reason]);
    // On the web, the numbers to call are links a phone dials with a tap.
    const text = ctx.activity.channelId === CHANNELS.sms ? said : callable(said);
    await ctx.sendActivity(
      closed ? `${text} ${this.services.t(o.lang, 'escalate.afterHours', { when })}` : text,
    );
    await recordTurn(ctx, this.services, {
      action: urgent ? 'emergency' : 'escalate',
      lang: o.lang,
      ranked: o.ranked,
    });
    return step.endDialog();
  }
}

/** 911 and 988 as tel: links (Markdown, which Web Chat renders). */
function callable(text: string): string {
  return text.replace(/\b(911|988)\b/g, '[$1](tel:$1)');
}
