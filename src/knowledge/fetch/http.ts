import http from 'node:http';
import https from 'node:https';
/** A site that cannot be fetched at all: the command says why in one line. */
export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface Got {
  status: number;
  url: string;
  type: string;
  body: Buffer;
  location?: string;
}

export interface Polite {
  agent: string;
  /** Requests a second, at most. */
  rate: number;
  timeoutMs: number;
  maxBytes: number;
}

/**
 * One GET at a time, on a fresh connection each (nothing left over from a response cut short),
 * spaced so there are never more than `rate` a second, redirects returned (not followed) so the
 * caller decides whether their target is on the site, and bodies cut off at `maxBytes` so a
 * huge or endless response cannot fill the disk or the memory.
 */
export class PoliteClient {
  private next = 0;
  requests = 0;

  constructor(private readonly o: Polite) {}

  /** Starts at least 1/rate s apart, with a tenth more, so the site never sees more than `rate`. */
  private async turn(): Promise<void> {
    const at = Math.max(Date.now(), this.next);
    this.next = at + Math.ceil(1100 / this.o.rate);
    // Timers may fire a millisecond early: wait until the clock has really reached the slot.
    while (Date.now() < at) await new Promise((r) => setTimeout(r, at - Date.now()));
  }

  async get(url: string): Promise<Got | { tooLarge: true; url: string; type: string }> {
    await this.turn();
    this.requests++;
    try {
      return await this.request(url);
    } finally {
      // The next request waits for this one to end, however long it took.
      this.next = Math.max(this.next, Date.now());
    }
  }

  private request(url: string): Promise<Got | { tooLarge: true; url: string; type: string }> {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.get(
        target,
        {
          agent: false,
          headers: {
            'user-agent': this.o.agent,
            accept: 'text/html,application/pdf;q=0.9,*/*;q=0.1',
          },
        },
        (res) => {
          const type = (res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
          const chunks: Buffer[] = [];
          let size = 0;
          const tooLarge = () => {
            req.destroy();
            resolve({ tooLarge: true, url, type });
          };
          if (Number(res.headers['content-length'] ?? 0) > this.o.maxBytes) return tooLarge();
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.o.maxBytes) tooLarge();
            else chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              url,
              type,
              body: Buffer.concat(chunks),
              location: res.headers.location,
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(this.o.timeoutMs, () =>
        req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })),
      );
      req.on('error', reject);
    });
  }
}

/** Why a request failed, in words an IT person can act on. */
export function reason(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'TimeoutError') return 'no answer in time';
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'no such host';
  if (e.code === 'ECONNRESET') return 'connection reset';
  if (e.code === 'CERT_HAS_EXPIRED' || /certificate/i.test(e.message ?? ''))
    return `certificate problem (${e.message})`;
  return e.message ?? String(err);
}
