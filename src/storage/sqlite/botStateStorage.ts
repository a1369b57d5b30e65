import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type Database from 'better-sqlite3';

/** Raised when two turns write the same state at once; botbuilder retries or reports it. */
export class StateConflictError extends Error {
  constructor(readonly key: string) {
    super(`state for ${key} was changed by another turn (eTag mismatch)`);
    this.name = 'StateConflictError';
  }
}

/**
 * botbuilder's Storage (conversation and user state) in SQLite, with eTag concurrency: a write
 * that carries an old eTag is refused, as botbuilder's own storages do.
 */
export class SqliteBotStorage implements Storage {
  constructor(private readonly db: Database.Database) {}

  async read(keys: string[]): Promise<StoreItems> {
    const get = this.db.prepare('SELECT etag, doc FROM bot_state WHERE key = ?');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = get.get(key) as { etag: string; doc: string } | undefined;
      if (row) items[key] = { ...(JSON.parse(row.doc) as object), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const get = this.db.prepare('SELECT etag FROM bot_state WHERE key = ?');
    const upsert = this.db.prepare(
      `INSERT INTO bot_state (key, etag, doc, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, doc = excluded.doc, updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(changes)) {
        const { eTag, ...doc } = value as { eTag?: string };
        const row = get.get(key) as { etag: string } | undefined;
        if (row && eTag && eTag !== '*' && eTag !== String(row.etag))
          throw new StateConflictError(key);
        // A fresh random eTag each write: one kept from before a delete can never match again.
        upsert.run(key, randomUUID(), JSON.stringify(doc), new Date().toISOString());
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.db.transaction(() => keys.forEach((k) => del.run(k)))();
  }
}
