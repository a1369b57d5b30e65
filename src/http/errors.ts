import { STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * An error with the HTTP status and the reason the caller is told, and how long to wait before
 * trying again where that applies (a limit, an outage). Written by `sendError`, the one place
 * every refusal and outage is answered.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string) => new HttpError(400, 'BadArgument', message);
export const unauthorized = (message: string) => new HttpError(401, 'Unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'Forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'NotFound', message);
export const conflict = (message: string) => new HttpError(409, 'Conflict', message);
export const tooMany = (message: string, retryAfterSeconds = 60) =>
  new HttpError(429, 'TooManyRequests', message, retryAfterSeconds);
export const unsupportedMedia = (message: string) =>
  new HttpError(415, 'UnsupportedMediaType', message);
/** The database is away: nothing was kept, and the sender (Twilio, Web Chat) tries again. */
export const storageUnavailable = () =>
  new HttpError(
    503,
    'StorageUnavailable',
    'the service cannot store messages right now; try again shortly',
    5,
  );
export const serviceError = () => new HttpError(500, 'ServiceError', 'something went wrong');

/** The body of every refusal: `{error: {code, message}}`. */
export function errorBody(e: HttpError): { error: { code: string; message: string } } {
  return { error: { code: e.code, message: e.message } };
}

/** Writes a refusal or an outage: status, JSON reason, and Retry-After where it applies. */
export function sendError(res: ServerResponse, e: HttpError): void {
  if (res.headersSent) return;
  const body = JSON.stringify(errorBody(e));
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  if (e.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(e.retryAfterSeconds));
  res.writeHead(e.status);
  res.end(body);
}

/**
 * Node's HTTP parser refuses some requests before any route sees them (headers over 16 KB, a
 * request line that is not HTTP); without this the client gets a bare status and no reason.
 */
export function answerUnreadableRequests(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const e =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? new HttpError(431, 'HeadersTooLarge', 'The request line and headers must be under 16 KB.')
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new HttpError(408, 'RequestTimeout', 'The request took too long to arrive.')
          : new HttpError(400, 'BadRequest', 'The request could not be read as HTTP/1.1.');
    const body = JSON.stringify(errorBody(e));
    socket.end(
      `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
