/**
 * The database cannot be reached (stopped, restarting, network cut, disk full). Not a bug in the
 * request: the HTTP layer answers 503 with Retry-After, so Twilio and Web Chat send it again
 * later and nothing is lost, and the service carries on by itself when the database is back.
 */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the database is unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StorageUnavailableError';
  }
}

// PostgreSQL: connection exceptions (08), operator intervention (57P), too many connections,
// and the driver's own network and timeout errors.
const PG_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|connection timeout/i;

export function isUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (PG_CODES.has(code) || NET_CODES.has(code)) return true;
  // SQLite: the file is locked too long, unreadable, unwritable or the disk is full.
  if (/^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY)/.test(code)) return true;
  return typeof e?.message === 'string' && PG_MESSAGES.test(e.message);
}

/** Rethrows database outages as StorageUnavailableError; other errors unchanged. */
export function classify(err: unknown): never {
  throw isUnavailable(err) && !(err instanceof StorageUnavailableError)
    ? new StorageUnavailableError(err)
    : err;
}
