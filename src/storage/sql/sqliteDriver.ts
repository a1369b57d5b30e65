import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Row, SqlDriver, SqlRunner } from './driver';
import { SQLITE_MIGRATIONS } from './migrations';
import { classify, StorageUnavailableError } from '../errors';
import { TurnQueue } from '../turnQueue';

/** Opens (creating on first start) the SQLite file and brings its schema up to date. */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a message acknowledged to the patient survives a power cut, not just a crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const migrate = db.transaction((version: number, sql: string) => {
    db.exec(sql);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
      version,
      new Date().toISOString(),
    );
  });
  SQLITE_MIGRATIONS.forEach((sql, i) => {
    if (!applied.has(i + 1)) migrate(i + 1, sql);
  });
  return db;
}

/**
 * better-sqlite3 behind the shared interface. Statements run synchronously (fast: no round
 * trip). Writes are grouped: every write made in one turn of the event loop goes into one
 * transaction, committed (one fsync) just after, and each write's promise resolves only once
 * its commit is on disk. So nothing is acknowledged before it is durable, and a busy service
 * pays one fsync per loop turn instead of one per statement. An explicit transaction is a
 * savepoint in that batch and holds a gate, so no other statement slips into it while it awaits.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private gate: Promise<void> | null = null;
  private readonly direct: SqlRunner;
  private readonly queue = new TurnQueue();
  /** The open group of writes, and who waits for its commit. */
  private batch: { resolve: () => void; reject: (err: unknown) => void }[] | null = null;

  constructor(readonly db: Database.Database) {
    this.direct = {
      all: async <T>(sql: string, params: readonly unknown[] = []) => this.allNow<T>(sql, params),
      get: async <T>(sql: string, params: readonly unknown[] = []) =>
        this.allNow<T>(sql, params)[0],
      run: async (sql: string, params: readonly unknown[] = []) => this.runNow(sql, params),
    };
  }

  private statement(sql: string): Database.Statement {
    try {
      return this.prepared(sql);
    } catch (err) {
      return classify(err);
    }
  }

  private prepared(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  private allNow<T>(sql: string, params: readonly unknown[]): T[] {
    const s = this.statement(sql);
    try {
      if (!s.readonly) this.openBatch();
      if (s.reader) return s.all(...params) as T[];
      s.run(...params);
      return [];
    } catch (err) {
      return classify(err);
    }
  }

  private runNow(sql: string, params: readonly unknown[]): number {
    const s = this.statement(sql);
    try {
      if (!s.readonly) this.openBatch();
      if (s.reader) return s.all(...params).length;
      return s.run(...params).changes;
    } catch (err) {
      return classify(err);
    }
  }

  private openBatch(): void {
    if (this.batch) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.batch = [];
    setImmediate(() => this.commitBatch());
  }

  private commitBatch(): void {
    // Never in the middle of an explicit transaction: its savepoint must close first.
    if (this.gate) {
      setImmediate(() => this.commitBatch());
      return;
    }
    const waiting = this.batch ?? [];
    this.batch = null;
    try {
      this.db.exec('COMMIT');
      for (const w of waiting) w.resolve();
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const w of waiting) w.reject(new StorageUnavailableError(err));
    }
  }

  /** Resolves once what was written so far is committed; rejects if that commit failed. */
  private durable(): Promise<void> {
    const batch = this.batch;
    if (!batch) return Promise.resolve();
    return new Promise((resolve, reject) => batch.push({ resolve, reject }));
  }

  private async waitGate(): Promise<void> {
    while (this.gate) await this.gate;
  }

  async all<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (this.gate) await this.waitGate();
    const rows = this.allNow<T>(sql, params);
    if (!this.statement(sql).readonly) await this.durable();
    return rows;
  }

  async get<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    if (this.gate) await this.waitGate();
    const changes = this.runNow(sql, params);
    await this.durable();
    return changes;
  }

  async tx<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T> {
    await this.waitGate();
    let open!: () => void;
    this.gate = new Promise((resolve) => (open = resolve));
    let result: T;
    try {
      this.openBatch();
      this.db.exec('SAVEPOINT tx');
      try {
        result = await fn(this.direct);
        this.db.exec('RELEASE tx');
      } catch (err) {
        this.db.exec('ROLLBACK TO tx');
        this.db.exec('RELEASE tx');
        throw err;
      }
    } finally {
      this.gate = null;
      open();
    }
    await this.durable();
    return result;
  }

  /** One process owns a SQLite file: its own queue per key is lock enough. */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.queue.run(key, fn);
  }

  async close(): Promise<void> {
    if (this.batch) this.commitBatch();
    if (this.db.open) this.db.close();
  }
}
