import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { SqlDriver } from './driver';
import { PLAIN, type Fields } from '../crypto';

/** Raised when two turns write the same state at once; botbuilder retries or reports it. */
export class StateConflictError extends Error {
  constructor(readonly key: string) {
    super(`state for ${key} was changed by another turn (eTag mismatch)`);
    this.name = 'StateConflictError';
  }
}

/**
 * botbuilder's Storage (conversation and user state) in SQL, with eTag concurrency: a write
 * that carries an old eTag is refused, as botbuilder's own storages do.
 */
export class SqlBotStorage implements Storage {
  constructor(
    private readonly sql: SqlDriver,
    /** Dialog state can hold a patient's question (a clarify in progress): sealed too. */
    private readonly fields: Fields = PLAIN,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = await this.sql.get<{ etag: string; doc: string }>(
        'SELECT etag, doc FROM bot_state WHERE key = ?',
        [key],
      );
      if (row)
        items[key] = { ...(JSON.parse(this.fields.open(row.doc)) as object), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.sql.tx(async (q) => {
      for (const [key, value] of Object.entries(changes)) {
        const { eTag, ...doc } = value as { eTag?: string };
        // A fresh random eTag each write: one kept from before a delete can never match again.
        const params = [
          randomUUID(),
          this.fields.seal(JSON.stringify(doc)),
          new Date().toISOString(),
          key,
        ];
        if (!eTag || eTag === '*') {
          await q.run(
            `INSERT INTO bot_state (etag, doc, updated_at, key) VALUES (?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, doc = excluded.doc, updated_at = excluded.updated_at`,
            params,
          );
          continue;
        }
        // Only over the version this turn read; a row deleted since is written afresh.
        const updated = await q.run(
          'UPDATE bot_state SET etag = ?, doc = ?, updated_at = ? WHERE key = ? AND etag = ?',
          [...params, String(eTag)],
        );
        if (updated) continue;
        const inserted = await q.run(
          `INSERT INTO bot_state (etag, doc, updated_at, key) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO NOTHING`,
          params,
        );
        if (!inserted) throw new StateConflictError(key);
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    await this.sql.tx(async (q) => {
      for (const k of keys) await q.run('DELETE FROM bot_state WHERE key = ?', [k]);
    });
  }
}
