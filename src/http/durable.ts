import type { Request, Response, Next } from 'restify';

/**
 * Holds every response until what was stored before it is on disk (`synced`, the store's): a
 * write resolves once committed, which survives the process being killed, and this makes an
 * acknowledgement survive a power cut too. The response is written as usual into the corked
 * socket; only its end (which sends it) waits. If the disk fails, the connection is dropped
 * rather than anything acknowledged, and the sender tries again. A stream that only says that
 * something changed (server-sent events) lets itself out with `notHeld`.
 */
export function durableResponses(synced: () => Promise<void>) {
  return (_req: Request, res: Response, next: Next): void => {
    res.cork();
    const end = res.end;
    // `end` has several overloads; whichever was called is called the same way, later.
    res.end = function (this: Response, ...args: unknown[]) {
      // The headers are settled now (restify checks that the handler answered), sent later.
      if (!this.headersSent) this.writeHead(this.statusCode);
      synced().then(
        () => (end as (...a: unknown[]) => void).apply(this, args),
        () => res.destroy(),
      );
      return this;
    } as Response['end'];
    next();
  };
}

/**
 * A response that is a stream of notices, not an acknowledgement: it flows as it is written.
 * Decided by the route that matched, never by the raw path (which can be spelled many ways).
 */
export function notHeld(res: Response): void {
  res.uncork();
}
