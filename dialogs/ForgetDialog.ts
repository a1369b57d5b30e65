import { MessageFactory } from 'botbuilder';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { CHANNELS } from '../src/bot/channels';
import type { BotServices } from '../src/bot/services';
import { confirmsForget } from '../src/conversation/forget';
import type { Lang } from '../src/knowledge/types';
import type { ClarifyResult } from './ClarifyDialog';
import { DialogIds } from './ids';

export interface ForgetOptions {
  lang: Lang;
}

const PLAIN_NO = /^(no|n|nope|cancel|cancelar)$/i;

/**
 * "delete my data" / "borrar mis datos": asked to confirm, then, on a plain yes, everything said
 * in the conversation is deleted (and audited) and the conversation closed. Anything else keeps
 * it; a question instead of an answer is routed as usual.
 */
export class ForgetDialog extends ComponentDialog {
  constructor(private readonly services: BotServices) {
    super(DialogIds.forget);
    this.addDialog(new TextPrompt(DialogIds.text, async () => true));
    this.addDialog(
      new WaterfallDialog(DialogIds.forgetSteps, [this.ask.bind(this), this.decide.bind(this)]),
    );
    this.initialDialogId = DialogIds.forgetSteps;
  }

  private async ask(step: WaterfallStepContext) {
    const { lang } = step.options as ForgetOptions;
    const prompt = this.services.t(lang, 'forget.confirm');
    const sms = step.context.activity.channelId === CHANNELS.sms;
    const yes = this.services.t(lang, 'forget.yes');
    return step.prompt(DialogIds.text, {
      prompt: sms
        ? MessageFactory.text(prompt)
        : MessageFactory.suggestedActions([yes, 'No'], prompt),
    });
  }

  private async decide(step: WaterfallStepContext) {
    const { lang } = step.options as ForgetOptions;
    const text = String(step.result ?? '');
    if (confirmsForget(text)) {
      await this.services.forget(step.context);
      // The chat's tokens are revoked with it: the widget starts a new conversation.
      await step.context.sendActivity({
        type: 'message',
        text: this.services.t(lang, 'forget.done'),
        channelData: { conversationClosed: true },
      });
      return step.endDialog({});
    }
    await step.context.sendActivity(this.services.t(lang, 'forget.kept'));
    return step.endDialog(
      PLAIN_NO.test(text.trim()) ? {} : ({ reroute: text } satisfies ClarifyResult),
    );
  }
}
