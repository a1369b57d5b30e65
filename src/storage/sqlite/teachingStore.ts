import type Database from 'better-sqlite3';
import type { KnowledgeChange, TeachingStore } from '../types';

const iso = () => new Date().toISOString();

type Row = {
  id: number;
  kind: string;
  entry_id: string;
  payload: string;
  status: string;
  proposed_by: string;
  decided_by: string | null;
  created_at: string;
  decided_at: string | null;
};

const change = (r: Row): KnowledgeChange => ({
  id: r.id,
  kind: r.kind as KnowledgeChange['kind'],
  entryId: r.entry_id,
  payload: JSON.parse(r.payload) as KnowledgeChange['payload'],
  status: r.status as KnowledgeChange['status'],
  proposedBy: r.proposed_by,
  decidedBy: r.decided_by,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
});

export class SqliteTeachingStore implements TeachingStore {
  constructor(private readonly db: Database.Database) {}

  async propose(
    c: Pick<KnowledgeChange, 'kind' | 'entryId' | 'payload' | 'proposedBy'>,
  ): Promise<KnowledgeChange> {
    const r = this.db
      .prepare(
        'INSERT INTO knowledge_changes (kind, entry_id, payload, proposed_by, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(c.kind, c.entryId, JSON.stringify(c.payload), c.proposedBy, iso());
    return (await this.get(Number(r.lastInsertRowid)))!;
  }

  async get(id: number): Promise<KnowledgeChange | undefined> {
    const r = this.db.prepare('SELECT * FROM knowledge_changes WHERE id = ?').get(id) as
      Row | undefined;
    return r && change(r);
  }

  async list(status?: KnowledgeChange['status']): Promise<KnowledgeChange[]> {
    const rows = this.db
      .prepare('SELECT * FROM knowledge_changes WHERE (? IS NULL OR status = ?) ORDER BY id')
      .all(status ?? null, status ?? null) as Row[];
    return rows.map(change);
  }

  async decide(id: number, status: 'approved' | 'rejected', staffId: string): Promise<boolean> {
    return (
      this.db
        .prepare(
          "UPDATE knowledge_changes SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'draft'",
        )
        .run(status, staffId, iso(), id).changes === 1
    );
  }

  async patientMessages(limit: number): Promise<string[]> {
    const rows = this.db
      .prepare(
        "SELECT text FROM transcript WHERE sender = 'patient' AND text != '' ORDER BY id DESC LIMIT ?",
      )
      .all(limit) as { text: string }[];
    return [...new Set(rows.map((r) => r.text))];
  }
}
