import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openPgStore, openSqliteStore } from '../../src/storage/open';
import type { SqlStore } from '../../src/storage/sql/store';
import type { Fields } from '../../src/storage/crypto';
import { createTestDatabase } from './postgres';
import { tempDataDir } from './server';

/**
 * The storage engines the same tests run on: a SQLite file, and a database on a real PostgreSQL
 * server. `fresh()` gives each test its own empty database; `open()` is one more instance of
 * the service on it (a second pool on PostgreSQL, a second connection on SQLite).
 */
export interface Engine {
  name: 'sqlite' | 'postgres';
  fresh(): Promise<void>;
  open(fields?: Fields): Promise<SqlStore>;
  /** Closes every store opened since fresh() and removes the database. */
  cleanup(): Promise<void>;
}

function engine(
  name: Engine['name'],
  make: () => Promise<{
    open: (fields?: Fields) => Promise<SqlStore>;
    remove: () => Promise<void>;
  }>,
): Engine {
  let current:
    { open: (fields?: Fields) => Promise<SqlStore>; remove: () => Promise<void> } | undefined;
  const opened: SqlStore[] = [];
  return {
    name,
    async fresh() {
      current = await make();
    },
    async open(fields?: Fields) {
      if (!current) throw new Error('call fresh() first');
      const store = await current.open(fields);
      opened.push(store);
      return store;
    },
    async cleanup() {
      while (opened.length) await opened.pop()!.close();
      await current?.remove();
      current = undefined;
    },
  };
}

export const ENGINES: Engine[] = [
  engine('sqlite', async () => {
    const dir = tempDataDir();
    // A folder that does not exist yet: the first start creates it.
    const file = join(dir, 'data', 'faqbot.sqlite');
    return {
      open: async (fields?: Fields) => openSqliteStore(file, fields),
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }),
  engine('postgres', async () => {
    const db = await createTestDatabase();
    return {
      open: (fields?: Fields) => openPgStore(db.url, 5, () => undefined, fields),
      remove: db.drop,
    };
  }),
];
