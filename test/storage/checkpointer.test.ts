import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite, SqliteDriver } from '../../src/storage/sql/sqliteDriver';
import { tempDataDir } from '../support/server';

// The SQLite log is copied into the database file by a worker thread, not inside the service's
// commits; SQLite's own checkpoint stays as the backstop that lets the log start over.

let dir: string;
let file: string;
let driver: SqliteDriver;

beforeEach(() => {
  dir = tempDataDir();
  file = join(dir, 'faqbot.sqlite');
  driver = new SqliteDriver(openSqlite(file));
});

afterEach(async () => {
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One commit: each call's writes share a turn of the event loop. */
async function commit(i: number, rows = 4): Promise<void> {
  await Promise.all(
    Array.from({ length: rows }, (_, k) =>
      driver.run('INSERT INTO conversations (id, channel, created_at) VALUES (?, ?, ?)', [
        `c${i}-${k}-${'x'.repeat(200)}`,
        'sms',
        'now',
      ]),
    ),
  );
}

const size = (path: string) => statSync(path).size;
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  return check();
};

test('what is committed reaches the database file while the service runs, short of SQLite’s own checkpoint', async () => {
  const before = size(file);
  // Far below the 4,000 pages at which SQLite would checkpoint in the service's connection.
  for (let i = 0; i < 200; i++) await commit(i);
  expect(size(`${file}-wal`)).toBeLessThan(4000 * 4096);
  expect(await until(() => size(file) > before + 100 * 1024)).toBe(true);
});

test('under a steady stream of commits the log starts over instead of growing', async () => {
  for (let i = 0; i < 3000; i++) await commit(i, 8);
  // 24,000 rows of ~250 bytes: ~6 MB of data; the log is reused, not grown past its limit.
  expect(size(`${file}-wal`)).toBeLessThan(6000 * 4096);
  const rows = await driver.get<{ n: number }>('SELECT COUNT(*) AS n FROM conversations');
  expect(rows?.n).toBe(24_000);
});

test('closing waits for the checkpointer; everything is there when the file is opened again', async () => {
  for (let i = 0; i < 100; i++) await commit(i);
  await driver.close();
  driver = new SqliteDriver(openSqlite(file));
  const rows = await driver.get<{ n: number }>('SELECT COUNT(*) AS n FROM conversations');
  expect(rows?.n).toBe(400);
});
