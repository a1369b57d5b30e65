/** One row as a database returns it. */
export type Row = Record<string, unknown>;

/**
 * The little each engine must do for the stores: run a statement with `?` placeholders, and run
 * several in one transaction. The stores' SQL is written once, in the part both engines share.
 */
export interface SqlRunner {
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Returns how many rows the statement changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface SqlDriver extends SqlRunner {
  readonly dialect: 'sqlite' | 'pg';
  /** Runs `fn` in one transaction: all of it is kept, or none of it. */
  tx<T>(fn: (q: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` while holding a lock named `key` that every instance of the service respects
   * (PostgreSQL); one process on SQLite needs no more than its own queue.
   */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Resolves once everything written so far would survive a power cut. A write resolves once
   * committed, which survives the process being killed; on SQLite the disk catches up just
   * after (PostgreSQL's commit already waits for it).
   */
  synced(): Promise<void>;
  close(): Promise<void>;
}
