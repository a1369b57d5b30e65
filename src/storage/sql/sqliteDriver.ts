import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Row, SqlDriver, SqlRunner } from './driver';
import { SQLITE_MIGRATIONS } from './migrations';
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
 * trip); a transaction holds a gate so no other statement slips into it while it awaits.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private gate: Promise<void> | null = null;
  private readonly direct: SqlRunner;
  private readonly queue = new TurnQueue();

  constructor(readonly db: Database.Database) {
    this.direct = {
      all: async <T>(sql: string, params: readonly unknown[] = []) => this.allNow<T>(sql, params),
      get: async <T>(sql: string, params: readonly unknown[] = []) =>
        this.allNow<T>(sql, params)[0],
      run: async (sql: string, params: readonly unknown[] = []) => this.runNow(sql, params),
    };
  }

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  private allNow<T>(sql: string, params: readonly unknown[]): T[] {
    const s = this.statement(sql);
    if (s.reader) return s.all(...params) as T[];
    s.run(...params);
    return [];
  }

  private runNow(sql: string, params: readonly unknown[]): number {
    const s = this.statement(sql);
    if (s.reader) return s.all(...params).length;
    return s.run(...params).changes;
  }

  private async waitGate(): Promise<void> {
    while (this.gate) await this.gate;
  }

  async all<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (this.gate) await this.waitGate();
    return this.allNow<T>(sql, params);
  }

  async get<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    if (this.gate) await this.waitGate();
    return this.runNow(sql, params);
  }

  async tx<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T> {
    await this.waitGate();
    let open!: () => void;
    this.gate = new Promise((resolve) => (open = resolve));
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      this.gate = null;
      open();
    }
  }

  /** One process owns a SQLite file: its own queue per key is lock enough. */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.queue.run(key, fn);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
