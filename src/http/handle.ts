import type { Request, Response } from 'restify';
import type { Logger } from 'pino';
import { HttpError } from './errors';
import { StorageUnavailableError } from '../storage/errors';

export type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * The one HTTP error handler: typed errors become their status with a reason; anything else is
 * logged (without the request body) and answered 500 without detail.
 */
export function handle(log: Logger, fn: Handler): Handler {
  return async (req, res) => {
    try {
      await fn(req, res);
    } catch (err) {
      if (err instanceof HttpError) {
        res.send(err.status, { error: { code: err.code, message: err.message } });
        return;
      }
      if (err instanceof StorageUnavailableError) {
        // Nothing was kept: the sender (Twilio, Web Chat) tries again and loses nothing.
        log.warn({ path: req.getPath(), err: (err as Error).message }, 'database unavailable');
        if (!res.headersSent) {
          res.header('Retry-After', '5');
          res.send(503, {
            error: {
              code: 'StorageUnavailable',
              message: 'the service cannot store messages right now; try again shortly',
            },
          });
        }
        return;
      }
      log.error({ path: req.getPath(), err: (err as Error).message }, 'request failed');
      if (!res.headersSent)
        res.send(500, { error: { code: 'ServiceError', message: 'something went wrong' } });
    }
  };
}

export function bearer(req: Request): string | undefined {
  return /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
}

/**
 * The client's address, with `hops` proxies of the clinic's own in front (TRUST_PROXY). Each
 * proxy appends the address it was called from to X-Forwarded-For, so only the last `hops`
 * entries are vouched for, counted from the right; whatever a client wrote on the left is its
 * own claim and is never taken.
 */
export function clientAddress(req: Request, hops: number): string {
  const socket = req.socket.remoteAddress || 'unknown';
  if (hops <= 0) return socket;
  const chain = [
    ...(req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    socket,
  ];
  return chain[Math.max(0, chain.length - 1 - hops)];
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (how Node reports a loopback IPv4 caller). */
export function isLoopback(address: string): boolean {
  const a = address.replace(/^::ffff:/i, '').replace(/^\[|\]$/g, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || a === 'localhost';
}
