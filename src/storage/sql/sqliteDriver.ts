import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Row, SqlDriver, SqlRunner } from './driver';
import { SQLITE_MIGRATIONS } from './migrations';
import { classify, StorageUnavailableError } from '../errors';
import { TurnQueue } from '../turnQueue';
import { Checkpointer } from './checkpointer';

/** Opens (creating on first start) the SQLite file and brings its schema up to date. */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL: a commit does not wait for the disk. SqliteDriver syncs the log itself, off the event
  // loop, and acknowledges a write only after that: as durable as FULL (see walSync).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // A deleted row ("delete my data", the retention purge) is overwritten, not left readable in
  // the file's free pages.
  db.pragma('secure_delete = ON');
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
  // Migrations ran without syncs; from here on the driver syncs the log.
  const sync = walSync(db);
  sync.now();
  sync.close?.();
  return db;
}

/** Puts what was committed to a SQLite file's log on disk. */
export interface LogSync {
  /** On a libuv thread, so the event loop runs on while the disk works. */
  later(): Promise<void>;
  /** At once (closing). */
  now(): void;
  /** Lets go of the log file. */
  close?(): void;
}

/**
 * With synchronous=NORMAL a WAL commit is in the log file but maybe only in the OS's cache; an
 * fsync of the log makes it durable, which is what FULL does inside COMMIT (SQLite's own syncs at
 * checkpoints and when the log is reused stay as they are). The log is opened once: it is the
 * file SQLite writes for as long as this connection is open (SQLite removes it only when the
 * last connection closes). The first sync also syncs the folder, for a log file just created, as
 * SQLite does on its first sync of a new log.
 */
export function walSync(db: Database.Database): LogSync {
  if (db.memory) return { later: () => Promise.resolve(), now: () => undefined };
  const log = `${db.name}-wal`;
  let fd: number | undefined;
  const opened = () => {
    if (fd !== undefined) return fd;
    fd = openSync(log, 'r+');
    const folder = openSync(dirname(db.name), 'r');
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
    return fd;
  };
  return {
    later: () =>
      new Promise((resolve, reject) => {
        try {
          fsync(opened(), (err) => (err ? reject(err) : resolve()));
        } catch (err) {
          reject(err as Error);
        }
      }),
    now() {
      if (fd === undefined && !existsSync(log)) return;
      fsyncSync(opened());
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

interface Deferred {
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  // Handled by whoever awaits it; one nobody awaits must not crash the process.
  done.catch(() => undefined);
  return { done, resolve, reject };
}

/** A group of writes committed together: when they are committed, and when on disk. */
interface Batch {
  committed: Deferred;
  onDisk: Deferred & { settled: boolean };
}

/** The batches are on disk, or (with an error) never will be. */
function settleOnDisk(batches: readonly Batch[], err?: unknown): void {
  for (const b of batches) {
    b.onDisk.settled = true;
    if (err === undefined) b.onDisk.resolve();
    else b.onDisk.reject(new StorageUnavailableError(err));
  }
}

/**
 * better-sqlite3 behind the shared interface. Statements run synchronously (fast: no round
 * trip). Writes are grouped: every write made in one turn of the event loop goes into one
 * transaction, committed just after, and each write's promise resolves once it is committed: it
 * then survives the process being killed (the log is in the OS's hands). Its log is then synced
 * to disk on a libuv thread while the loop goes on (commits made while one sync runs share the
 * next); `synced()` waits for that, and the service calls it before anything leaves the process
 * (a response, a message shown or sent), so nothing is acknowledged before it would survive a
 * power cut either. An explicit transaction is a savepoint in that batch and holds a gate, so
 * no other statement slips into it while it awaits.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private gate: Promise<void> | null = null;
  private readonly direct: SqlRunner;
  private readonly queue = new TurnQueue();
  /** The open transaction's writes. */
  private batch: Batch | null = null;
  /** Committed, waiting for the next sync of the log. */
  private unsynced: Batch[] = [];
  /** The last batch committed. */
  private latest: Batch | null = null;
  private syncing: Promise<void> | null = null;
  private closing = false;
  private readonly control: Record<
    'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'undo',
    Database.Statement
  >;

  constructor(
    readonly db: Database.Database,
    private readonly logSync: LogSync = walSync(db),
    private readonly checkpoints = db.memory ? undefined : new Checkpointer(db.name),
  ) {
    // The checkpointer keeps the log copied; SQLite's own checkpoint, now rarely needed and
    // quick, lets the log start over (see Checkpointer).
    if (checkpoints) db.pragma('wal_autocheckpoint = 4000');
    this.direct = {
      all: async <T>(sql: string, params: readonly unknown[] = []) => this.allNow<T>(sql, params),
      get: async <T>(sql: string, params: readonly unknown[] = []) =>
        this.allNow<T>(sql, params)[0],
      run: async (sql: string, params: readonly unknown[] = []) => this.runNow(sql, params),
    };
    this.control = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT tx'),
      release: db.prepare('RELEASE tx'),
      undo: db.prepare('ROLLBACK TO tx'),
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
    this.control.begin.run();
    this.batch = { committed: deferred(), onDisk: { ...deferred(), settled: false } };
    setImmediate(() => this.commitBatch());
  }

  private commitBatch(): void {
    // Never in the middle of an explicit transaction: its savepoint must close first.
    if (this.gate) {
      setImmediate(() => this.commitBatch());
      return;
    }
    const batch = this.batch;
    this.batch = null;
    if (!batch) return;
    try {
      this.control.commit.run();
    } catch (err) {
      if (this.db.inTransaction) this.control.rollback.run();
      batch.committed.reject(new StorageUnavailableError(err));
      settleOnDisk([batch], err);
      return;
    }
    batch.committed.resolve();
    this.checkpoints?.committed();
    this.unsynced.push(batch);
    this.latest = batch;
    this.syncLog();
  }

  /** One sync at a time; the commits made while it ran share the next one. */
  private syncLog(): void {
    if (this.syncing || this.closing || !this.unsynced.length) return;
    const group = this.unsynced;
    this.unsynced = [];
    this.syncing = this.logSync.later().then(
      () => settleOnDisk(group),
      (err: unknown) => settleOnDisk(group, err ?? new Error('the log sync failed')),
    );
    void this.syncing.then(() => {
      this.syncing = null;
      this.syncLog();
    });
  }

  /** Resolves once what was written so far is committed; rejects if the commit failed. */
  private durable(): Promise<void> {
    return this.batch ? this.batch.committed.done : Promise.resolve();
  }

  /** Resolves once everything written so far is on disk; rejects if that failed. */
  synced(): Promise<void> {
    const last = this.batch ?? this.latest;
    return last && !last.onDisk.settled ? last.onDisk.done : Promise.resolve();
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
      this.control.savepoint.run();
      try {
        result = await fn(this.direct);
        this.control.release.run();
      } catch (err) {
        this.control.undo.run();
        this.control.release.run();
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
    // What is committed from here on is synced below, at once.
    this.closing = true;
    if (this.batch) this.commitBatch();
    while (this.syncing) await this.syncing;
    if (this.unsynced.length) {
      const group = this.unsynced;
      this.unsynced = [];
      try {
        this.logSync.now();
        settleOnDisk(group);
      } catch (err) {
        settleOnDisk(group, err);
      }
    }
    this.logSync.close?.();
    await this.checkpoints?.close();
    if (this.db.open) this.db.close();
  }
}
