import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StorageUnavailableError } from '../../src/storage/errors';
import { openSqlite, SqliteDriver, type LogSync } from '../../src/storage/sql/sqliteDriver';
import { tempDataDir } from '../support/server';

// The SQLite driver acknowledges a write only once its commit's log is on disk. The disk is
// played here by a log sync the test lets finish when it chooses.

class HeldSync implements LogSync {
  readonly pending: { done: () => void; fail: (err: Error) => void }[] = [];
  nowCalls = 0;

  later(): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push({ done: resolve, fail: reject }));
  }

  now(): void {
    this.nowCalls += 1;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

let dir: string;
let driver: SqliteDriver;
let sync: HeldSync;

beforeEach(() => {
  dir = tempDataDir();
  sync = new HeldSync();
  driver = new SqliteDriver(openSqlite(join(dir, 'faqbot.sqlite')), sync);
});

afterEach(async () => {
  for (const p of sync.pending) p.done();
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (id: string) =>
  driver.run('INSERT INTO conversations (id, channel, created_at) VALUES (?, ?, ?)', [
    id,
    'sms',
    'now',
  ]);

test('a write is committed at once but acknowledged only after the log sync', async () => {
  let acknowledged = false;
  const write = insert('c1').then(() => (acknowledged = true));
  await settle();
  // Committed: another connection sees it; not yet acknowledged.
  const other = new Database(join(dir, 'faqbot.sqlite'), { readonly: true });
  expect(other.prepare('SELECT id FROM conversations').all()).toEqual([{ id: 'c1' }]);
  other.close();
  expect(acknowledged).toBe(false);
  expect(sync.pending).toHaveLength(1);
  sync.pending[0].done();
  await write;
  expect(acknowledged).toBe(true);
});

test('commits made while a sync runs wait for the next one, and share it', async () => {
  const first = insert('c1');
  await settle();
  let later = 0;
  const second = insert('c2').then(() => (later += 1));
  await settle();
  const third = driver
    .tx(async (q) => q.run('UPDATE conversations SET lang = ? WHERE id = ?', ['es', 'c1']))
    .then(() => (later += 1));
  await settle();
  expect(sync.pending).toHaveLength(1);
  sync.pending[0].done();
  await first;
  await settle();
  expect(later).toBe(0);
  expect(sync.pending).toHaveLength(2);
  sync.pending[1].done();
  await Promise.all([second, third]);
  expect(later).toBe(2);
});

test('a failed sync fails the writes it covered as the database being unavailable', async () => {
  const write = insert('c1');
  await settle();
  sync.pending[0].fail(Object.assign(new Error('EIO'), { code: 'EIO' }));
  await expect(write).rejects.toBeInstanceOf(StorageUnavailableError);
  // The next write gets its own sync.
  const next = insert('c2');
  await settle();
  sync.pending[1].done();
  await expect(next).resolves.toBe(1);
});

test('reads wait for nothing', async () => {
  await expect(driver.get('SELECT 1 AS one')).resolves.toEqual({ one: 1 });
  expect(sync.pending).toHaveLength(0);
});

test('closing syncs what is committed but not yet on disk', async () => {
  const write = insert('c1');
  await settle();
  sync.pending[0].done();
  await write;
  const unsynced = insert('c2');
  await driver.close();
  await expect(unsynced).resolves.toBe(1);
  expect(sync.nowCalls).toBe(1);
});
