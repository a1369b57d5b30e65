import type { Logger } from 'pino';
import type { StaffFeed } from '../core/feed';
import type { SqlStaffMessageStore } from '../storage/sql/staffMessageStore';

/** How far back each look goes beyond the last change seen: a write stamped before it commits. */
const OVERLAP_MS = 5_000;

/**
 * Follows staff messages through the SMS outbox and Twilio's delivery reports: each change of
 * state is told to the open consoles; a failure on a conversation that was urgent raises an
 * alert once, whichever instance sees it first (every console shows it, on-call staff are paged).
 * It reads the database, so it sees what the outbox and the status webhook of any instance wrote.
 */
export class DeliveryWatch {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private cursor = new Date(Date.now() - OVERLAP_MS).toISOString();
  /** The state last told, by message, for the changes inside the overlap. */
  private told = new Map<number, { state: string; updatedAt: string }>();

  constructor(
    private readonly o: {
      messages: SqlStaffMessageStore;
      feed: StaffFeed;
      log: Logger;
      intervalMs?: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.look(), this.o.intervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One look; never rejects, and never runs twice at once. */
  look(): Promise<void> {
    this.running ??= this.changes()
      .catch((err: Error) => this.o.log.warn({ err: err.message }, 'delivery watch failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async changes(): Promise<void> {
    const since = new Date(Date.parse(this.cursor) - OVERLAP_MS).toISOString();
    const changed = await this.o.messages.changedSince(since);
    const conversations = new Set<string>();
    for (const m of changed) {
      if (m.updatedAt > this.cursor) this.cursor = m.updatedAt;
      if (this.told.get(m.id)?.state === m.state) continue;
      this.told.set(m.id, { state: m.state, updatedAt: m.updatedAt });
      conversations.add(m.conversationId);
      if (m.state === 'failed' && (await this.o.messages.claimAlert(m.id))) {
        this.o.log.warn({ conversationId: m.conversationId }, 'urgent staff reply not delivered');
        this.o.feed.publish({ type: 'undelivered', conversationId: m.conversationId });
      }
    }
    for (const conversationId of conversations)
      this.o.feed.publish({ type: 'conversation', conversationId });
    for (const [id, t] of this.told) if (t.updatedAt < since) this.told.delete(id);
  }
}
