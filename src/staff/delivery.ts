import type { Deliverer } from '../core/createCore';
import { conflict } from '../http/errors';
import type { Store } from '../storage/types';

/**
 * A staff message reaches the patient on their own channel, through what that channel
 * registered (the web-chat history and open widget, the SMS outbox). It is in the transcript
 * either way.
 */
export class StaffDelivery {
  constructor(
    private readonly store: Store,
    private readonly deliverers: ReadonlyMap<string, Deliverer>,
  ) {}

  async send(conversationId: string, text: string, staffName: string): Promise<void> {
    const channel = (await this.store.staff.channelOf(conversationId))?.channel;
    const deliver = channel ? this.deliverers.get(channel) : undefined;
    if (!deliver)
      throw conflict(
        `replies cannot be sent on the ${channel ?? 'unknown'} channel from the console`,
      );
    await deliver(conversationId, text, staffName);
    await this.store.appendTranscript({
      conversationId,
      at: new Date().toISOString(),
      from: 'staff',
      text,
    });
  }
}
