import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'restify';

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/** Files read and compressed once at start-up, served with an ETag and gzip when accepted. */
export class StaticAssets {
  private readonly assets = new Map<string, Asset>();

  add(path: string, type: string, content: Buffer | string): void {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    this.assets.set(path, { type, body, gzip: gzipSync(body, { level: 9 }), etag });
  }

  addFile(path: string, type: string, file: string): void {
    this.add(path, type, readFileSync(file));
  }

  sizeOf(path: string): { bytes: number; gzipped: number } | undefined {
    const a = this.assets.get(path);
    return a && { bytes: a.body.length, gzipped: a.gzip.length };
  }

  paths(): string[] {
    return [...this.assets.keys()];
  }

  serve(path: string, req: Request, res: Response): void {
    const a = this.assets.get(path)!;
    res.setHeader('Content-Type', a.type);
    res.setHeader('ETag', a.etag);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.header('if-none-match') === a.etag) {
      res.writeHead(304);
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.header('accept-encoding') ?? '');
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    const body = gzip ? a.gzip : a.body;
    res.setHeader('Content-Length', body.length);
    res.writeHead(200);
    res.end(body);
  }
}
