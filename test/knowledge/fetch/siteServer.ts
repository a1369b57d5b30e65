import { cpSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { writePdf } from '../../../src/knowledge/pdf/writePdf';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
};

/** What a sheet says, as the clinic printed it. */
export function prepSheet(lines: string[]): Buffer {
  return writePdf([
    [
      { text: 'Angiogram: Before Your Procedure', x: 72, y: 720, size: 16, bold: true },
      { text: 'Eating and drinking', x: 72, y: 680, size: 12, bold: true },
      ...lines.map((text, i) => ({ text, x: 86, y: 660 - i * 16, size: 11 })),
    ],
  ]);
}

/**
 * Answers with a status, headers and a body. Not `res.writeHead(...).end(...)`: restify, once
 * another test file in this Jest worker has loaded it, replaces `ServerResponse#writeHead` for
 * the whole process with one that returns nothing.
 */
function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: Buffer | string,
): void {
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * A clinic's site on a local port, served from a copy of a fixture folder the test may change,
 * with the awkward answers real sites give: a redirect to another host, a page too large to
 * keep, a download where a page was expected. Every request is logged with its time.
 */
export class SiteServer {
  readonly root = mkdtempSync(join(tmpdir(), 'site-'));
  readonly log: { path: string; at: number; agent: string }[] = [];
  pdf = prepSheet(['Do not eat or drink anything after midnight.']);
  private server: Server | undefined;

  constructor(fixture: string) {
    cpSync(fixture, this.root, { recursive: true });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
      this.log.push({ path, at: Date.now(), agent: String(req.headers['user-agent']) });
      if (path === '/clinic/moved.html') {
        send(res, 302, { location: 'http://elsewhere.invalid/clinic/angiogram.html' });
      } else if (path === '/clinic/huge.html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = `<p>${'x'.repeat(64 * 1024)}</p>`;
        let sent = 0;
        const more = () => {
          while (sent < 64 && res.write(chunk)) sent++;
          if (sent >= 64) res.end();
          else res.once('drain', more);
        };
        res.on('close', () => (sent = 64));
        more();
      } else if (path === '/clinic/download.html') {
        send(res, 200, { 'content-type': 'application/octet-stream' }, Buffer.alloc(2048, 7));
      } else if (path === '/docs/angiogram-prep.pdf') {
        send(res, 200, { 'content-type': 'application/pdf' }, this.pdf);
      } else {
        const file = join(this.root, path.endsWith('/') ? `${path}index.html` : path);
        if (!file.startsWith(this.root) || !existsSync(file) || !statSync(file).isFile()) {
          send(res, 404, { 'content-type': 'text/html' }, '<h1>Not found</h1>');
        } else {
          res.writeHead(200, {
            'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          });
          res.end(readFileSync(file));
        }
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  requested(path: string): boolean {
    return this.log.some((l) => l.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
