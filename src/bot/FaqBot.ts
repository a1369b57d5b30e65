import {
  ActivityHandler,
  ConversationState,
  MessageFactory,
  UserState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { Lang } from '../knowledge/types';
import { confirmsForget, forgetRequestOf } from '../conversation/forget';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../../dialogs/MainDialog';
import { checkSafety } from '../safety/check';
import type { SafetyCheck } from '../conversation/route';
import { langOfLocale } from './replies';
import type { BotServices, Profile } from './services';

/** The turn's message and what the safety check found in it (a SafetyCheck). */
const SAFETY_CHECKED = Symbol('safety checked');

/** The safety check made on this turn's message, when one was made. */
export function safetyChecked(ctx: TurnContext): SafetyCheck | undefined {
  return ctx.turnState.get(SAFETY_CHECKED) as SafetyCheck | undefined;
}

/** Longest message the bot reads; the rest of a pasted essay adds nothing but cost. */
const MAX_TEXT = 5000;

/** Strips control characters (keeping line breaks) and caps the length. */
export function normaliseText(text: string | undefined): string {
  const clean = (text ?? '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g, ' ');
  if (clean.length <= MAX_TEXT) return clean;
  // Not between the two halves of an emoji: half a surrogate pair is not text.
  const cut = clean.slice(0, MAX_TEXT);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Thin: records what was said, hands the message to the main dialog, saves state. */
export class FaqBot extends ActivityHandler {
  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly dialog: MainDialog,
    private readonly services: BotServices,
  ) {
    super();
    const dialogState = conversationState.createProperty<DialogState>('dialogState');
    const forgetLang = conversationState.createProperty<Lang | undefined>('forgetRequested');

    this.onMessage(async (ctx, next) => {
      ctx.activity.text = normaliseText(ctx.activity.text);
      const conversationId = ctx.activity.conversation.id;
      const owner = await this.services.store.ensureConversation(
        conversationId,
        ctx.activity.channelId,
      );
      await this.record(ctx, 'patient', ctx.activity.text);
      const checked = { text: ctx.activity.text, flag: checkSafety(ctx.activity.text) };
      // Routing reads it back rather than checking the same message again.
      ctx.turnState.set(SAFETY_CHECKED, checked);
      const emergency = checked.flag?.kind === 'emergency';
      if (!emergency && owner === 'staff') {
        // Staff have the conversation: the bot stays silent and the console shows the message.
        // An emergency is still answered at once: the staff member may have stepped away.
        this.services.feed?.publish({ type: 'conversation', conversationId });
        return next();
      }
      ctx.onSendActivities(async (c, activities, send) => {
        for (const a of activities)
          if (a.type === 'message' && a.text) await this.record(c, 'bot', a.text);
        return send();
      });
      if (!emergency && (await this.forget(ctx, forgetLang))) return next();
      // Shown by Web Chat while the turn runs; channels without typing ignore it.
      if (ctx.activity.channelId !== 'sms') await ctx.sendActivity({ type: 'typing' });
      await this.dialog.run(ctx, dialogState);
      await next();
    });

    this.onMembersAdded(async (ctx, next) => {
      const bot = ctx.activity.recipient?.id;
      for (const member of ctx.activity.membersAdded ?? []) {
        if (member.id === bot) continue;
        const profile = await this.userState.createProperty<Profile>('profile').get(ctx, {});
        const vars = { clinic: this.services.clinicName, procedure: this.services.procedure };
        const lang = profile.lang ?? langOfLocale(ctx.activity.locale) ?? 'en';
        await ctx.sendActivity(this.services.t(lang, 'welcome', vars));
      }
      await next();
    });

    this.onDialog(async (ctx, next) => {
      await this.conversationState.saveChanges(ctx, false);
      await this.userState.saveChanges(ctx, false);
      await next();
    });
  }

  /**
   * "delete my data": asked, then confirmed with a yes on the next message, the conversation's
   * data is deleted (and audited). True when this message was part of that exchange.
   */
  private async forget(
    ctx: TurnContext,
    pending: StatePropertyAccessor<Lang | undefined>,
  ): Promise<boolean> {
    const text = ctx.activity.text ?? '';
    const asked = await pending.get(ctx);
    if (asked) {
      await pending.set(ctx, undefined);
      if (confirmsForget(text)) {
        await this.services.store.forgetConversation(ctx.activity.conversation.id);
        // The conversation's and the patient's state, by their exact keys (never a pattern: an
        // id is the caller's text, and "%" once matched every patient's state).
        await this.conversationState.delete(ctx);
        await this.userState.delete(ctx);
        await ctx.sendActivity(this.services.t(asked, 'forget.done'));
        return true;
      }
      await ctx.sendActivity(this.services.t(asked, 'forget.kept'));
      // A plain no ends the exchange; a question is answered as usual.
      return /^(no|n|nope|cancel|cancelar)$/i.test(text.trim());
    }
    const lang = forgetRequestOf(text);
    if (!lang) return false;
    await pending.set(ctx, lang);
    const prompt = this.services.t(lang, 'forget.confirm');
    const yes = lang === 'es' ? 'SÍ' : 'YES';
    const no = 'No';
    await ctx.sendActivity(
      ctx.activity.channelId === 'sms'
        ? prompt
        : MessageFactory.suggestedActions([yes, no], prompt),
    );
    return true;
  }

  private async record(ctx: TurnContext, from: 'patient' | 'bot', text: string): Promise<void> {
    await this.services.store.appendTranscript({
      conversationId: ctx.activity.conversation.id,
      at: new Date().toISOString(),
      from,
      text,
    });
  }
}
