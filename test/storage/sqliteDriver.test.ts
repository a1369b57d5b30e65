import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StorageUnavailableError } from '../../src/storage/errors';
import { openSqlite, SqliteDriver, type LogSync } from '../../src/storage/sql/sqliteDriver';
import { tempDataDir } from '../support/server';

// The SQLite driver resolves a write once it is committed (it then survives the process being
// killed) and `synced()` once the commit's log is on disk (it then survives a power cut too);
// the service waits for `synced()` before anything leaves it. The disk is played here by a log
// sync the test lets finish when it chooses.

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

test('a write resolves once committed; synced() only once its log is on disk', async () => {
  await insert('c1');
  // Committed: another connection sees it.
  const other = new Database(join(dir, 'faqbot.sqlite'), { readonly: true });
  expect(other.prepare('SELECT id FROM conversations').all()).toEqual([{ id: 'c1' }]);
  other.close();
  let onDisk = false;
  const synced = driver.synced().then(() => (onDisk = true));
  await settle();
  expect(onDisk).toBe(false);
  expect(sync.pending).toHaveLength(1);
  sync.pending[0].done();
  await synced;
  expect(onDisk).toBe(true);
  // Nothing new written: nothing to wait for.
  await expect(driver.synced()).resolves.toBeUndefined();
  expect(sync.pending).toHaveLength(1);
});

test('synced() covers writes not yet committed, made in this turn of the event loop', async () => {
  const write = insert('c1');
  let onDisk = false;
  const synced = driver.synced().then(() => (onDisk = true));
  await write;
  await settle();
  expect(onDisk).toBe(false);
  sync.pending[0].done();
  await synced;
  expect(onDisk).toBe(true);
});

test('commits made while a sync runs wait for the next one, and share it', async () => {
  await insert('c1');
  const first = driver.synced();
  await settle();
  await insert('c2');
  await driver.tx(async (q) =>
    q.run('UPDATE conversations SET lang = ? WHERE id = ?', ['es', 'c1']),
  );
  let later = false;
  const second = driver.synced().then(() => (later = true));
  await settle();
  expect(sync.pending).toHaveLength(1);
  sync.pending[0].done();
  await first;
  await settle();
  expect(later).toBe(false);
  expect(sync.pending).toHaveLength(2);
  sync.pending[1].done();
  await second;
  expect(later).toBe(true);
});

test('a failed sync fails synced() as the database being unavailable', async () => {
  await insert('c1');
  const synced = driver.synced();
  await settle();
  sync.pending[0].fail(Object.assign(new Error('EIO'), { code: 'EIO' }));
  await expect(synced).rejects.toBeInstanceOf(StorageUnavailableError);
  // The next write gets its own sync.
  await insert('c2');
  const next = driver.synced();
  await settle();
  sync.pending[1].done();
  await expect(next).resolves.toBeUndefined();
});

test('reads wait for nothing', async () => {
  await expect(driver.get('SELECT 1 AS one')).resolves.toEqual({ one: 1 });
  expect(sync.pending).toHaveLength(0);
});

test('closing syncs, at once, what was committed while the last sync ran', async () => {
  await insert('c1');
  await settle();
  await insert('c2');
  const unsynced = driver.synced();
  const closed = driver.close();
  sync.pending[0].done();
  await closed;
  await expect(unsynced).resolves.toBeUndefined();
  expect(sync.pending).toHaveLength(1);
  expect(sync.nowCalls).toBe(1);
});

test('a deleted patient message is gone from the file itself, not left in free pages', async () => {
  const d = tempDataDir();
  const file = join(d, 'faqbot.sqlite');
  const { openSqliteStore } = await import('../../src/storage/open');
  const store = openSqliteStore(file);
  const words = 'Zebulon-Quartermaine has chest pain at 14 Elm Street';
  await store.ensureConversation('c_gone', 'directline');
  for (let i = 0; i < 50; i++)
    await store.appendTranscript({
      conversationId: 'c_gone',
      at: new Date().toISOString(),
      from: 'patient',
      text: `${words} #${i}`,
    });
  await store.forgetConversation('c_gone');
  await store.close();
  const bytes = ['', '-wal']
    .map((suffix) => {
      try {
        return readFileSync(`${file}${suffix}`).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('');
  expect(bytes).not.toContain('Zebulon-Quartermaine');
  rmSync(d, { recursive: true, force: true });
});
