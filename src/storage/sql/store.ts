import { randomUUID } from 'node:crypto';
import type { Escalation, Store, StoredActivity, TranscriptLine, TurnRecord } from '../types';
import type { Bus } from '../bus';
import type { SqlDriver } from './driver';
import { FieldCipher, PLAIN, type Fields } from '../crypto';
import { SqlSmsStore } from './smsStore';
import { SqlPagerStore } from './pagerStore';
import { SqlStaffStore } from './staffStore';
import { SqlTeachingStore } from './teachingStore';
import { SqlCurationStore } from './curationStore';

const now = () => new Date().toISOString();

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

type EscalationRow = Record<string, string | null>;

/** Everything the service keeps, in SQL both engines understand (SQLite and PostgreSQL). */
export class SqlStore implements Store {
  readonly sms: SqlSmsStore;
  readonly pager: SqlPagerStore;
  readonly staff: SqlStaffStore;
  readonly teaching: SqlTeachingStore;
  readonly curation: SqlCurationStore;

  constructor(
    readonly sql: SqlDriver,
    /** How this instance tells the others (none on SQLite, LISTEN/NOTIFY on PostgreSQL). */
    readonly bus: Bus,
    /** Seals patients' words and numbers at rest when DATA_KEY is set. */
    readonly fields: Fields = PLAIN,
  ) {
    this.sms = new SqlSmsStore(sql, fields);
    this.pager = new SqlPagerStore(sql, fields);
    this.staff = new SqlStaffStore(sql, fields);
    this.teaching = new SqlTeachingStore(sql, fields);
    this.curation = new SqlCurationStore(sql, fields);
  }

  get engine(): 'sqlite' | 'pg' {
    return this.sql.dialect;
  }

  async ensureConversation(id: string, channel: string): Promise<'bot' | 'staff'> {
    // Read first: nearly every message is in a conversation that exists, and a read neither
    // writes nor waits for a commit.
    const row = await this.sql.get<{ owner: string }>(
      'SELECT owner FROM conversations WHERE id = ?',
      [id],
    );
    if (row) return row.owner === 'staff' ? 'staff' : 'bot';
    await this.createConversation(id, channel);
    return 'bot';
  }

  async appendTranscript(line: TranscriptLine): Promise<void> {
    await this.sql.run(
      'INSERT INTO transcript (conversation_id, at, sender, text, source) VALUES (?, ?, ?, ?, ?)',
      [line.conversationId, line.at, line.from, this.fields.seal(line.text), line.source ?? null],
    );
  }

  async createEscalation(e: Omit<Escalation, 'id' | 'createdAt'>): Promise<Escalation> {
    const escalation: Escalation = { ...e, id: randomUUID(), createdAt: now() };
    await this.sql.run(
      `INSERT INTO escalations (id, conversation_id, channel, reason, priority, lang, considered, topic, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        escalation.id,
        e.conversationId,
        e.channel,
        e.reason,
        e.priority,
        e.lang,
        JSON.stringify(e.considered),
        e.topic ?? null,
        escalation.createdAt,
      ],
    );
    return escalation;
  }

  async recordTurn(t: TurnRecord): Promise<void> {
    await this.sql.run(
      'INSERT INTO turns (conversation_id, action, lang, entry_id, confidence, ranked, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [
        t.conversationId,
        t.action,
        t.lang,
        t.entryId,
        t.confidence,
        JSON.stringify(t.ranked),
        now(),
      ],
    );
    // The conversation's language follows by a trigger (migration 7; PostgreSQL's 3).
  }

  async saveResume(
    secretHash: string,
    conversationId: string,
    userId: string,
    expiresAt: Date,
  ): Promise<void> {
    await this.sql.run(
      'INSERT INTO webchat_resume (secret_hash, conversation_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      [secretHash, conversationId, userId, now(), expiresAt.toISOString()],
    );
  }

  async resumeOf(secretHash: string) {
    const row = await this.sql.get<{ conversation_id: string; user_id: string }>(
      'SELECT conversation_id, user_id FROM webchat_resume WHERE secret_hash = ? AND expires_at > ?',
      [secretHash, now()],
    );
    return row && { conversationId: row.conversation_id, userId: row.user_id };
  }

  async createConversation(id: string, channel: string): Promise<void> {
    await this.sql.run(
      'INSERT INTO conversations (id, channel, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
      [id, channel, now()],
    );
  }

  async conversationOpen(id: string): Promise<boolean> {
    return (
      (await this.sql.get(
        'SELECT 1 AS one FROM conversations WHERE id = ? AND revoked_at IS NULL',
        [id],
      )) !== undefined
    );
  }

  async appendActivity(
    conversationId: string,
    activity: Record<string, unknown>,
  ): Promise<StoredActivity> {
    return this.sql.tx(async (q) => {
      // The conversation's row is the counter: on PostgreSQL its lock orders concurrent appends.
      const row = await q.get<{ last_seq: number }>(
        'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
        [conversationId],
      );
      if (!row) throw new Error('no such conversation');
      const seq = row.last_seq;
      // The id carries the watermark, so a client can tell the order from the id alone.
      const stored = { ...activity, id: activityId(conversationId, seq) };
      await q.run(
        'INSERT INTO activities (conversation_id, seq, activity, created_at) VALUES (?, ?, ?, ?)',
        [conversationId, seq, this.fields.seal(JSON.stringify(stored)), now()],
      );
      return { seq, activity: stored };
    });
  }

  async activitiesAfter(conversationId: string, watermark: number): Promise<StoredActivity[]> {
    const rows = await this.sql.all<{ seq: number; activity: string }>(
      'SELECT seq, activity FROM activities WHERE conversation_id = ? AND seq > ? ORDER BY seq',
      [conversationId, watermark],
    );
    return rows.map((r) => ({
      seq: r.seq,
      activity: JSON.parse(this.fields.open(r.activity)) as Record<string, unknown>,
    }));
  }

  /**
   * Settings hold keys (the chat-token signing key, the key phone numbers are hashed with), so
   * with DATA_KEY they are sealed like patients' words: a copy of the database alone gives
   * neither. One kept in clear from before DATA_KEY was set is sealed on first read.
   */
  async setting(key: string, create: () => string): Promise<string> {
    await this.sql.run(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
      [key, this.fields.seal(create())],
    );
    const stored = (await this.sql.get<{ value: string }>(
      'SELECT value FROM settings WHERE key = ?',
      [key],
    ))!.value;
    const value = this.fields.open(stored);
    if (this.fields instanceof FieldCipher && !this.fields.isSealed(stored))
      await this.sql.run('UPDATE settings SET value = ? WHERE key = ? AND value = ?', [
        this.fields.seal(value),
        key,
        stored,
      ]);
    return value;
  }

  /**
   * Removes what patients said and what was said to them before `cutoff`: transcripts, web-chat
   * history, turn records, bot state, answered webhooks, finished outbox messages, resolved
   * escalations, staff messages' delivery records, and conversations left empty. Kept: open escalations (staff still need them),
   * opt-outs (a STOP must be honoured for good), staff accounts and the audit log.
   */
  async purgeBefore(cutoff: Date): Promise<Record<string, number>> {
    const at = cutoff.toISOString();
    const steps: [string, string][] = [
      ['transcript', 'DELETE FROM transcript WHERE at < ?'],
      ['activities', 'DELETE FROM activities WHERE created_at < ?'],
      ['webchatResume', 'DELETE FROM webchat_resume WHERE expires_at < ?'],
      ['turns', 'DELETE FROM turns WHERE at < ?'],
      ['botState', 'DELETE FROM bot_state WHERE updated_at < ?'],
      ['smsInbound', 'DELETE FROM sms_inbound WHERE received_at < ?'],
      ['smsOutbox', "DELETE FROM sms_outbox WHERE status IN ('sent', 'failed') AND updated_at < ?"],
      ['escalations', "DELETE FROM escalations WHERE status = 'resolved' AND created_at < ?"],
      // An alert no one has dismissed yet stays on the console.
      [
        'staffMessages',
        'DELETE FROM staff_messages WHERE at < ? AND (alerted_at IS NULL OR acknowledged_at IS NOT NULL)',
      ],
      [
        'conversations',
        `DELETE FROM conversations WHERE created_at < ? AND owner = 'bot'
           AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.conversation_id = conversations.id)
           AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = conversations.id)`,
      ],
    ];
    const removed: Record<string, number> = {};
    for (const [name, sql] of steps) removed[name] = await this.sql.run(sql, [at]);
    removed.smsContacts = await this.sql.run(
      `DELETE FROM sms_contacts WHERE opted_out = 0
         AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = sms_contacts.conversation_id)`,
    );
    return removed;
  }

  async forgetConversation(id: string): Promise<number> {
    return this.sql.tx(async (q) => {
      let removed = 0;
      for (const sql of [
        'DELETE FROM transcript WHERE conversation_id = ?',
        'DELETE FROM activities WHERE conversation_id = ?',
        'DELETE FROM turns WHERE conversation_id = ?',
        'DELETE FROM escalations WHERE conversation_id = ?',
        'DELETE FROM sms_inbound WHERE conversation_id = ?',
        "DELETE FROM sms_outbox WHERE conversation_id = ? AND status != 'sending'",
        // The number goes too, unless it opted out: a STOP is honoured for good.
        'DELETE FROM sms_contacts WHERE conversation_id = ? AND opted_out = 0',
        'DELETE FROM webchat_resume WHERE conversation_id = ?',
        'DELETE FROM staff_messages WHERE conversation_id = ?',
      ])
        removed += await q.run(sql, [id]);
      // The chat's tokens open nothing any more: its next visit starts a new conversation.
      await q.run('UPDATE conversations SET revoked_at = ? WHERE id = ?', [now(), id]);
      await q.run(
        'INSERT INTO audit (at, staff_id, action, conversation_id, detail) VALUES (?, ?, ?, ?, ?)',
        [now(), null, 'patient-deleted-data', id, `${removed} records removed`],
      );
      return removed;
    });
  }

  /**
   * Re-seals every encrypted field with the current key (after a new key was put first in
   * DATA_KEY), and seals what was stored before encryption was on. Returns the fields changed.
   */
  async rekey(cipher: FieldCipher): Promise<number> {
    const fields: [table: string, key: string[], columns: string[]][] = [
      ['transcript', ['id'], ['text']],
      ['activities', ['conversation_id', 'seq'], ['activity']],
      ['sms_contacts', ['conversation_id'], ['patient_number', 'clinic_number']],
      ['sms_inbound', ['message_sid'], ['reply']],
      ['sms_outbox', ['id'], ['body']],
      ['bot_state', ['key'], ['doc']],
      ['knowledge_changes', ['id'], ['payload']],
      ['settings', ['key'], ['value']],
    ];
    let changed = 0;
    for (const [table, key, columns] of fields) {
      const rows = await this.sql.all<Record<string, string | number>>(
        `SELECT ${[...key, ...columns].join(', ')} FROM ${table}`,
      );
      for (const row of rows) {
        const stale = columns.filter((c) => cipher.isStale(String(row[c])));
        if (!stale.length) continue;
        await this.sql.run(
          `UPDATE ${table} SET ${stale.map((c) => `${c} = ?`).join(', ')} WHERE ${key.map((k) => `${k} = ?`).join(' AND ')}`,
          [
            ...stale.map((c) => cipher.seal(cipher.open(String(row[c])))),
            ...key.map((k) => row[k]),
          ],
        );
        changed += stale.length;
      }
    }
    return changed;
  }

  synced(): Promise<void> {
    return this.sql.synced();
  }

  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.sql.exclusive(key, fn);
  }

  async ping(): Promise<void> {
    await this.sql.get('SELECT 1 AS one');
  }

  async close(): Promise<void> {
    await this.bus.close();
    await this.sql.close();
  }

  /** For tests and the staff console: everything said in a conversation, in order. */
  async transcriptOf(conversationId: string): Promise<TranscriptLine[]> {
    const rows = await this.sql.all<{
      conversation_id: string;
      at: string;
      sender: TranscriptLine['from'];
      text: string;
      source: string | null;
    }>(
      'SELECT conversation_id, at, sender, text, source FROM transcript WHERE conversation_id = ? ORDER BY id',
      [conversationId],
    );
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      at: r.at,
      from: r.sender,
      text: this.fields.open(r.text),
      ...(r.source ? { source: r.source } : {}),
    }));
  }

  async escalationsOf(conversationId: string): Promise<Escalation[]> {
    const rows = await this.sql.all<EscalationRow>(
      'SELECT * FROM escalations WHERE conversation_id = ? ORDER BY created_at',
      [conversationId],
    );
    return rows.map((r) => ({
      id: String(r.id),
      conversationId: String(r.conversation_id),
      channel: String(r.channel),
      reason: r.reason as Escalation['reason'],
      priority: r.priority as Escalation['priority'],
      lang: r.lang as Escalation['lang'],
      createdAt: String(r.created_at),
      considered: JSON.parse(String(r.considered)) as Escalation['considered'],
      topic: r.topic ?? undefined,
    }));
  }
}
