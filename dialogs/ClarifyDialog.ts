import { MessageFactory } from 'botbuilder';
import {
  ComponentDialog,
  recognizeChoices,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { recordTurn } from '../src/bot/recordTurn';
import { CHANNELS } from '../src/bot/channels';
import { titleOf } from '../src/bot/replies';
import { sendAnswer } from '../src/bot/sendAnswer';
import type { BotServices } from '../src/bot/services';
import type { Entry, Lang } from '../src/knowledge/types';
import { distinctChoices } from '../src/matching/choices';
import type { Ranked } from '../src/matching/decide';
import { EscalateDialog } from './EscalateDialog';
import { DialogIds } from './ids';

export interface ClarifyOptions {
  lang: Lang;
  /** Entry ids to offer, best first. */
  choices: string[];
  /** True when offering the main topics because nothing was understood. */
  menu?: boolean;
  /** The message was chit-chat, not a question the bot failed to read. */
  offTopic?: boolean;
  ranked?: Ranked[];
}

/** Result when the patient wrote something new instead of choosing: route it afresh. */
export interface ClarifyResult {
  reroute?: string;
}

/** "Did you mean": the top choices as suggested actions (numbered by SMS), and what was picked. */
export class ClarifyDialog extends ComponentDialog {
  constructor(private readonly services: BotServices) {
    super(DialogIds.clarify);
    // Every reply reaches `pick`, an empty one included, so that it is answered (by asking again).
    this.addDialog(new TextPrompt(DialogIds.text, async () => true));
    this.addDialog(new EscalateDialog(services));
    this.addDialog(
      new WaterfallDialog(DialogIds.clarifySteps, [this.offer.bind(this), this.pick.bind(this)]),
    );
    this.initialDialogId = DialogIds.clarifySteps;
  }

  /** The choices as shown, no two alike (see distinctChoices), and their labels. */
  private shown(o: ClarifyOptions): { entries: Entry[]; titles: string[] } {
    const choices = distinctChoices(
      o.choices.map((id) => this.services.matcher.byId(id)).filter((e) => e !== undefined),
      (e) => titleOf(e, o.lang),
    );
    const t = this.services.t;
    return {
      entries: choices.map((c) => c.entry),
      titles: [
        ...choices.map((c) =>
          c.from ? t(o.lang, 'clarify.choiceFrom', { title: c.title, from: c.from }) : c.title,
        ),
        t(o.lang, 'clarify.other'),
      ],
    };
  }

  private async offer(step: WaterfallStepContext) {
    const o = step.options as ClarifyOptions;
    const t = this.services.t;
    const { entries, titles } = this.shown(o);
    if (!o.menu && entries.length === 1) {
      // Readings nothing tells apart (the same question twice in an export) are one choice,
      // and "did you mean" with one choice asks nothing: it is the answer.
      const confidence = o.ranked?.find((r) => r.entry === entries[0])?.confidence ?? 0;
      const entry = entries[0];
      await sendAnswer(step.context, this.services, {
        entry,
        lang: o.lang,
        confidence,
        ranked: o.ranked,
      });
      return step.endDialog({});
    }
    const sms = step.context.activity.channelId === CHANNELS.sms;
    const intro = o.menu
      ? t(o.lang, sms ? 'notUnderstoodSms' : o.offTopic ? 'offTopic' : 'notUnderstood', {
          procedure: this.services.procedure,
        })
      : t(o.lang, sms ? 'clarify.promptSms' : 'clarify.prompt');
    const prompt = sms
      ? MessageFactory.text(`${intro}\n${titles.map((c, i) => `${i + 1}. ${c}`).join('\n')}`)
      : MessageFactory.suggestedActions(titles, intro);
    await recordTurn(step.context, this.services, {
      action: 'clarify',
      lang: o.lang,
      ranked: o.ranked,
    });
    return step.prompt(DialogIds.text, { prompt });
  }

  private async pick(step: WaterfallStepContext) {
    const o = step.options as ClarifyOptions;
    const text = String(step.result ?? '');
    // Nothing typed (an empty or blank message): the question still stands, so it is asked again.
    if (!text.trim()) return step.replaceDialog(DialogIds.clarify, o);
    const { entries, titles } = this.shown(o);
    const found = recognizeChoices(text.trim(), titles, { allowPartialMatches: false })[0];
    const index = found ? found.resolution.index : -1;
    if (index >= 0 && index < entries.length) {
      const entry = entries[index];
      await sendAnswer(step.context, this.services, { entry, lang: o.lang, confidence: 1 });
      return step.endDialog({});
    }
    if (index === entries.length) {
      return step.replaceDialog(DialogIds.escalate, {
        reason: 'unsure',
        lang: o.lang,
        ranked: o.ranked,
      });
    }
    return step.endDialog({ reroute: text } satisfies ClarifyResult);
  }
}
