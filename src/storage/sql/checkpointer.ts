import { Worker } from 'node:worker_threads';

/**
 * Copies the SQLite log (WAL) back into the database file on a thread of its own. SQLite does it
 * inside a commit once the log reaches its autocheckpoint size: on this machine, under load, that
 * stopped the event loop for up to 10 ms each time and took about 5% of its time. Here a second
 * connection, in a worker thread, checkpoints in PASSIVE mode (never waiting on, nor blocking,
 * the service's connection) every so many commits. SQLite's own autocheckpoint stays on as the
 * backstop: it still runs when the log reaches its size, but finds almost everything copied
 * already, and its checkpoint lets the next write start the log over (a log is only reset once
 * all of it is in the database, which a checkpoint racing the service's commits rarely sees).
 */
export class Checkpointer {
  private worker: Worker | undefined;
  private pending = false;
  private commits = 0;
  /** Failed or closed: no more checkpoints are asked for (SQLite's own carry on). */
  private stopped = false;

  constructor(
    private readonly file: string,
    /** Commits between two checkpoints. */
    private readonly every = 16,
  ) {}

  /** Counts a commit; every `every` commits, asks for a checkpoint unless one is running. */
  committed(): void {
    this.commits += 1;
    if (this.commits < this.every || this.pending || this.stopped) return;
    this.commits = 0;
    this.pending = true;
    this.started().postMessage('checkpoint');
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: this.file, driver: require.resolve('better-sqlite3') },
    });
    worker.unref();
    worker.on('message', () => (this.pending = false));
    // Without it, SQLite's own checkpoints in the service's connection do the work, as before.
    worker.on('error', () => (this.stopped = true));
    worker.on('exit', () => (this.worker = undefined));
    this.worker = worker;
    return worker;
  }

  /** Waits for a checkpoint under way, then closes the worker's connection. */
  async close(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    await exited;
  }
}

// Plain JavaScript: a worker evaluates it as is. Errors are reported as a message, so the
// service's checkpoint (the backstop) carries on; a checkpoint that could not run is no harm.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = NORMAL');
parentPort.on('message', (what) => {
  if (what === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {}
  parentPort.postMessage('done');
});
`;
