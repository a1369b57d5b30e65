import type { Request, Response, Next } from 'restify';

/**
 * Holds every response until what was stored before it is on disk (`synced`, the store's): a
 * write resolves once committed, which survives the process being killed, and this makes an
 * acknowledgement survive a power cut too. The response is written as usual into the corked
 * socket; only its end (which sends it) waits. If the disk fails, the connection is dropped
 * rather than anything acknowledged, and the sender tries again. `streams` (server-sent events,
 * which only say that something changed) are not held.
 */
export function durableResponses(synced: () => Promise<void>, streams: string[] = []) {
  return (req: Request, res: Response, next: Next): void => {
    if (streams.includes(req.getPath())) return next();
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
