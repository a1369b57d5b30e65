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
import type { BotServices, ConversationContext, Profile } from '../src/bot/services';
import { routeMessage } from '../src/conversation/route';
import type { TurnDialog } from '../src/bot/FaqBot';
import { forgetRequestOf } from '../src/conversation/forget';
import type { SafetyCheck } from '../src/conversation/route';
import type { Lang } from '../src/knowledge/types';
import { ForgetDialog, type ForgetOptions } from './ForgetDialog';
import { ProcedureDialog, type ProcedureOptions, type ProcedurePicked } from './ProcedureDialog';
import { ClarifyDialog, type ClarifyOptions } from './ClarifyDialog';
import { EscalateDialog, type EscalateOptions } from './EscalateDialog';
import { DialogIds } from './ids';
import { LanguageDialog } from './LanguageDialog';
import { langOfLocale } from '../src/bot/replies';

/** The turn's safety check, as the bot handed it to `run` (routing reuses it). */
const CHECKED = Symbol('safety checked');

/** Every message starts here: route it, then answer, clarify, escalate or switch language. */
export class MainDialog extends ComponentDialog implements TurnDialog {
  constructor(
    private readonly services: BotServices,
    private readonly profile: StatePropertyAccessor<Profile>,
    private readonly conversation: StatePropertyAccessor<ConversationContext>,
  ) {
    super(DialogIds.main);
    this.addDialog(new ClarifyDialog(services));
    this.addDialog(new EscalateDialog(services));
    this.addDialog(new LanguageDialog(services, profile));
    this.addDialog(new ForgetDialog(services));
    this.addDialog(new ProcedureDialog(services));
    this.addDialog(
      new WaterfallDialog(DialogIds.mainSteps, [this.route.bind(this), this.after.bind(this)]),
    );
    this.initialDialogId = DialogIds.mainSteps;
  }

  /**
   * Continues a waiting dialog (a "did you mean" question, a deletion to confirm) or starts a new
   * turn. An emergency, or a request to delete the patient's data, interrupts whatever waits.
   */
  async run(
    context: TurnContext,
    state: StatePropertyAccessor<DialogState>,
    checked: SafetyCheck,
  ): Promise<void> {
    context.turnState.set(CHECKED, checked);
    const set = new DialogSet(state);
    set.add(this);
    const dc = await set.createContext(context);
    const emergency = checked.flag?.kind === 'emergency';
    const forget = emergency ? undefined : forgetRequestOf(checked.text);
    if (emergency || forget) await dc.cancelAllDialogs();
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty)
      await dc.beginDialog(this.id, forget ? { forget } : undefined);
  }

  private async route(step: WaterfallStepContext) {
    const ctx = step.context;
    const options = step.options as { text?: string; forget?: Lang } | undefined;
    if (options?.forget)
      return step.beginDialog(DialogIds.forget, { lang: options.forget } satisfies ForgetOptions);
    const text = options?.text ?? ctx.activity.text ?? '';
    const profile = await this.profile.get(ctx, {});
    const about = await this.conversation.get(ctx, {});
    const d = routeMessage(text, {
      procedure: { earlier: about.procedure, page: pageOf(ctx.activity.channelData) },
      matcher: this.services.matcher,
      lang: profile.lang ?? langOfLocale(ctx.activity.locale) ?? 'en',
      remembered: profile.lang !== undefined,
      isWord: this.services.isWord,
      wordLang: this.services.wordLang,
      checked: ctx.turnState.get(CHECKED) as SafetyCheck | undefined,
    });
    if (d.langSure && d.route.kind !== 'language') {
      profile.lang = d.lang;
      await this.profile.set(ctx, profile);
    }
    // A procedure the message named is what the conversation is about from now on.
    if (d.scope.how === 'named' || d.scope.how === 'words') {
      about.procedure = d.scope.procedure;
      await this.conversation.set(ctx, about);
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
      case 'which-procedure':
        return step.beginDialog(DialogIds.procedure, {
          lang,
          procedures: r.procedures,
          question: text,
          ranked: d.ranked,
        } satisfies ProcedureOptions);
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

  /** A question asked instead of an answer (to "did you mean", to a deletion): route it. */
  private async after(step: WaterfallStepContext) {
    const result = step.result as ProcedurePicked | undefined;
    if (result?.procedure && result.question !== undefined) {
      await this.conversation.set(step.context, { procedure: result.procedure });
      return step.replaceDialog(DialogIds.mainSteps, { text: result.question });
    }
    if (result?.reroute !== undefined)
      return step.replaceDialog(DialogIds.mainSteps, { text: result.reroute });
    return step.endDialog();
  }
}

/** The page the web widget sits on, as the page script sends it with each message. */
function pageOf(channelData: unknown): string | undefined {
  const page = (channelData as { page?: unknown } | undefined)?.page;
  return typeof page === 'string' && page.length <= 500 ? page : undefined;
}
