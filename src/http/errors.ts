import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
/** An error with the HTTP status and the reason the caller is told; mapped by one handler. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string) => new HttpError(400, 'BadArgument', message);
export const unauthorized = (message: string) => new HttpError(401, 'Unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'Forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'NotFound', message);
export const tooMany = (message: string) => new HttpError(429, 'TooManyRequests', message);
export const conflict = (message: string) => new HttpError(409, 'Conflict', message);

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
    const [status, code, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HeadersTooLarge', 'The request line and headers must be under 16 KB.']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'RequestTimeout', 'The request took too long to arrive.']
          : [400, 'BadRequest', 'The request could not be read as HTTP/1.1.'];
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
