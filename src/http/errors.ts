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
