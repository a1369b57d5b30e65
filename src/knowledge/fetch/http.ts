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
 * One GET at a time, spaced so there are never more than `rate` a second, redirects returned
 * (not followed) so the caller decides whether their target is on the site, and bodies cut off
 * at `maxBytes` so a huge or endless response cannot fill the disk or the memory.
 */
export class PoliteClient {
  private next = 0;
  requests = 0;

  constructor(private readonly o: Polite) {}

  private async turn(): Promise<void> {
    const at = Math.max(Date.now(), this.next);
    this.next = at + Math.ceil(1000 / this.o.rate);
    // Timers may fire a millisecond early: wait until the clock has really reached the slot.
    while (Date.now() < at) await new Promise((r) => setTimeout(r, at - Date.now()));
  }

  async get(url: string): Promise<Got | { tooLarge: true; url: string; type: string }> {
    await this.turn();
    this.requests++;
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { 'user-agent': this.o.agent, accept: 'text/html,application/pdf;q=0.9,*/*;q=0.1' },
      signal: AbortSignal.timeout(this.o.timeoutMs),
    });
    const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const location = res.headers.get('location') ?? undefined;
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > this.o.maxBytes) {
      await res.body?.cancel();
      return { tooLarge: true, url, type };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > this.o.maxBytes) {
          await reader.cancel();
          return { tooLarge: true, url, type };
        }
        chunks.push(Buffer.from(value));
      }
    }
    return { status: res.status, url, type, body: Buffer.concat(chunks), location };
  }
}

/** Why a request failed, in words an IT person can act on. */
export function reason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'no answer in time';
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'no such host';
  if (code === 'ECONNRESET') return 'connection reset';
  return e.cause?.message ?? e.message ?? String(err);
}
