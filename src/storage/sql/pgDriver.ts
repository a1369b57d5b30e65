import pg from 'pg';
import { TurnQueue } from '../turnQueue';
import type { Row, SqlDriver, SqlRunner } from './driver';
import { PG_MIGRATIONS } from './migrations';
import { classify } from '../errors';

// COUNT(*) and BIGSERIAL ids are int8: numbers here, as on SQLite (ids stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

/** `?` placeholders (the stores' one SQL) as PostgreSQL's `$1, $2, ...`, outside quotes. */
export function numbered(sql: string): string {
  let n = 0;
  let quoted = false;
  let out = '';
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

// Any number will do, as long as it is the same on every instance.
const MIGRATION_LOCK = 7_262_001;

function runnerOf(q: (text: string, params: unknown[]) => Promise<pg.QueryResult>): SqlRunner {
  const texts = new Map<string, string>();
  const text = (sql: string) => {
    let t = texts.get(sql);
    if (t === undefined) texts.set(sql, (t = numbered(sql)));
    return t;
  };
  // PostgreSQL's text cannot hold NUL (SQLite's can): one that got past the channels is kept
  // as U+FFFD rather than failing the write.
  const clean = (v: unknown) =>
    typeof v === 'string' && v.includes('\0') ? v.replace(/\0/g, '\ufffd') : v;
  const query = (sql: string, params: readonly unknown[]) =>
    q(text(sql), params.map(clean)).catch(classify);
  return {
    all: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: readonly unknown[] = []) =>
      (await query(sql, params)).rowCount ?? 0,
  };
}

export interface PgOptions {
  poolSize: number;
  onError: (err: Error) => void;
}

/**
 * PostgreSQL, shared by every instance: a pool for statements, and a second small pool whose
 * connections only hold advisory locks, so a turn waiting for its lock never starves the
 * statements of the turns that hold one.
 */
export class PgDriver implements SqlDriver {
  readonly dialect = 'pg' as const;
  private readonly runner: SqlRunner;
  private readonly local = new TurnQueue();

  private constructor(
    readonly pool: pg.Pool,
    private readonly locks: pg.Pool,
  ) {
    this.runner = runnerOf((text, params) => this.pool.query(text, params));
  }

  /** Connects and brings the schema up to date; instances starting together migrate once. */
  static async open(url: string, o: PgOptions): Promise<PgDriver> {
    // Bounded waits: with the database gone, a request fails in seconds (503) instead of hanging.
    const settings = {
      connectionString: url,
      max: o.poolSize,
      connectionTimeoutMillis: 3000,
      query_timeout: 15_000,
    };
    const pool = new pg.Pool(settings);
    const locks = new pg.Pool(settings);
    pool.on('error', o.onError);
    locks.on('error', o.onError);
    const driver = new PgDriver(pool, locks);
    try {
      await driver.tx(async (q) => {
        await q.run('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
        await q.run(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
        );
        const applied = new Set(
          (await q.all<{ version: number }>('SELECT version FROM schema_migrations')).map(
            (r) => r.version,
          ),
        );
        for (const [i, sql] of PG_MIGRATIONS.entries()) {
          if (applied.has(i + 1)) continue;
          await q.run(sql);
          await q.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [
            i + 1,
            new Date().toISOString(),
          ]);
        }
      });
    } catch (err) {
      await driver.close();
      throw err;
    }
    return driver;
  }

  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.runner.all<T>(sql, params);
  }

  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
    return this.runner.get<T>(sql, params);
  }

  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.runner.run(sql, params);
  }

  async tx<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch(classify);
    // A connection cut while checked out reports on the client itself; unheard, it would crash.
    let broken = false;
    const onError = () => (broken = true);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      try {
        const result = await fn(runnerOf((text, params) => client.query(text, params)));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    // One waiter per key in this process; the advisory lock orders the instances.
    return this.local.run(key, async () => {
      const client = await this.locks.connect().catch(classify);
      let broken = false;
      const onError = () => (broken = true);
      client.on('error', onError);
      try {
        await client
          .query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key])
          .catch((err: unknown) => {
            broken = true;
            return classify(err);
          });
        try {
          return await fn();
        } finally {
          await client
            .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key])
            .catch(() => (broken = true));
        }
      } finally {
        // A connection whose unlock failed is dropped, which frees its locks.
        client.off('error', onError);
        client.release(broken);
      }
    });
  }

  /** A PostgreSQL commit returns once it is on disk: nothing more to wait for. */
  synced(): Promise<void> {
    return Promise.resolve();
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.end(), this.locks.end()]);
  }
}
