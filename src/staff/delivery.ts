import type { Deliverer } from '../core/createCore';
import { conflict } from '../http/errors';
import type { SqlStaffMessageStore } from '../storage/sql/staffMessageStore';
import type { StaffMember, Store } from '../storage/types';

/**
 * A staff message reaches the patient on their own channel, through what that channel
 * registered (the web-chat history and open widget, the SMS outbox), signed with the staff
 * member's name. It is in the transcript either way, and recorded with where its delivery can be
 * followed (an SMS's outbox row), so the console can show how far it got.
 */
export class StaffDelivery {
  constructor(
    private readonly store: Store,
    private readonly messages: SqlStaffMessageStore,
    private readonly deliverers: ReadonlyMap<string, Deliverer>,
  ) {}

  async send(conversationId: string, text: string, from: StaffMember): Promise<void> {
    const channel = (await this.store.staff.channelOf(conversationId))?.channel;
    const deliver = channel ? this.deliverers.get(channel) : undefined;
    if (!channel || !deliver)
      throw conflict(
        `replies cannot be sent on the ${channel ?? 'unknown'} channel from the console`,
      );
    const receipt = await deliver(conversationId, text, from.name);
    // One time for both records: the console pairs a transcript line with its delivery by it.
    const at = new Date().toISOString();
    await this.store.appendTranscript({ conversationId, at, from: 'staff', text });
    await this.messages.record({
      conversationId,
      at,
      staffId: from.id,
      channel,
      outboxId: receipt?.outboxId ?? null,
      activitySeq: receipt?.activitySeq ?? null,
    });
  }
}
