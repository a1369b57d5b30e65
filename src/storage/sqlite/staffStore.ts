import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Lang } from '../../knowledge/types';
import type {
  AuditEntry,
  QueueItem,
  StaffCredentials,
  StaffMember,
  StaffRole,
  StaffStore,
} from '../types';

const iso = () => new Date().toISOString();

type Row = Record<string, string | number | null>;

const member = (r: Row): StaffMember => ({
  id: String(r.id),
  email: String(r.email),
  role: r.role as StaffRole,
});

export class SqliteStaffStore implements StaffStore {
  constructor(private readonly db: Database.Database) {}

  async addStaff(
    email: string,
    role: StaffRole,
    passwordHash: string | null,
    setupTokenHash: string | null,
  ) {
    const m: StaffMember = { id: randomUUID(), email: email.toLowerCase(), role };
    this.db
      .prepare(
        'INSERT INTO staff (id, email, role, password_hash, setup_token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(m.id, m.email, role, passwordHash, setupTokenHash, iso());
    return m;
  }

  async credentials(email: string): Promise<StaffCredentials | undefined> {
    const r = this.db.prepare('SELECT * FROM staff WHERE email = ?').get(email.toLowerCase()) as
      Row | undefined;
    return (
      r && {
        ...member(r),
        passwordHash: (r.password_hash as string | null) ?? null,
        failedLogins: Number(r.failed_logins),
        lockedUntil: (r.locked_until as string | null) ?? null,
      }
    );
  }

  async bySetupToken(tokenHash: string) {
    const r = this.db.prepare('SELECT * FROM staff WHERE setup_token_hash = ?').get(tokenHash) as
      Row | undefined;
    return r && member(r);
  }

  async setPassword(staffId: string, passwordHash: string) {
    this.db
      .prepare('UPDATE staff SET password_hash = ?, setup_token_hash = NULL WHERE id = ?')
      .run(passwordHash, staffId);
  }

  async loginFailed(staffId: string, lockedUntil: string | null) {
    this.db
      .prepare(
        'UPDATE staff SET failed_logins = failed_logins + 1, locked_until = COALESCE(?, locked_until) WHERE id = ?',
      )
      .run(lockedUntil, staffId);
  }

  async loginSucceeded(staffId: string) {
    this.db
      .prepare('UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = ?')
      .run(staffId);
  }

  async createSession(tokenHash: string, staffId: string, csrf: string, expiresAt: string) {
    this.db
      .prepare(
        'INSERT INTO staff_sessions (token_hash, staff_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(tokenHash, staffId, csrf, iso(), expiresAt);
  }

  async session(tokenHash: string) {
    const r = this.db
      .prepare(
        `SELECT s.csrf, s.expires_at, st.id, st.email, st.role FROM staff_sessions s JOIN staff st ON st.id = s.staff_id
         WHERE s.token_hash = ? AND s.expires_at > ?`,
      )
      .get(tokenHash, iso()) as Row | undefined;
    return r && { member: member(r), csrf: String(r.csrf), expiresAt: String(r.expires_at) };
  }

  async deleteSession(tokenHash: string) {
    this.db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?').run(tokenHash);
  }

  async ownerOf(conversationId: string) {
    const r = this.db
      .prepare('SELECT owner, owner_staff_id FROM conversations WHERE id = ?')
      .get(conversationId) as Row | undefined;
    return {
      owner: (r?.owner as 'bot' | 'staff') ?? 'bot',
      staffId: (r?.owner_staff_id as string | null) ?? null,
    };
  }

  async claim(conversationId: string, staffId: string): Promise<boolean> {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE conversations SET owner = 'staff', owner_staff_id = ?
           WHERE id = ? AND (owner = 'bot' OR owner_staff_id = ?)`,
        )
        .run(staffId, conversationId, staffId).changes;
      if (!changed) return false;
      const open = this.db
        .prepare('SELECT 1 FROM handoffs WHERE conversation_id = ? AND ended_at IS NULL')
        .get(conversationId);
      if (!open) {
        this.db
          .prepare('INSERT INTO handoffs (conversation_id, staff_id, started_at) VALUES (?, ?, ?)')
          .run(conversationId, staffId, iso());
      }
      this.db
        .prepare(
          "UPDATE escalations SET status = 'claimed', claimed_by = ? WHERE conversation_id = ? AND status = 'open'",
        )
        .run(staffId, conversationId);
      return true;
    })();
  }

  async resolve(conversationId: string, staffId: string): Promise<boolean> {
    return this.db.transaction(() => {
      const now = iso();
      this.db
        .prepare("UPDATE conversations SET owner = 'bot', owner_staff_id = NULL WHERE id = ?")
        .run(conversationId);
      this.db
        .prepare('UPDATE handoffs SET ended_at = ? WHERE conversation_id = ? AND ended_at IS NULL')
        .run(now, conversationId);
      const resolved = this.db
        .prepare(
          "UPDATE escalations SET status = 'resolved', resolved_at = ?, claimed_by = COALESCE(claimed_by, ?) WHERE conversation_id = ? AND status != 'resolved'",
        )
        .run(now, staffId, conversationId).changes;
      return resolved > 0;
    })();
  }

  async queue(): Promise<QueueItem[]> {
    // Most urgent first (emergency, crisis, personal, asked for a person, unsure), then oldest.
    const rows = this.db
      .prepare(
        `SELECT e.*, (SELECT t.text FROM transcript t WHERE t.conversation_id = e.conversation_id AND t.sender = 'patient'
                      ORDER BY t.id DESC LIMIT 1) AS last_text
         FROM escalations e WHERE e.status != 'resolved'
         ORDER BY CASE e.reason WHEN 'crisis' THEN 0 WHEN 'emergency' THEN 0 WHEN 'personal' THEN 1
                  WHEN 'human' THEN 2 ELSE 3 END, e.created_at`,
      )
      .all() as Row[];
    // One row per conversation: its most pressing open escalation.
    const seen = new Set<string>();
    return rows
      .filter((r) => !seen.has(String(r.conversation_id)) && seen.add(String(r.conversation_id)))
      .map((r) => ({
        escalationId: String(r.id),
        conversationId: String(r.conversation_id),
        channel: String(r.channel),
        reason: r.reason as QueueItem['reason'],
        priority: r.priority as QueueItem['priority'],
        lang: r.lang as Lang,
        createdAt: String(r.created_at),
        status: r.status as QueueItem['status'],
        claimedBy: (r.claimed_by as string | null) ?? null,
        lastPatientMessage: (r.last_text as string | null) ?? null,
      }));
  }

  async channelOf(conversationId: string) {
    const r = this.db
      .prepare('SELECT channel, lang FROM conversations WHERE id = ?')
      .get(conversationId) as Row | undefined;
    return r && { channel: String(r.channel), lang: (r.lang as Lang | null) ?? null };
  }

  async audit(e: Omit<AuditEntry, 'at'>) {
    this.db
      .prepare(
        'INSERT INTO audit (at, staff_id, action, conversation_id, detail) VALUES (?, ?, ?, ?, ?)',
      )
      .run(iso(), e.staffId, e.action, e.conversationId, e.detail);
  }

  async auditLog(f: {
    staffId?: string;
    action?: string;
    conversationId?: string;
    limit?: number;
  }) {
    const rows = this.db
      .prepare(
        `SELECT at, staff_id, action, conversation_id, detail FROM audit
         WHERE (? IS NULL OR staff_id = ?) AND (? IS NULL OR action = ?) AND (? IS NULL OR conversation_id = ?)
         ORDER BY id DESC LIMIT ?`,
      )
      .all(
        f.staffId ?? null,
        f.staffId ?? null,
        f.action ?? null,
        f.action ?? null,
        f.conversationId ?? null,
        f.conversationId ?? null,
        f.limit ?? 200,
      ) as Row[];
    return rows.map((r) => ({
      at: String(r.at),
      staffId: (r.staff_id as string | null) ?? null,
      action: String(r.action),
      conversationId: (r.conversation_id as string | null) ?? null,
      detail: (r.detail as string | null) ?? null,
    }));
  }

  async handoffs(conversationId: string) {
    const rows = this.db
      .prepare(
        'SELECT staff_id, started_at, ended_at FROM handoffs WHERE conversation_id = ? ORDER BY id',
      )
      .all(conversationId) as Row[];
    return rows.map((r) => ({
      staffId: String(r.staff_id),
      startedAt: String(r.started_at),
      endedAt: (r.ended_at as string | null) ?? null,
    }));
  }
}
