import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Escalation, Store, StoredActivity, TranscriptLine, TurnRecord } from '../types';
import { MIGRATIONS } from './migrations';
import { SqliteSmsStore } from './smsStore';
import { SqliteStaffStore } from './staffStore';
import { SqliteTeachingStore } from './teachingStore';

/** Opens (creating on first start) the SQLite file and brings its schema up to date. */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a message acknowledged to the patient survives a power cut, not just a crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const migrate = db.transaction((version: number, sql: string) => {
    db.exec(sql);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
      version,
      new Date().toISOString(),
    );
  });
  MIGRATIONS.forEach((sql, i) => {
    if (!applied.has(i + 1)) migrate(i + 1, sql);
  });
  return db;
}

const now = () => new Date().toISOString();

export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/** The default store: one SQLite file, nothing to install. */
export class SqliteStore implements Store {
  readonly sms: SqliteSmsStore;
  readonly staff: SqliteStaffStore;
  readonly teaching: SqliteTeachingStore;
  private readonly appendTx: (conversationId: string, activity: Record<string, unknown>) => number;

  constructor(readonly db: Database.Database) {
    this.sms = new SqliteSmsStore(db);
    this.staff = new SqliteStaffStore(db);
    this.teaching = new SqliteTeachingStore(db);
    const next = db.prepare(
      'SELECT COALESCE(MAX(seq), -1) + 1 AS seq FROM activities WHERE conversation_id = ?',
    );
    const insert = db.prepare(
      'INSERT INTO activities (conversation_id, seq, activity, created_at) VALUES (?, ?, ?, ?)',
    );
    this.appendTx = db.transaction((conversationId: string, activity: Record<string, unknown>) => {
      const { seq } = next.get(conversationId) as { seq: number };
      // The id carries the watermark, so a client can tell the order from the id alone.
      const stored = { ...activity, id: activityId(conversationId, seq) };
      insert.run(conversationId, seq, JSON.stringify(stored), now());
      return seq;
    });
  }

  async ensureConversation(id: string, channel: string): Promise<void> {
    await this.createConversation(id, channel);
  }

  async staffOwns(id: string): Promise<boolean> {
    return (await this.staff.ownerOf(id)).owner === 'staff';
  }

  async appendTranscript(line: TranscriptLine): Promise<void> {
    this.db
      .prepare('INSERT INTO transcript (conversation_id, at, sender, text) VALUES (?, ?, ?, ?)')
      .run(line.conversationId, line.at, line.from, line.text);
  }

  async createEscalation(e: Omit<Escalation, 'id' | 'createdAt'>): Promise<Escalation> {
    const escalation: Escalation = { ...e, id: randomUUID(), createdAt: now() };
    this.db
      .prepare(
        `INSERT INTO escalations (id, conversation_id, channel, reason, priority, lang, considered, topic, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        escalation.id,
        e.conversationId,
        e.channel,
        e.reason,
        e.priority,
        e.lang,
        JSON.stringify(e.considered),
        e.topic ?? null,
        escalation.createdAt,
      );
    return escalation;
  }

  async recordTurn(t: TurnRecord): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO turns (conversation_id, action, lang, entry_id, confidence, ranked, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        t.conversationId,
        t.action,
        t.lang,
        t.entryId,
        t.confidence,
        JSON.stringify(t.ranked),
        now(),
      );
    this.db.prepare('UPDATE conversations SET lang = ? WHERE id = ?').run(t.lang, t.conversationId);
  }

  async createConversation(id: string, channel: string): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO conversations (id, channel, created_at) VALUES (?, ?, ?)')
      .run(id, channel, now());
  }

  async conversationExists(id: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM conversations WHERE id = ?').get(id) !== undefined;
  }

  async appendActivity(conversationId: string, activity: Record<string, unknown>): Promise<number> {
    return this.appendTx(conversationId, activity);
  }

  async activitiesAfter(conversationId: string, watermark: number): Promise<StoredActivity[]> {
    const rows = this.db
      .prepare(
        'SELECT seq, activity FROM activities WHERE conversation_id = ? AND seq > ? ORDER BY seq',
      )
      .all(conversationId, watermark) as { seq: number; activity: string }[];
    return rows.map((r) => ({
      seq: r.seq,
      activity: JSON.parse(r.activity) as Record<string, unknown>,
    }));
  }

  async setting(key: string, create: () => string): Promise<string> {
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, create());
    return (
      this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string }
    ).value;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** For tests and the staff console: everything said in a conversation, in order. */
  async transcriptOf(conversationId: string): Promise<TranscriptLine[]> {
    const rows = this.db
      .prepare(
        'SELECT conversation_id, at, sender, text FROM transcript WHERE conversation_id = ? ORDER BY id',
      )
      .all(conversationId) as {
      conversation_id: string;
      at: string;
      sender: TranscriptLine['from'];
      text: string;
    }[];
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      at: r.at,
      from: r.sender,
      text: r.text,
    }));
  }

  async escalationsOf(conversationId: string): Promise<Escalation[]> {
    const rows = this.db
      .prepare('SELECT * FROM escalations WHERE conversation_id = ? ORDER BY created_at')
      .all(conversationId) as Record<string, string>[];
    return rows.map((r) => ({
      id: r.id,
      conversationId: r.conversation_id,
      channel: r.channel,
      reason: r.reason as Escalation['reason'],
      priority: r.priority as Escalation['priority'],
      lang: r.lang as Escalation['lang'],
      createdAt: r.created_at,
      considered: JSON.parse(r.considered) as Escalation['considered'],
      topic: r.topic ?? undefined,
    }));
  }
}
