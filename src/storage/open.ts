import type { Logger } from 'pino';
import { sqliteFileOf, type Config } from '../config';
import { LocalBus } from './bus';
import { FieldCipher, type Fields } from './crypto';
import { PgBus } from './sql/pgBus';
import { PgDriver } from './sql/pgDriver';
import { openSqlite, SqliteDriver } from './sql/sqliteDriver';
import { SqlStore } from './sql/store';

export function openSqliteStore(file: string, fields?: Fields): SqlStore {
  return new SqlStore(new SqliteDriver(openSqlite(file)), new LocalBus(), fields);
}

/** Connects, migrates (once, however many instances start together) and starts listening. */
export async function openPgStore(
  url: string,
  poolSize: number,
  onError: (err: Error) => void,
  fields?: Fields,
): Promise<SqlStore> {
  const driver = await PgDriver.open(url, { poolSize, onError });
  try {
    return new SqlStore(driver, await PgBus.open(url, driver.pool, onError), fields);
  } catch (err) {
    await driver.close();
    throw err;
  }
}

/** PostgreSQL when DATABASE_URL is set (several instances can share it), else the SQLite file. */
export async function openStore(config: Config, log?: Logger): Promise<SqlStore> {
  const fields = config.DATA_KEY ? new FieldCipher(config.DATA_KEY) : undefined;
  if (!config.DATABASE_URL) return openSqliteStore(sqliteFileOf(config), fields);
  // Never the URL itself in a log line: it carries the database password.
  return openPgStore(
    config.DATABASE_URL,
    config.DATABASE_POOL_SIZE,
    (err) => log?.warn({ err: err.message }, 'database connection error'),
    fields,
  );
}
