import {
  ActivityHandler,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { SafetyCheck } from '../conversation/route';
import { checkSafety } from '../safety/check';
import { CHANNELS } from './channels';
import { patientText, recordPatient } from './inbound';
import { langOfLocale } from './replies';
import type { BotServices, Profile } from './services';
import { DEFAULT_LANG } from '../language/langs';

/**
 * The conversation itself: the dialogs (dialogs/MainDialog), given the turn's state and the
 * safety check already made on its message. The bot knows only this shape.
 */
export interface TurnDialog {
  run(
    ctx: TurnContext,
    state: StatePropertyAccessor<DialogState>,
    checked: SafetyCheck,
  ): Promise<void>;
}

/**
 * Thin: records what was said, routes the message (to staff who own the conversation, or to the
 * dialogs) and saves the conversation's state.
 */
export class FaqBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly dialog: TurnDialog,
    private readonly services: BotServices,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.onMessage(async (ctx, next) => {
      await this.message(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      await this.welcome(ctx);
      await next();
    });
    this.onDialog(async (ctx, next) => {
      await this.conversationState.saveChanges(ctx, false);
      await this.userState.saveChanges(ctx, false);
      await next();
    });
  }

  private async message(ctx: TurnContext): Promise<void> {
    const text = patientText(ctx.activity.text);
    ctx.activity.text = text;
    const conversationId = ctx.activity.conversation.id;
    const owner = await this.services.store.ensureConversation(
      conversationId,
      ctx.activity.channelId,
    );
    await recordPatient(this.services.store, conversationId, text);
    const checked: SafetyCheck = { text, flag: checkSafety(text) };
    const emergency = checked.flag?.kind === 'emergency';
    if (!emergency && owner === 'staff') {
      // Staff have the conversation: the bot stays silent and the console shows the message.
      // An emergency is still answered at once: the staff member may have stepped away.
      this.services.notices?.publish({ type: 'conversation', conversationId });
      return;
    }
    ctx.onSendActivities(async (_c, activities, send) => {
      for (const a of activities)
        if (a.type === 'message' && a.text)
          await this.services.store.appendTranscript({
            conversationId,
            at: new Date().toISOString(),
            from: 'bot',
            text: a.text,
            source: (a.channelData as { source?: string } | undefined)?.source,
          });
      return send();
    });
    // Shown by Web Chat while the turn runs; channels without typing ignore it.
    if (ctx.activity.channelId !== CHANNELS.sms) await ctx.sendActivity({ type: 'typing' });
    await this.dialog.run(ctx, this.dialogState, checked);
  }

  private async welcome(ctx: TurnContext): Promise<void> {
    const bot = ctx.activity.recipient?.id;
    for (const member of ctx.activity.membersAdded ?? []) {
      if (member.id === bot) continue;
      const profile = await this.userState.createProperty<Profile>('profile').get(ctx, {});
      const vars = { clinic: this.services.clinicName, procedure: this.services.procedure };
      const lang = profile.lang ?? langOfLocale(ctx.activity.locale) ?? DEFAULT_LANG;
      await ctx.sendActivity(this.services.t(lang, 'welcome', vars));
    }
  }
}
