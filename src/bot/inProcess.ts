import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import type { TurnRecord } from '../storage/types';
import type { InMemoryConversationStore } from '../storage/memory';
import { CHANNELS } from './channels';
import type { FaqBot } from './FaqBot';

/** The channel a conversation is on, by its short name in `ask` and the labelled sets. */
export type Channel = keyof typeof CHANNELS;

export interface Reply {
  text: string;
  suggestedActions: string[];
}

export interface InProcessTurn {
  replies: Reply[];
  turn: TurnRecord | undefined;
}

/**
 * Talks to the real bot through botbuilder's in-process adapter, one conversation at a time:
 * what `npm run ask`, `npm run chat` and the evaluation use.
 */
export class InProcessConversation {
  private readonly adapter: TestAdapter;

  constructor(
    bot: FaqBot,
    private readonly store: InMemoryConversationStore,
    readonly id: string,
    channel: Channel,
    onError?: (err: unknown) => void,
  ) {
    const ref = TestAdapter.createConversation(id);
    // The service's own ids: an SMS and a web-chat conversation are told apart as in production.
    ref.channelId = CHANNELS[channel];
    ref.user = { id: `${id}-patient`, name: 'patient' };
    this.adapter = new TestAdapter((ctx) => bot.run(ctx), {
      channelId: ref.channelId,
      conversation: ref.conversation,
      from: ref.user,
      recipient: ref.bot,
    });
    // Each conversation is its own patient: user state (the remembered language) is not shared.
    this.adapter.conversation = ref;
    this.adapter.onTurnError = async (ctx, err) => {
      onError?.(err);
      await ctx.sendActivity('Sorry, something went wrong on our side.');
    };
  }

  async start(): Promise<Reply[]> {
    return this.receive({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: `${this.id}-patient`, name: 'patient' }],
    });
  }

  /** A patient's message; `page` is the page the web widget sits on, as Web Chat sends it. */
  async say(text: string, o: { page?: string } = {}): Promise<InProcessTurn> {
    const before = this.store.turnsOf(this.id).length;
    const replies = await this.receive({
      type: ActivityTypes.Message,
      text,
      ...(o.page ? { channelData: { page: o.page } } : {}),
    });
    const turns = this.store.turnsOf(this.id);
    return { replies, turn: turns.length > before ? turns[turns.length - 1] : undefined };
  }

  private async receive(activity: Partial<Activity>): Promise<Reply[]> {
    await this.adapter.receiveActivity(activity);
    const replies: Reply[] = [];
    while (this.adapter.activeQueue.length) {
      const a = this.adapter.activeQueue.shift()!;
      if (a.type !== ActivityTypes.Message) continue;
      replies.push({
        text: a.text ?? '',
        suggestedActions: (a.suggestedActions?.actions ?? []).map((x) =>
          String(x.title ?? x.value),
        ),
      });
    }
    return replies;
  }
}
