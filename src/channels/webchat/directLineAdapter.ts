import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { ActivityLog } from '../../storage/types';
import type { StreamHub } from './hub';

/**
 * The bot's side of our Direct Line endpoint: replies are stored in the conversation's history
 * (durable, so a reload or restart shows them) and pushed to any open stream.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(
    private readonly log: ActivityLog,
    private readonly hub: StreamHub,
  ) {
    super();
  }

  async processActivity(
    activity: Partial<Activity>,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    const conversationId = context.activity.conversation.id;
    for (const a of activities) {
      const activity = { ...a, timestamp: new Date().toISOString() } as Record<string, unknown>;
      if (a.type === ActivityTypes.Typing) {
        // Typing is shown live but is not history.
        this.hub.publish(conversationId, [
          { seq: -1, activity: { ...activity, id: `typing-${Date.now()}` } },
        ]);
        responses.push({ id: '' });
        continue;
      }
      if (a.type === 'delay') continue;
      const stored = await this.log.appendActivity(conversationId, activity);
      this.hub.publish(conversationId, [stored]);
      responses.push({ id: String(stored.activity.id) });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error('updating an activity is not supported on this channel');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('deleting an activity is not supported on this channel');
  }

  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continue' },
      reference,
      true,
    );
    await this.processActivity(activity, logic);
  }
}
