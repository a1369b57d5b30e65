import type { Request, Response } from 'restify';
import type { Logger } from 'pino';
import { HttpError, sendError, serviceError, storageUnavailable } from './errors';
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
      if (err instanceof HttpError) return sendError(res, err);
      if (err instanceof StorageUnavailableError) {
        log.warn({ path: req.getPath(), err: err.message }, 'database unavailable');
        return sendError(res, storageUnavailable());
      }
      log.error({ path: req.getPath(), err: (err as Error).message }, 'request failed');
      sendError(res, serviceError());
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
