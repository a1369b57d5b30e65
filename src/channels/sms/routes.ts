import { createHash } from 'node:crypto';
import type { Request, Server } from 'restify';
import type { Logger } from 'pino';
import twilio from 'twilio';
import { badRequest, forbidden } from '../../http/errors';
import { handle } from '../../http/handle';
import { RateLimiter } from '../../http/rateLimit';
import type { SmsStore } from '../../storage/types';
import { TWILIO_ID, type SmsWebhook } from './webhook';

function form(req: Request): Record<string, string> {
  const body = req.body as unknown;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).flatMap(([k, v]) => {
      const first: unknown = Array.isArray(v) ? v[0] : v;
      // Twilio posts flat fields (a form's repeated name is a list: its first value); an object
      // from a JSON body is none of them, and String() of one threw (a 500).
      return typeof first === 'object' && first !== null ? [] : [[k, String(first)]];
    }),
  );
}

export interface SmsRoutesOptions {
  webhook: SmsWebhook;
  store: SmsStore;
  authToken: string;
  publicUrl: () => string;
  log: Logger;
  /** Texts one number may send a minute before they are only recorded (SMS_RATE_LIMIT_PER_MINUTE). */
  smsLimitPerMinute?: number;
}

const DEFAULT_SMS_LIMIT_PER_MINUTE = 20;

/** POST /api/sms (Twilio's inbound webhook) and POST /api/sms/status (delivery reports). */
export function registerSms(server: Server, o: SmsRoutesOptions): void {
  // Twilio signs the public address it called, not the one behind a proxy.
  const signedUrl = (req: Request) => `${o.publicUrl()}${req.url ?? req.getPath()}`;
  // Per sender, under a hash so the limiter holds no phone number. Over the limit a text is not
  // refused: Twilio does not retry a webhook answered 429 (it logs error 11200 and drops the
  // text), so a 429 would lose the patient's words. The webhook records the text in the
  // transcript and answers 200 with an empty <Response/>: nothing lost, no outbound SMS spent.
  const limiter = new RateLimiter(o.smsLimitPerMinute ?? DEFAULT_SMS_LIMIT_PER_MINUTE, 60_000);
  const allow = (from: string) =>
    limiter.take(createHash('sha256').update(from).digest('base64url'));

  server.post(
    '/api/sms',
    handle(o.log, async (req, res) => {
      const result = await o.webhook.handle(
        form(req),
        req.header('x-twilio-signature') || undefined,
        signedUrl(req),
        allow,
      );
      if (result.status === 200 && result.limited) {
        o.log.warn(
          { conversationId: result.limited.conversationId },
          'sms over its rate limit: recorded, not answered',
        );
      }
      if (result.status === 403) throw forbidden(result.reason);
      if (result.status !== 200) throw badRequest(result.reason);
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
      if (!signature || !twilio.validateRequest(o.authToken, signature, signedUrl(req), params))
        throw forbidden('the X-Twilio-Signature is missing or does not match');
      const { MessageSid: sid, MessageStatus: status, ErrorCode: code } = params;
      // A NUL in one failed PostgreSQL's update (a 500); Twilio sends only printable values.
      if ([sid, status, code].some((v) => v && !TWILIO_ID.test(v)))
        throw badRequest('MessageSid, MessageStatus or ErrorCode is not one Twilio sends');
      if (sid && status) await o.store.recordDelivery(sid, status, code || undefined);
      res.writeHead(204);
      res.end();
    }),
  );
}
