import { CHANNELS } from '../bot/channels';
import { conflict } from '../http/errors';
import type { Store } from '../storage/types';

export interface WebChatDelivery {
  deliver(conversationId: string, text: string, staffName: string): Promise<void>;
}

/**
 * A staff message reaches the patient on their own channel: into the web-chat history and open
 * widget, or by SMS through the outbox. It is in the transcript either way.
 */
export class StaffDelivery {
  constructor(
    private readonly store: Store,
    private readonly webChat: WebChatDelivery,
    private readonly smsOn: boolean,
  ) {}

  async send(conversationId: string, text: string, staffName: string): Promise<void> {
    const channel = (await this.store.staff.channelOf(conversationId))?.channel;
    if (channel === CHANNELS.web) await this.webChat.deliver(conversationId, text, staffName);
    else if (channel === CHANNELS.sms && this.smsOn)
      await this.store.sms.enqueue(conversationId, text);
    else
      throw conflict(
        `replies cannot be sent on the ${channel ?? 'unknown'} channel from the console`,
      );
    await this.store.appendTranscript({
      conversationId,
      at: new Date().toISOString(),
      from: 'staff',
      text,
    });
  }
}
