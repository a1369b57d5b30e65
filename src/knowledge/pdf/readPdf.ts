import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ROOT } from '../../paths';

/** One run of text on a PDF page, where pdf.js placed it. */
export interface PdfItem {
  s: string;
  x: number;
  y: number;
  size: number;
  w: number;
  font: string;
}

export interface RawPdf {
  title?: string;
  numPages: number;
  pages: { items: PdfItem[] }[];
}

type Reply = { id: number; result?: RawPdf; error?: string };

/**
 * The worker is plain JavaScript the compiler does not copy: beside this file when it runs from
 * src/ (tests, tsx), in the project's src/ when it runs compiled from dist/.
 */
const WORKER = [
  join(__dirname, 'pdfWorker.mjs'),
  join(ROOT, 'src', 'knowledge', 'pdf', 'pdfWorker.mjs'),
].find((f) => existsSync(f))!;
/** A PDF that takes longer than this is reported, not waited for. */
const TIMEOUT_MS = 30_000;

/**
 * Reads PDFs one at a time in a worker thread; a document that fails, hangs or exhausts the
 * worker's memory comes back as an error message naming the reason, never as a thrown error.
 */
export class PdfReader {
  private worker: Worker | undefined;
  private next = 0;
  private pending = new Map<number, (r: Reply) => void>();

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: 512 } });
    worker.on('message', (r: Reply) => {
      this.pending.get(r.id)?.(r);
      this.pending.delete(r.id);
    });
    const fail = (reason: string) => {
      for (const [id, done] of this.pending) done({ id, error: reason });
      this.pending.clear();
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', (err) => fail(`the PDF reader stopped: ${err.message}`));
    worker.on('exit', () => fail('the PDF reader stopped'));
    this.worker = worker;
    return worker;
  }

  read(file: string): Promise<RawPdf | { error: string }> {
    const id = this.next++;
    const worker = this.start();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        resolve({ error: `reading it took over ${TIMEOUT_MS / 1000} s` });
      }, TIMEOUT_MS);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r.result ?? { error: r.error ?? 'unreadable' });
      });
      worker.postMessage({ id, file });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
