import type { Curation, CurationStore } from '../types';
import type { SqlDriver } from './driver';
import { PLAIN, type Fields } from '../crypto';

const iso = () => new Date().toISOString();

type Row = {
  id: number | string;
  entry_id: string;
  kind: string;
  payload: string;
  status: string;
  created_by: string;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
  published_at: string | null;
};

const curation = (r: Row, fields: Fields): Curation => ({
  // PostgreSQL's BIGSERIAL comes back as a string.
  id: Number(r.id),
  entryId: r.entry_id,
  kind: r.kind as Curation['kind'],
  // Sealed with DATA_KEY, as taught wordings are: a wording may be a patient's own words.
  payload: JSON.parse(fields.open(r.payload)) as Curation['payload'],
  status: r.status as Curation['status'],
  createdBy: r.created_by,
  createdAt: r.created_at,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  publishedAt: r.published_at,
});

export class SqlCurationStore implements CurationStore {
  constructor(
    private readonly sql: SqlDriver,
    private readonly fields: Fields = PLAIN,
  ) {}

  async add(
    c: Pick<Curation, 'entryId' | 'kind' | 'payload' | 'createdBy'> & {
      status: 'pending' | 'approved';
    },
  ): Promise<Curation> {
    return this.sql.tx(async (q) => {
      // New Spanish text for an entry replaces what was written before and not published yet.
      if (c.kind === 'spanish')
        await q.run(
          "UPDATE knowledge_curation SET status = 'replaced' WHERE entry_id = ? AND kind = 'spanish' AND status IN ('pending', 'approved')",
          [c.entryId],
        );
      const approved = c.status === 'approved';
      const at = iso();
      const r = await q.all<Row>(
        'INSERT INTO knowledge_curation (entry_id, kind, payload, status, created_by, created_at, approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
        [
          c.entryId,
          c.kind,
          this.fields.seal(JSON.stringify(c.payload)),
          c.status,
          c.createdBy,
          at,
          approved ? c.createdBy : null,
          approved ? at : null,
        ],
      );
      return curation(r[0], this.fields);
    });
  }

  async get(id: number): Promise<Curation | undefined> {
    const r = await this.sql.get<Row>('SELECT * FROM knowledge_curation WHERE id = ?', [id]);
    return r && curation(r, this.fields);
  }

  async list(): Promise<Curation[]> {
    const rows = await this.sql.all<Row>(
      "SELECT * FROM knowledge_curation WHERE status != 'replaced' ORDER BY id",
    );
    return rows.map((r) => curation(r, this.fields));
  }

  async approve(id: number, staffId: string): Promise<boolean> {
    return (
      (await this.sql.run(
        "UPDATE knowledge_curation SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ? AND status = 'pending'",
        [staffId, iso(), id],
      )) === 1
    );
  }

  async publish(staffId: string): Promise<Curation[]> {
    const rows = await this.sql.all<Row>(
      "UPDATE knowledge_curation SET status = 'published', published_by = ?, published_at = ? WHERE status = 'approved' RETURNING *",
      [staffId, iso()],
    );
    return rows.map((r) => curation(r, this.fields)).sort((a, b) => a.id - b.id);
  }

  async unpublish(ids: number[]): Promise<void> {
    for (const id of ids)
      await this.sql.run(
        "UPDATE knowledge_curation SET status = 'approved', published_by = NULL, published_at = NULL WHERE id = ? AND status = 'published'",
        [id],
      );
  }

  async published(): Promise<Curation[]> {
    const rows = await this.sql.all<Row>(
      "SELECT * FROM knowledge_curation WHERE status = 'published' ORDER BY id",
    );
    return rows.map((r) => curation(r, this.fields));
  }

  /** The Knowledge page's views for the audit log: one a session (the page refreshes itself). */
  async auditViewOnce(staffId: string, session: string): Promise<boolean> {
    const added = await this.sql.run(
      `INSERT INTO audit (at, staff_id, action, conversation_id, detail, session)
       SELECT CAST(? AS TEXT), CAST(? AS TEXT), 'view-knowledge', NULL, NULL, CAST(? AS TEXT)
        WHERE NOT EXISTS (SELECT 1 FROM audit WHERE staff_id = ? AND action = 'view-knowledge'
                            AND session = ?)`,
      [iso(), staffId, session, staffId, session],
    );
    return added > 0;
  }
}
