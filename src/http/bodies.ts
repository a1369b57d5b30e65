import restify, { type RequestHandler } from 'restify';
import { sendError, unsupportedMedia } from './errors';

const FORM = 'application/x-www-form-urlencoded';

/** The largest request body read; a bigger one is answered 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * A form body as its fields, each name as sent (`Body[x]` stays one field named so, which is
 * what Twilio signs) and a repeated name as a list of its values. restify's own form parser (qs)
 * made objects of bracketed names and cost about 2% of an SMS turn under load.
 */
export function parseForm(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = fields[name];
    if (seen === undefined) fields[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else fields[name] = [seen, value];
  }
  return { ...fields };
}

/**
 * No channel sends a compressed body (Twilio, Web Chat, the Bot Framework do not), and restify
 * would inflate one past MAX_BODY_BYTES: 51 KB of gzip became 50 MB of parsed JSON. Refused 415
 * before anything is read.
 */
const identityOnly: RequestHandler = (req, res, next) => {
  const encoding = (req.header('content-encoding') ?? '').trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    sendError(
      res,
      unsupportedMedia('compressed request bodies are not accepted (Content-Encoding)'),
    );
    return next(false);
  }
  return next();
};

/**
 * Reads every request body (up to MAX_BODY_BYTES, or 413), then parses it by its type: forms
 * with parseForm, JSON and the rest as restify's bodyParser does.
 */
export function bodyParsers(): RequestHandler[] {
  const [read, parse] = restify.plugins.bodyParser({
    maxBodySize: MAX_BODY_BYTES,
    mapParams: false,
  });
  const parseBody: RequestHandler = (req, res, next) => {
    if (req.getContentType() !== FORM || req.method === 'GET' || req.method === 'HEAD')
      return parse(req, res, next);
    const raw: unknown = req.body;
    if (typeof raw === 'string' && raw) req.body = parseForm(raw);
    return next();
  };
  return [identityOnly, read, parseBody];
}
