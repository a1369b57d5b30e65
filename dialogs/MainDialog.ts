import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogState,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { recordTurn } from '../src/bot/recordTurn';
import { sendAnswer } from '../src/bot/sendAnswer';
import type { BotServices, Profile } from '../src/bot/services';
import { routeMessage } from '../src/conversation/route';
import { safetyChecked } from '../src/bot/FaqBot';
import { ClarifyDialog, type ClarifyOptions, type ClarifyResult } from './ClarifyDialog';
import { EscalateDialog, type EscalateOptions } from './EscalateDialog';
import { DialogIds } from './ids';
import { LanguageDialog } from './LanguageDialog';
import { langOfLocale } from '../src/bot/replies';

/** Every message starts here: route it, then answer, clarify, escalate or switch language. */
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly services: BotServices,
    private readonly profile: StatePropertyAccessor<Profile>,
  ) {
    super(DialogIds.main);
    this.addDialog(new ClarifyDialog(services));
    this.addDialog(new EscalateDialog(services));
    this.addDialog(new LanguageDialog(services, profile));
    this.addDialog(
      new WaterfallDialog(DialogIds.mainSteps, [this.route.bind(this), this.after.bind(this)]),
    );
    this.initialDialogId = DialogIds.mainSteps;
  }

  /** Continues a waiting dialog (a clarify question) or starts a new turn. */
  async run(context: TurnContext, state: StatePropertyAccessor<DialogState>): Promise<void> {
    const set = new DialogSet(state);
    set.add(this);
    const dc = await set.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  private async route(step: WaterfallStepContext) {
    const ctx = step.context;
    const text = (step.options as { text?: string } | undefined)?.text ?? ctx.activity.text ?? '';
    const profile = await this.profile.get(ctx, {});
    const d = routeMessage(text, {
      matcher: this.services.matcher,
      lang: profile.lang ?? langOfLocale(ctx.activity.locale) ?? 'en',
      remembered: profile.lang !== undefined,
      isWord: this.services.isWord,
      wordLang: this.services.wordLang,
      checked: safetyChecked(ctx),
    });
    if (d.langSure && d.route.kind !== 'language') {
      profile.lang = d.lang;
      await this.profile.set(ctx, profile);
    }
    const lang = d.lang;
    const r = d.route;
    const escalate = (o: Omit<EscalateOptions, 'lang'>) =>
      step.beginDialog(DialogIds.escalate, { ...o, lang });
    switch (r.kind) {
      case 'language':
        return step.beginDialog(DialogIds.language, { lang: r.switchTo, ranked: d.ranked });
      case 'emergency':
        return escalate({ reason: r.crisis ? 'crisis' : 'emergency', ranked: d.ranked });
      case 'personal':
      case 'human':
        return escalate({ reason: r.kind, ranked: d.ranked });
      case 'escalate':
        return escalate({ reason: r.topic ? 'topic' : 'unsure', ranked: d.ranked, topic: r.topic });
      case 'clarify':
        return step.beginDialog(DialogIds.clarify, {
          lang,
          choices: r.choices.map((c) => c.entry.id),
          ranked: d.ranked,
        } satisfies ClarifyOptions);
      case 'not-understood':
        return step.beginDialog(DialogIds.clarify, {
          lang,
          choices: this.services.menu.map((e) => e.id),
          menu: true,
          offTopic: r.offTopic,
          ranked: d.ranked,
        } satisfies ClarifyOptions);
      case 'answer':
        await sendAnswer(ctx, this.services, {
          entry: r.entry,
          lang,
          confidence: r.confidence,
          ranked: d.ranked,
        });
        return step.endDialog();
      case 'smalltalk':
        await ctx.sendActivity(
          this.services.t(lang, `smalltalk.${r.smallTalk}`, { procedure: this.services.procedure }),
        );
        await recordTurn(ctx, this.services, { action: 'smalltalk', lang, ranked: d.ranked });
        return step.endDialog();
    }
  }

  /** A clarify question answered with a new question: route that one from the top. */
  private async after(step: WaterfallStepContext) {
    const result = step.result as ClarifyResult | undefined;
    if (result?.reroute !== undefined)
      return step.replaceDialog(DialogIds.mainSteps, { text: result.reroute });
    return step.endDialog();
  }
}
