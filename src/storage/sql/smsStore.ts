import type { OutboxMessage, SmsContact, SmsStore } from '../types';
import type { SqlDriver } from './driver';
import { PLAIN, type Fields } from '../crypto';

const iso = (d: Date = new Date()) => d.toISOString();

interface OutboxRow {
  id: number;
  conversation_id: string;
  body: string;
  attempts: number;
}

export class SqlSmsStore implements SmsStore {
  constructor(
    private readonly sql: SqlDriver,
    private readonly fields: Fields = PLAIN,
  ) {}

  async saveContact(
    conversationId: string,
    patientNumber: string,
    clinicNumber: string,
  ): Promise<void> {
    await this.sql.run(
      `INSERT INTO sms_contacts (conversation_id, patient_number, clinic_number, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO NOTHING`,
      [conversationId, this.fields.seal(patientNumber), this.fields.seal(clinicNumber), iso()],
    );
  }

  async contact(conversationId: string): Promise<SmsContact | undefined> {
    const row = await this.sql.get<{
      patient_number: string;
      clinic_number: string;
      opted_out: number;
    }>(
      'SELECT patient_number, clinic_number, opted_out FROM sms_contacts WHERE conversation_id = ?',
      [conversationId],
    );
    return (
      row && {
        patientNumber: this.fields.open(row.patient_number),
        clinicNumber: this.fields.open(row.clinic_number),
        optedOut: row.opted_out === 1,
      }
    );
  }

  async setOptedOut(conversationId: string, optedOut: boolean): Promise<void> {
    await this.sql.run(
      'UPDATE sms_contacts SET opted_out = ?, updated_at = ? WHERE conversation_id = ?',
      [optedOut ? 1 : 0, iso(), conversationId],
    );
  }

  async inboundReply(messageSid: string): Promise<string | undefined> {
    const row = await this.sql.get<{ reply: string }>(
      'SELECT reply FROM sms_inbound WHERE message_sid = ?',
      [messageSid],
    );
    return row && this.fields.open(row.reply);
  }

  async recordInbound(messageSid: string, conversationId: string, reply: string): Promise<void> {
    await this.sql.run(
      `INSERT INTO sms_inbound (message_sid, conversation_id, reply, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (message_sid) DO NOTHING`,
      [messageSid, conversationId, this.fields.seal(reply), iso()],
    );
  }

  async enqueue(conversationId: string, body: string): Promise<number> {
    const now = iso();
    const row = await this.sql.get<{ id: number }>(
      'INSERT INTO sms_outbox (conversation_id, body, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
      [conversationId, this.fields.seal(body), now, now, now],
    );
    return row!.id;
  }

  async claimDue(now: Date, limit: number): Promise<OutboxMessage[]> {
    // On PostgreSQL, rows another instance is claiming are skipped, not waited for or taken twice.
    const skipLocked = this.sql.dialect === 'pg' ? 'FOR UPDATE SKIP LOCKED' : '';
    // MATERIALIZED: the due rows are chosen once; PostgreSQL could otherwise run the choice
    // again per row, and with SKIP LOCKED each run picks different rows.
    const claimed = await this.sql.all<OutboxRow>(
      `WITH due AS MATERIALIZED (
         SELECT id FROM sms_outbox WHERE status = 'queued' AND next_attempt_at <= ?
         ORDER BY id LIMIT ? ${skipLocked})
       UPDATE sms_outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?
       WHERE id IN (SELECT id FROM due) AND status = 'queued'
       RETURNING id, conversation_id, body, attempts`,
      [iso(now), limit, iso()],
    );
    // Claimed for good before anything is sent: a power cut must not let it go out again.
    if (claimed.length) await this.sql.synced();
    const messages: OutboxMessage[] = [];
    for (const r of claimed.sort((a, b) => a.id - b.id)) {
      const contact = await this.contact(r.conversation_id);
      if (!contact) {
        await this.markFailed(r.id, 'no SMS contact for this conversation');
        continue;
      }
      messages.push({
        id: r.id,
        conversationId: r.conversation_id,
        body: this.fields.open(r.body),
        attempts: r.attempts,
        to: contact.patientNumber,
        from: contact.clinicNumber,
      });
    }
    return messages;
  }

  async markSent(id: number, twilioSid: string): Promise<void> {
    await this.sql.run(
      "UPDATE sms_outbox SET status = 'sent', twilio_sid = ?, error = NULL, updated_at = ? WHERE id = ?",
      [twilioSid, iso(), id],
    );
  }

  async markRetry(id: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.sql.run(
      "UPDATE sms_outbox SET status = 'queued', next_attempt_at = ?, error = ?, updated_at = ? WHERE id = ?",
      [iso(nextAttemptAt), error, iso(), id],
    );
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.sql.run(
      "UPDATE sms_outbox SET status = 'failed', error = ?, updated_at = ? WHERE id = ?",
      [error, iso(), id],
    );
  }

  async releaseInterrupted(olderThan: Date = new Date()): Promise<number> {
    // Only sends claimed before `olderThan`: another instance may be sending one right now.
    return this.sql.run(
      "UPDATE sms_outbox SET status = 'failed', error = 'interrupted while sending; not resent so it cannot arrive twice', updated_at = ? WHERE status = 'sending' AND updated_at < ?",
      [iso(), iso(olderThan)],
    );
  }

  async recordDelivery(twilioSid: string, status: string, errorCode?: string): Promise<void> {
    // Twilio's callbacks can arrive out of order: a late "sent" must not undo "delivered".
    const rank = (s: string | null) =>
      ['queued', 'accepted', 'sending', 'sent'].indexOf(s ?? 'queued');
    const row = await this.sql.get<{ delivery: string | null }>(
      'SELECT delivery FROM sms_outbox WHERE twilio_sid = ?',
      [twilioSid],
    );
    if (!row) return;
    const current = row.delivery;
    const final = current !== null && rank(current) < 0;
    if (final || (rank(status) >= 0 && rank(status) < rank(current))) return;
    await this.sql.run(
      'UPDATE sms_outbox SET delivery = ?, error = COALESCE(?, error), updated_at = ? WHERE twilio_sid = ?',
      [status, errorCode ? `Twilio error ${errorCode}` : null, iso(), twilioSid],
    );
  }

  async outboxOf(conversationId: string) {
    const rows = await this.sql.all<{
      id: number;
      body: string;
      status: string;
      attempts: number;
      error: string | null;
      delivery: string | null;
      twilio_sid: string | null;
    }>(
      'SELECT id, body, status, attempts, error, delivery, twilio_sid FROM sms_outbox WHERE conversation_id = ? ORDER BY id',
      [conversationId],
    );
    return rows.map((r) => ({ ...r, body: this.fields.open(r.body), twilioSid: r.twilio_sid }));
  }
}
