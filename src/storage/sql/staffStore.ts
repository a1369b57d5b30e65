import { randomUUID } from 'node:crypto';
import type { Lang } from '../../language/langs';
import type {
  AuditEntry,
  AuditFilter,
  QueueItem,
  StaffAccount,
  StaffCredentials,
  StaffMember,
  StaffRole,
  StaffStore,
} from '../types';
import type { SqlDriver } from './driver';
import { PLAIN, type Fields } from '../crypto';

const iso = () => new Date().toISOString();

type Row = Record<string, string | number | null>;

/** Until a display name is set, the email's name part stands for it ("ana.r" of ana.r@...). */
export const nameOf = (displayName: unknown, email: string): string =>
  typeof displayName === 'string' && displayName.trim() ? displayName : email.split('@')[0];

const member = (r: Row): StaffMember => ({
  id: String(r.id),
  email: String(r.email),
  role: r.role as StaffRole,
  name: nameOf(r.display_name, String(r.email)),
  named: typeof r.display_name === 'string' && r.display_name.trim() !== '',
});

export class SqlStaffStore implements StaffStore {
  constructor(
    private readonly sql: SqlDriver,
    private readonly fields: Fields = PLAIN,
  ) {}

  async addStaff(
    email: string,
    role: StaffRole,
    passwordHash: string | null,
    setupTokenHash: string | null,
    displayName: string | null = null,
  ) {
    const lower = email.toLowerCase();
    const m: StaffMember = {
      id: randomUUID(),
      email: lower,
      role,
      name: nameOf(displayName, lower),
      named: Boolean(displayName?.trim()),
    };
    await this.sql.run(
      'INSERT INTO staff (id, email, role, password_hash, setup_token_hash, setup_issued_at, created_at, display_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        m.id,
        m.email,
        role,
        passwordHash,
        setupTokenHash,
        setupTokenHash ? iso() : null,
        iso(),
        displayName?.trim() || null,
      ],
    );
    return m;
  }

  async byId(staffId: string) {
    const r = await this.sql.get<Row>('SELECT * FROM staff WHERE id = ?', [staffId]);
    return r && member(r);
  }

  async setDisplayName(staffId: string, displayName: string) {
    const changed = await this.sql.run('UPDATE staff SET display_name = ? WHERE id = ?', [
      displayName.trim(),
      staffId,
    ]);
    return changed > 0;
  }

  async credentials(email: string): Promise<StaffCredentials | undefined> {
    const r = await this.sql.get<Row>('SELECT * FROM staff WHERE email = ?', [email.toLowerCase()]);
    return (
      r && {
        ...member(r),
        passwordHash: (r.password_hash as string | null) ?? null,
        disabled: r.disabled_at !== null && r.disabled_at !== undefined,
      }
    );
  }

  async bySetupToken(tokenHash: string, issuedAfter: string) {
    const r = await this.sql.get<Row>(
      'SELECT * FROM staff WHERE setup_token_hash = ? AND COALESCE(setup_issued_at, created_at) > ?',
      [tokenHash, issuedAfter],
    );
    return r && member(r);
  }

  async issueSetupLink(staffId: string, tokenHash: string) {
    await this.sql.run('UPDATE staff SET setup_token_hash = ?, setup_issued_at = ? WHERE id = ?', [
      tokenHash,
      iso(),
      staffId,
    ]);
  }

  async setPassword(staffId: string, passwordHash: string) {
    await this.sql.tx(async (q) => {
      await q.run('UPDATE staff SET password_hash = ?, setup_token_hash = NULL WHERE id = ?', [
        passwordHash,
        staffId,
      ]);
      await q.run('DELETE FROM staff_sessions WHERE staff_id = ?', [staffId]);
    });
  }

  async setDisabled(email: string, disabled: boolean) {
    return this.sql.tx(async (q) => {
      const changed = await q.run('UPDATE staff SET disabled_at = ? WHERE email = ?', [
        disabled ? iso() : null,
        email.toLowerCase(),
      ]);
      if (disabled)
        await q.run(
          'DELETE FROM staff_sessions WHERE staff_id IN (SELECT id FROM staff WHERE email = ?)',
          [email.toLowerCase()],
        );
      return changed > 0;
    });
  }

  async setRole(email: string, role: StaffRole) {
    const changed = await this.sql.run('UPDATE staff SET role = ? WHERE email = ?', [
      role,
      email.toLowerCase(),
    ]);
    return changed > 0;
  }

  async listStaff(): Promise<StaffAccount[]> {
    const rows = await this.sql.all<Row>(
      'SELECT id, email, role, display_name, password_hash, disabled_at, created_at FROM staff ORDER BY email',
    );
    return rows.map((r) => ({
      ...member(r),
      disabled: r.disabled_at !== null,
      hasPassword: r.password_hash !== null,
      createdAt: String(r.created_at),
    }));
  }

  async createSession(tokenHash: string, staffId: string, csrf: string, expiresAt: string) {
    await this.sql.run(
      'INSERT INTO staff_sessions (token_hash, staff_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      [tokenHash, staffId, csrf, iso(), expiresAt],
    );
  }

  async session(tokenHash: string) {
    const r = await this.sql.get<Row>(
      `SELECT s.csrf, s.expires_at, st.id, st.email, st.role, st.display_name FROM staff_sessions s JOIN staff st ON st.id = s.staff_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND st.disabled_at IS NULL`,
      [tokenHash, iso()],
    );
    return r && { member: member(r), csrf: String(r.csrf), expiresAt: String(r.expires_at) };
  }

  async deleteSession(tokenHash: string) {
    await this.sql.run('DELETE FROM staff_sessions WHERE token_hash = ?', [tokenHash]);
  }

  async ownerOf(conversationId: string) {
    const r = await this.sql.get<Row>(
      'SELECT owner, owner_staff_id FROM conversations WHERE id = ?',
      [conversationId],
    );
    return {
      owner: (r?.owner as 'bot' | 'staff') ?? 'bot',
      staffId: (r?.owner_staff_id as string | null) ?? null,
    };
  }

  async claim(conversationId: string, staffId: string): Promise<boolean> {
    return this.sql.tx(async (q) => {
      const changed = await q.run(
        `UPDATE conversations SET owner = 'staff', owner_staff_id = ?
         WHERE id = ? AND (owner = 'bot' OR owner_staff_id = ?)`,
        [staffId, conversationId, staffId],
      );
      if (!changed) return false;
      const open = await q.get(
        'SELECT 1 AS one FROM handoffs WHERE conversation_id = ? AND ended_at IS NULL',
        [conversationId],
      );
      if (!open) {
        await q.run(
          'INSERT INTO handoffs (conversation_id, staff_id, started_at) VALUES (?, ?, ?)',
          [conversationId, staffId, iso()],
        );
      }
      await q.run(
        "UPDATE escalations SET status = 'claimed', claimed_by = ? WHERE conversation_id = ? AND status = 'open'",
        [staffId, conversationId],
      );
      return true;
    });
  }

  async resolve(conversationId: string, staffId: string): Promise<boolean> {
    return this.sql.tx(async (q) => {
      const now = iso();
      await q.run("UPDATE conversations SET owner = 'bot', owner_staff_id = NULL WHERE id = ?", [
        conversationId,
      ]);
      await q.run(
        'UPDATE handoffs SET ended_at = ? WHERE conversation_id = ? AND ended_at IS NULL',
        [now, conversationId],
      );
      const resolved = await q.run(
        "UPDATE escalations SET status = 'resolved', resolved_at = ?, claimed_by = COALESCE(claimed_by, ?) WHERE conversation_id = ? AND status != 'resolved'",
        [now, staffId, conversationId],
      );
      return resolved > 0;
    });
  }

  async queue(): Promise<QueueItem[]> {
    // Most urgent first (emergency, crisis, personal, asked for a person, unsure), then oldest.
    const rows = await this.sql.all<Row>(
      `SELECT e.*, (SELECT t.text FROM transcript t WHERE t.conversation_id = e.conversation_id AND t.sender = 'patient'
                    ORDER BY t.id DESC LIMIT 1) AS last_text, st.display_name AS claimed_name, st.email AS claimed_email
       FROM escalations e LEFT JOIN staff st ON st.id = e.claimed_by WHERE e.status != 'resolved'
       ORDER BY CASE e.reason WHEN 'crisis' THEN 0 WHEN 'emergency' THEN 0 WHEN 'personal' THEN 1
                WHEN 'human' THEN 2 ELSE 3 END, e.created_at`,
    );
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
        claimedByName: r.claimed_email ? nameOf(r.claimed_name, String(r.claimed_email)) : null,
        lastPatientMessage: r.last_text === null ? null : this.fields.open(String(r.last_text)),
      }));
  }

  async channelOf(conversationId: string) {
    const r = await this.sql.get<Row>('SELECT channel, lang FROM conversations WHERE id = ?', [
      conversationId,
    ]);
    return r && { channel: String(r.channel), lang: (r.lang as Lang | null) ?? null };
  }

  async audit(e: Omit<AuditEntry, 'at' | 'id' | 'staffEmail'>) {
    await this.sql.run(
      'INSERT INTO audit (at, staff_id, action, conversation_id, detail, session) VALUES (?, ?, ?, ?, ?, ?)',
      [iso(), e.staffId, e.action, e.conversationId, e.detail, e.session ?? null],
    );
  }

  async auditViewOnce(staffId: string, session: string, conversationId: string) {
    // One view per session: the unique index keeps it so when two refreshes race (PostgreSQL).
    const added = await this.sql.run(
      `INSERT INTO audit (at, staff_id, action, conversation_id, detail, session)
       SELECT CAST(? AS TEXT), CAST(? AS TEXT), 'view-conversation', CAST(? AS TEXT), NULL, CAST(? AS TEXT)
        WHERE NOT EXISTS (SELECT 1 FROM audit WHERE conversation_id = ? AND staff_id = ?
                            AND action = 'view-conversation' AND session = ?)
       ON CONFLICT DO NOTHING`,
      [iso(), staffId, conversationId, session, conversationId, staffId, session],
    );
    return added > 0;
  }

  async auditLog(f: AuditFilter) {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add('a.id < ?', f.before);
    add('a.staff_id = ?', f.staffId);
    add('st.email = ?', f.staffEmail?.toLowerCase());
    add('a.action = ?', f.action);
    add('a.conversation_id = ?', f.conversationId);
    add('a.at >= ?', f.from);
    add('a.at < ?', f.to);
    const rows = await this.sql.all<Row>(
      `SELECT a.id, a.at, a.staff_id, st.email, a.action, a.conversation_id, a.detail FROM audit a
       LEFT JOIN staff st ON st.id = a.staff_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT ?`,
      [...params, f.limit ?? 200],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: String(r.at),
      staffId: (r.staff_id as string | null) ?? null,
      staffEmail: (r.email as string | null) ?? null,
      action: String(r.action),
      conversationId: (r.conversation_id as string | null) ?? null,
      detail: (r.detail as string | null) ?? null,
    }));
  }

  async handoffs(conversationId: string) {
    const rows = await this.sql.all<Row>(
      `SELECT h.staff_id, h.started_at, h.ended_at, st.email, st.display_name FROM handoffs h
       LEFT JOIN staff st ON st.id = h.staff_id WHERE h.conversation_id = ? ORDER BY h.id`,
      [conversationId],
    );
    return rows.map((r) => ({
      staffId: String(r.staff_id),
      staffName: nameOf(r.display_name, String(r.email ?? 'unknown')),
      startedAt: String(r.started_at),
      endedAt: (r.ended_at as string | null) ?? null,
    }));
  }
}
