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

export function clientAddress(req: Request, trustProxy: boolean): string {
  const forwarded = trustProxy ? req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return forwarded || req.socket.remoteAddress || 'unknown';
}
