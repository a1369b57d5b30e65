import type { Request, Server } from 'restify';
import type { Logger } from 'pino';
import twilio from 'twilio';
import { handle } from '../../http/handle';
import type { SmsStore } from '../../storage/types';
import type { SmsWebhook } from './webhook';

function form(req: Request): Record<string, string> {
  const body = req.body as unknown;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([k, v]) => [
      k,
      Array.isArray(v) ? String(v[0]) : String(v),
    ]),
  );
}

export interface SmsRoutesOptions {
  webhook: SmsWebhook;
  store: SmsStore;
  authToken: string;
  publicUrl: () => string;
  log: Logger;
}

/** POST /api/sms (Twilio's inbound webhook) and POST /api/sms/status (delivery reports). */
export function registerSms(server: Server, o: SmsRoutesOptions): void {
  // Twilio signs the public address it called, not the one behind a proxy.
  const signedUrl = (req: Request) => `${o.publicUrl()}${req.url ?? req.getPath()}`;

  server.post(
    '/api/sms',
    handle(o.log, async (req, res) => {
      const result = await o.webhook.handle(
        form(req),
        req.header('x-twilio-signature') || undefined,
        signedUrl(req),
      );
      if (result.status !== 200) {
        res.send(result.status, {
          error: {
            code: result.status === 403 ? 'Forbidden' : 'BadArgument',
            message: result.reason,
          },
        });
        return;
      }
      res.setHeader('Content-Type', 'text/xml; charset=utf-8');
      res.writeHead(200);
      res.end(result.twiml);
    }),
  );

  server.post(
    '/api/sms/status',
    handle(o.log, async (req, res) => {
      const params = form(req);
      const signature = req.header('x-twilio-signature') || undefined;
      if (!signature || !twilio.validateRequest(o.authToken, signature, signedUrl(req), params)) {
        res.send(403, {
          error: {
            code: 'Forbidden',
            message: 'the X-Twilio-Signature is missing or does not match',
          },
        });
        return;
      }
      if (params.MessageSid && params.MessageStatus) {
        await o.store.recordDelivery(
          params.MessageSid,
          params.MessageStatus,
          params.ErrorCode || undefined,
        );
      }
      res.writeHead(204);
      res.end();
    }),
  );
}
