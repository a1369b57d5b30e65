import type { KnowledgeChange, TeachingStore } from '../types';
import type { SqlDriver } from './driver';
import { PLAIN, type Fields } from '../crypto';

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

const change = (r: Row, fields: Fields): KnowledgeChange => ({
  id: r.id,
  kind: r.kind as KnowledgeChange['kind'],
  entryId: r.entry_id,
  // Sealed with DATA_KEY: a taught question is often a patient's own words.
  payload: JSON.parse(fields.open(r.payload)) as KnowledgeChange['payload'],
  status: r.status as KnowledgeChange['status'],
  proposedBy: r.proposed_by,
  decidedBy: r.decided_by,
  createdAt: r.created_at,
  decidedAt: r.decided_at,
});

export class SqlTeachingStore implements TeachingStore {
  constructor(
    private readonly sql: SqlDriver,
    private readonly fields: Fields = PLAIN,
  ) {}

  async propose(
    c: Pick<KnowledgeChange, 'kind' | 'entryId' | 'payload' | 'proposedBy'>,
  ): Promise<KnowledgeChange> {
    const r = await this.sql.get<Row>(
      'INSERT INTO knowledge_changes (kind, entry_id, payload, proposed_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
      [c.kind, c.entryId, this.fields.seal(JSON.stringify(c.payload)), c.proposedBy, iso()],
    );
    return change(r!, this.fields);
  }

  async get(id: number): Promise<KnowledgeChange | undefined> {
    const r = await this.sql.get<Row>('SELECT * FROM knowledge_changes WHERE id = ?', [id]);
    return r && change(r, this.fields);
  }

  async list(status?: KnowledgeChange['status']): Promise<KnowledgeChange[]> {
    const rows = status
      ? await this.sql.all<Row>('SELECT * FROM knowledge_changes WHERE status = ? ORDER BY id', [
          status,
        ])
      : await this.sql.all<Row>('SELECT * FROM knowledge_changes ORDER BY id');
    return rows.map((r) => change(r, this.fields));
  }

  async decide(id: number, status: 'approved' | 'rejected', staffId: string): Promise<boolean> {
    return (
      (await this.sql.run(
        "UPDATE knowledge_changes SET status = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'draft'",
        [status, staffId, iso(), id],
      )) === 1
    );
  }

  async patientMessages(limit: number): Promise<string[]> {
    const rows = await this.sql.all<{ text: string }>(
      "SELECT text FROM transcript WHERE sender = 'patient' AND text != '' ORDER BY id DESC LIMIT ?",
      [limit],
    );
    return [...new Set(rows.map((r) => this.fields.open(r.text)).filter(Boolean))];
  }
}
