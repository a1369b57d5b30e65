import type { PagerStore, PageCounts, UnpagedEscalation, OnCallPage } from '../types';
import type { SqlDriver, SqlRunner } from './driver';
import { PLAIN, type Fields } from '../crypto';

const iso = (d: Date = new Date()) => d.toISOString();

/**
 * On-call pages, settled once per urgent escalation. The escalation row is the promise to page
 * (stored before the patient is told); settling it queues the pages in the outbox in the same
 * transaction, so a page is neither lost nor sent twice, whichever instance settles it.
 */
export class SqlPagerStore implements PagerStore {
  constructor(
    private readonly sql: SqlDriver,
    private readonly fields: Fields = PLAIN,
  ) {}

  async unpaged(limit: number): Promise<UnpagedEscalation[]> {
    return this.sql.all<UnpagedEscalation>(
      `SELECT id, conversation_id AS "conversationId", created_at AS "createdAt" FROM escalations
        WHERE priority = 'urgent' AND paged_at IS NULL ORDER BY created_at LIMIT ?`,
      [limit],
    );
  }

  async counts(conversationId: string, since: Date, conversationSince: Date): Promise<PageCounts> {
    const sent = await this.sql.get<{ total: number; conversation: number }>(
      `SELECT COUNT(*) AS total,
              SUM(CASE WHEN conversation_id = ? AND paged_at >= ? THEN 1 ELSE 0 END) AS conversation
         FROM escalations WHERE page = 'sent' AND paged_at >= ?`,
      [conversationId, iso(conversationSince), iso(since)],
    );
    return { total: Number(sent?.total ?? 0), conversation: Number(sent?.conversation ?? 0) };
  }

  async settle(escalationId: string, pages: ((held: number) => OnCallPage[]) | 'held') {
    return this.sql.tx(async (q) => {
      const now = iso();
      const claimed = await q.run(
        'UPDATE escalations SET paged_at = ?, page = ? WHERE id = ? AND paged_at IS NULL',
        [now, pages === 'held' ? 'held' : 'sent', escalationId],
      );
      if (!claimed || pages === 'held') return claimed > 0;
      // The escalations held back since the last page are told of in this one, once.
      const held = await q.run("UPDATE escalations SET page = 'held-told' WHERE page = 'held'");
      await this.enqueue(q, pages(held), now);
      return true;
    });
  }

  async queue(pages: OnCallPage[]): Promise<void> {
    await this.sql.tx((q) => this.enqueue(q, pages, iso()));
  }

  private async enqueue(q: SqlRunner, pages: OnCallPage[], now: string): Promise<void> {
    for (const p of pages) {
      await q.run(
        `INSERT INTO sms_contacts (conversation_id, patient_number, clinic_number, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (conversation_id) DO NOTHING`,
        [p.contactId, this.fields.seal(p.to), this.fields.seal(p.from), now],
      );
      await q.run(
        'INSERT INTO sms_outbox (conversation_id, body, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        [p.contactId, this.fields.seal(p.body), now, now, now],
      );
    }
  }
}
