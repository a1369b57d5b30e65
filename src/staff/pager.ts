import { createHash } from 'node:crypto';
import type { SmsStore } from '../storage/types';
import type { StaffFeed } from './feed';

/**
 * Urgent escalations page the on-call numbers by SMS through the outbox. The page carries a
 * link to the console, never the patient's words or number.
 */
export function pageOnCall(o: {
  feed: StaffFeed;
  sms: SmsStore;
  numbers: string[];
  clinicNumber: string;
  consoleUrl: () => string;
  clinicName: string;
}): () => void {
  return o.feed.subscribe((event) => {
    // Paged by the instance where it happened, once, not by every instance that hears of it.
    if (event.type !== 'conversation' || !event.urgent || event.remote) return;
    void (async () => {
      for (const number of o.numbers) {
        const id = `oncall_${createHash('sha256').update(number).digest('base64url').slice(0, 16)}`;
        await o.sms.saveContact(id, number, o.clinicNumber);
        await o.sms.enqueue(
          id,
          `${o.clinicName}: URGENT patient message waiting. ${o.consoleUrl()}/staff?c=${encodeURIComponent(event.conversationId)}`,
        );
      }
    })();
  });
}
