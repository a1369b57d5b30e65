import pino, { type Logger } from 'pino';

/**
 * Structured logs on stderr (stdout belongs to `npm run ask`). Message text and phone numbers are
 * personal health information: the paths that could carry them are redacted, and the code logs
 * conversation ids, never text.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'text',
          '*.text',
          'from',
          '*.from',
          'to',
          '*.to',
          'phone',
          '*.phone',
          'body',
          '*.body',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}
