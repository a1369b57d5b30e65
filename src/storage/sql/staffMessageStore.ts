import type { DeliveryState, StaffMessageRecord } from '../types';
import type { SqlDriver } from './driver';
import { nameOf } from './staffStore';

const iso = () => new Date().toISOString();

/** A web-chat staff message stored in the chat, which the patient's widget has not received. */
export const NOT_SEEN =
  'not seen yet: the patient is not in the chat; it shows when they come back';

type Row = Record<string, string | number | null>;

/**
 * A staff message's state from its SMS outbox row and Twilio's delivery reports; a message with
 * no outbox row (web chat) was delivered once stored and pushed to the widget.
 */
export function deliveryState(r: {
  outboxId: unknown;
  status: unknown;
  attempts: unknown;
  error: unknown;
  delivery: unknown;
  activitySeq?: unknown;
  shownSeq?: unknown;
}): { state: DeliveryState; reason: string | null } {
  const error = typeof r.error === 'string' ? r.error : null;
  if (r.outboxId === null || r.outboxId === undefined) {
    // Web chat: delivered once the patient's widget received it (open, or on their next visit).
    const seq =
      r.activitySeq === null || r.activitySeq === undefined ? undefined : Number(r.activitySeq);
    if (
      seq === undefined ||
      (r.shownSeq !== null && r.shownSeq !== undefined && Number(r.shownSeq) >= seq)
    )
      return { state: 'delivered', reason: null };
    return { state: 'sent', reason: NOT_SEEN };
  }
  if (r.status === 'failed') return { state: 'failed', reason: error ?? 'not sent' };
  if (r.status === 'sending') return { state: 'sending', reason: null };
  if (r.status === 'queued')
    return Number(r.attempts) > 0 && error
      ? { state: 'retrying', reason: error }
      : { state: 'queued', reason: null };
  // Sent to Twilio: what the carrier reported since.
  if (r.delivery === 'undelivered' || r.delivery === 'failed')
    return { state: 'failed', reason: error ?? `Twilio reported ${String(r.delivery)}` };
  if (r.delivery === 'delivered') return { state: 'delivered', reason: null };
  if (r.delivery === 'read') return { state: 'read', reason: null };
  return { state: 'sent', reason: null };
}

const SELECT = `SELECT m.id, m.conversation_id, m.at, m.staff_id, m.channel, m.outbox_id, m.alerted_at,
       m.acknowledged_at, m.activity_seq, c.staff_shown_seq, o.status, o.attempts, o.error, o.delivery,
       o.updated_at, st.email, st.display_name
  FROM staff_messages m LEFT JOIN sms_outbox o ON o.id = m.outbox_id LEFT JOIN staff st ON st.id = m.staff_id
  LEFT JOIN conversations c ON c.id = m.conversation_id`;

function record(r: Row): StaffMessageRecord {
  const { state, reason } = deliveryState({
    outboxId: r.outbox_id,
    status: r.status,
    attempts: r.attempts,
    error: r.error,
    delivery: r.delivery,
    activitySeq: r.activity_seq,
    shownSeq: r.staff_shown_seq,
  });
  return {
    id: Number(r.id),
    conversationId: String(r.conversation_id),
    at: String(r.at),
    staffId: (r.staff_id as string | null) ?? null,
    staffName: r.email ? nameOf(r.display_name, String(r.email)) : null,
    channel: String(r.channel),
    state,
    reason,
    alertedAt: (r.alerted_at as string | null) ?? null,
    acknowledgedAt: (r.acknowledged_at as string | null) ?? null,
  };
}

/**
 * Each message staff sent (replies and the joined/finished notices), linked to its outbox row so
 * the console can show how far it got, and the alert a failed urgent one raised.
 */
export class SqlStaffMessageStore {
  constructor(private readonly sql: SqlDriver) {}

  async record(m: {
    conversationId: string;
    at: string;
    staffId: string | null;
    channel: string;
    outboxId: number | null;
    activitySeq?: number | null;
  }): Promise<void> {
    await this.sql.run(
      'INSERT INTO staff_messages (conversation_id, at, staff_id, channel, outbox_id, activity_seq) VALUES (?, ?, ?, ?, ?, ?)',
      [m.conversationId, m.at, m.staffId, m.channel, m.outboxId, m.activitySeq ?? null],
    );
  }

  /**
   * The patient's widget received the chat's history up to `seq`, staff messages among it: true
   * when that is news (the console is then told).
   */
  async shownUpTo(conversationId: string, seq: number): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE conversations SET staff_shown_seq = ? WHERE id = ? AND (staff_shown_seq IS NULL OR staff_shown_seq < ?)',
      [seq, conversationId, seq],
    );
    return changed > 0;
  }

  async ofConversation(conversationId: string): Promise<StaffMessageRecord[]> {
    const rows = await this.sql.all<Row>(`${SELECT} WHERE m.conversation_id = ? ORDER BY m.id`, [
      conversationId,
    ]);
    return rows.map(record);
  }

  /** Messages whose outbox row changed after `since` (an ISO time), oldest change first. */
  async changedSince(since: string): Promise<(StaffMessageRecord & { updatedAt: string })[]> {
    const rows = await this.sql.all<Row>(
      `${SELECT} WHERE o.updated_at > ? ORDER BY o.updated_at, m.id LIMIT 500`,
      [since],
    );
    return rows.map((r) => ({ ...record(r), updatedAt: String(r.updated_at) }));
  }

  /**
   * Marks a failed message of a conversation that had an urgent escalation as alerted: true for
   * the one instance that did it (it alerts the consoles and pages on-call staff), false when it
   * was done already or the conversation was never urgent.
   */
  async claimAlert(id: number): Promise<boolean> {
    const changed = await this.sql.run(
      `UPDATE staff_messages SET alerted_at = ? WHERE id = ? AND alerted_at IS NULL
         AND EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = staff_messages.conversation_id
                       AND e.priority = 'urgent')`,
      [iso(), id],
    );
    return changed > 0;
  }

  /** Alerts no one has acknowledged yet, oldest first. */
  async openAlerts(): Promise<StaffMessageRecord[]> {
    const rows = await this.sql.all<Row>(
      `${SELECT} WHERE m.alerted_at IS NOT NULL AND m.acknowledged_at IS NULL ORDER BY m.alerted_at`,
    );
    return rows.map(record);
  }

  async acknowledge(id: number, staffId: string): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE staff_messages SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND alerted_at IS NOT NULL AND acknowledged_at IS NULL',
      [iso(), staffId, id],
    );
    return changed > 0;
  }
}
