import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

/** The bot's side of one SMS webhook: its replies are collected for the TwiML answer. */
export class SmsTurnAdapter extends BotAdapter {
  readonly replies: Partial<Activity>[] = [];

  async run(
    activity: Partial<Activity>,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async sendActivities(
    _ctx: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    for (const a of activities)
      if (a.type === ActivityTypes.Message && a.text) this.replies.push(a);
    return activities.map(() => ({ id: '' }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('SMS messages cannot be changed once sent');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('SMS messages cannot be deleted once sent');
  }

  async continueConversation(_ref: Partial<ConversationReference>): Promise<void> {
    throw new Error('later SMS messages go through the outbox');
  }
}
