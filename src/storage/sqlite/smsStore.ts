import type Database from 'better-sqlite3';
import type { OutboxMessage, SmsContact, SmsStore } from '../types';

const iso = (d: Date = new Date()) => d.toISOString();

interface OutboxRow {
  id: number;
  conversation_id: string;
  body: string;
  attempts: number;
  patient_number: string;
  clinic_number: string;
}

export class SqliteSmsStore implements SmsStore {
  constructor(private readonly db: Database.Database) {}

  async saveContact(
    conversationId: string,
    patientNumber: string,
    clinicNumber: string,
  ): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO sms_contacts (conversation_id, patient_number, clinic_number, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(conversation_id) DO NOTHING`,
      )
      .run(conversationId, patientNumber, clinicNumber, iso());
  }

  async contact(conversationId: string): Promise<SmsContact | undefined> {
    const row = this.db
      .prepare(
        'SELECT patient_number, clinic_number, opted_out FROM sms_contacts WHERE conversation_id = ?',
      )
      .get(conversationId) as
      { patient_number: string; clinic_number: string; opted_out: number } | undefined;
    return (
      row && {
        patientNumber: row.patient_number,
        clinicNumber: row.clinic_number,
        optedOut: row.opted_out === 1,
      }
    );
  }

  async setOptedOut(conversationId: string, optedOut: boolean): Promise<void> {
    this.db
      .prepare('UPDATE sms_contacts SET opted_out = ?, updated_at = ? WHERE conversation_id = ?')
      .run(optedOut ? 1 : 0, iso(), conversationId);
  }

  async inboundReply(messageSid: string): Promise<string | undefined> {
    const row = this.db
      .prepare('SELECT reply FROM sms_inbound WHERE message_sid = ?')
      .get(messageSid) as { reply: string } | undefined;
    return row?.reply;
  }

  async recordInbound(messageSid: string, conversationId: string, reply: string): Promise<void> {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO sms_inbound (message_sid, conversation_id, reply, received_at) VALUES (?, ?, ?, ?)',
      )
      .run(messageSid, conversationId, reply, iso());
  }

  async enqueue(conversationId: string, body: string): Promise<number> {
    const now = iso();
    const r = this.db
      .prepare(
        'INSERT INTO sms_outbox (conversation_id, body, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(conversationId, body, now, now, now);
    return Number(r.lastInsertRowid);
  }

  async claimDue(now: Date, limit: number): Promise<OutboxMessage[]> {
    const claim = this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT o.id, o.conversation_id, o.body, o.attempts, c.patient_number, c.clinic_number
           FROM sms_outbox o JOIN sms_contacts c ON c.conversation_id = o.conversation_id
           WHERE o.status = 'queued' AND o.next_attempt_at <= ? ORDER BY o.id LIMIT ?`,
        )
        .all(iso(now), limit) as OutboxRow[];
      const mark = this.db.prepare(
        "UPDATE sms_outbox SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'queued'",
      );
      return rows.filter((r) => mark.run(iso(), r.id).changes === 1);
    });
    return claim().map((r) => ({
      id: r.id,
      conversationId: r.conversation_id,
      body: r.body,
      attempts: r.attempts + 1,
      to: r.patient_number,
      from: r.clinic_number,
    }));
  }

  async markSent(id: number, twilioSid: string): Promise<void> {
    this.db
      .prepare(
        "UPDATE sms_outbox SET status = 'sent', twilio_sid = ?, error = NULL, updated_at = ? WHERE id = ?",
      )
      .run(twilioSid, iso(), id);
  }

  async markRetry(id: number, nextAttemptAt: Date, error: string): Promise<void> {
    this.db
      .prepare(
        "UPDATE sms_outbox SET status = 'queued', next_attempt_at = ?, error = ?, updated_at = ? WHERE id = ?",
      )
      .run(iso(nextAttemptAt), error, iso(), id);
  }

  async markFailed(id: number, error: string): Promise<void> {
    this.db
      .prepare("UPDATE sms_outbox SET status = 'failed', error = ?, updated_at = ? WHERE id = ?")
      .run(error, iso(), id);
  }

  async releaseInterrupted(): Promise<number> {
    return this.db
      .prepare(
        "UPDATE sms_outbox SET status = 'failed', error = 'interrupted while sending; not resent so it cannot arrive twice', updated_at = ? WHERE status = 'sending'",
      )
      .run(iso()).changes;
  }

  async recordDelivery(twilioSid: string, status: string, errorCode?: string): Promise<void> {
    // Twilio's callbacks can arrive out of order: a late "sent" must not undo "delivered".
    const rank = (s: string | null) =>
      ['queued', 'accepted', 'sending', 'sent'].indexOf(s ?? 'queued');
    const row = this.db
      .prepare('SELECT delivery FROM sms_outbox WHERE twilio_sid = ?')
      .get(twilioSid) as { delivery: string | null } | undefined;
    if (!row) return;
    const current = row.delivery;
    const final = current !== null && rank(current) < 0;
    if (final || (rank(status) >= 0 && rank(status) < rank(current))) return;
    this.db
      .prepare(
        'UPDATE sms_outbox SET delivery = ?, error = COALESCE(?, error), updated_at = ? WHERE twilio_sid = ?',
      )
      .run(status, errorCode ? `Twilio error ${errorCode}` : null, iso(), twilioSid);
  }

  async outboxOf(conversationId: string) {
    const rows = this.db
      .prepare(
        'SELECT id, body, status, attempts, error, delivery, twilio_sid FROM sms_outbox WHERE conversation_id = ? ORDER BY id',
      )
      .all(conversationId) as {
      id: number;
      body: string;
      status: string;
      attempts: number;
      error: string | null;
      delivery: string | null;
      twilio_sid: string | null;
    }[];
    return rows.map((r) => ({ ...r, twilioSid: r.twilio_sid }));
  }
}
