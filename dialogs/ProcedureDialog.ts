import { MessageFactory } from 'botbuilder';
import {
  ComponentDialog,
  recognizeChoices,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { CHANNELS } from '../src/bot/channels';
import { recordTurn } from '../src/bot/recordTurn';
import type { BotServices } from '../src/bot/services';
import type { Lang } from '../src/knowledge/types';
import type { Ranked } from '../src/matching/decide';
import type { ClarifyResult } from './ClarifyDialog';
import { DialogIds } from './ids';

export interface ProcedureOptions {
  lang: Lang;
  /** Procedure ids to offer, likeliest first. */
  procedures: string[];
  /** The question to answer once the procedure is known. */
  question: string;
  ranked?: Ranked[];
}

/** What the patient picked: the procedure, and the question it was for. */
export interface ProcedurePicked extends ClarifyResult {
  procedure?: string;
  question?: string;
}

/**
 * "Which procedure is this about?": asked when a question several procedures answer alike
 * comes with no procedure named before and no page to tell. The procedures as buttons (numbered
 * by SMS); once one is picked, the question is answered for it and the conversation remembers it.
 */
export class ProcedureDialog extends ComponentDialog {
  constructor(private readonly services: BotServices) {
    super(DialogIds.procedure);
    this.addDialog(new TextPrompt(DialogIds.text, async () => true));
    this.addDialog(
      new WaterfallDialog(DialogIds.procedureSteps, [this.offer.bind(this), this.pick.bind(this)]),
    );
    this.initialDialogId = DialogIds.procedureSteps;
  }

  private names(o: ProcedureOptions): string[] {
    const all = this.services.matcher.procedures;
    return o.procedures.map((id) => {
      const p = all.find((x) => x.id === id);
      return p?.name[o.lang] ?? p?.name.en ?? Object.values(p?.name ?? {})[0] ?? id;
    });
  }

  private async offer(step: WaterfallStepContext) {
    const o = step.options as ProcedureOptions;
    const names = [...this.names(o), this.services.t(o.lang, 'clarify.other')];
    const sms = step.context.activity.channelId === CHANNELS.sms;
    const intro = this.services.t(o.lang, sms ? 'procedure.whichSms' : 'procedure.which');
    const prompt = sms
      ? MessageFactory.text(`${intro}\n${names.map((n, i) => `${i + 1}. ${n}`).join('\n')}`)
      : MessageFactory.suggestedActions(names, intro);
    await recordTurn(step.context, this.services, {
      action: 'clarify',
      lang: o.lang,
      ranked: o.ranked,
    });
    return step.prompt(DialogIds.text, { prompt });
  }

  private async pick(step: WaterfallStepContext) {
    const o = step.options as ProcedureOptions;
    const text = String(step.result ?? '').trim();
    if (!text) return step.replaceDialog(DialogIds.procedure, o);
    const names = [...this.names(o), this.services.t(o.lang, 'clarify.other')];
    const found = recognizeChoices(text, names, { allowPartialMatches: true })[0];
    const index = found ? found.resolution.index : -1;
    if (index >= 0 && index < o.procedures.length)
      return step.endDialog({
        procedure: o.procedures[index],
        question: o.question,
      } satisfies ProcedurePicked);
    if (index === o.procedures.length)
      return step.replaceDialog(DialogIds.escalate, {
        reason: 'unsure',
        lang: o.lang,
        ranked: o.ranked,
      });
    // A procedure named in words, or a new question: routed afresh.
    return step.endDialog({ reroute: text } satisfies ProcedurePicked);
  }
}
