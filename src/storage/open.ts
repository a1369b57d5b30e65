import type { Logger } from 'pino';
import { ConfigError, sqliteFileOf, type Config } from '../config';
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

/** What failed, in a line: an error's code or first line, never a URL with its password. */
function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  return e?.code ?? e?.cause?.code ?? String(e?.message ?? err).split('\n')[0];
}

/**
 * PostgreSQL when DATABASE_URL is set (several instances can share it), else the SQLite file.
 * A database that cannot be opened stops start-up with one line naming the setting.
 */
export async function openStore(config: Config, log?: Logger): Promise<SqlStore> {
  const fields = config.DATA_KEY ? new FieldCipher(config.DATA_KEY) : undefined;
  if (!config.DATABASE_URL) {
    const file = sqliteFileOf(config);
    try {
      return openSqliteStore(file, fields);
    } catch (err) {
      const setting = config.SQLITE_FILE ? 'SQLITE_FILE' : 'DATA_DIR';
      throw new ConfigError([`${setting}: cannot create or open ${file} (${why(err)})`]);
    }
  }
  try {
    // Never the URL itself in a log line: it carries the database password.
    return await openPgStore(
      config.DATABASE_URL,
      config.DATABASE_POOL_SIZE,
      (err) => log?.warn({ err: err.message }, 'database connection error'),
      fields,
    );
  } catch (err) {
    const { hostname, port } = new URL(config.DATABASE_URL);
    throw new ConfigError([
      `DATABASE_URL: cannot use the PostgreSQL database at ${hostname}:${port || 5432} (${why(err)})`,
    ]);
  }
}
