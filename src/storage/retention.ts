import type { Logger } from 'pino';
import type { SqlStore } from './sql/store';

/**
 * Housekeeping: patients' messages older than RETENTION_DAYS go, at start and every hour (0 keeps
 * them for good). Returns what stops it.
 */
export async function startRetention(
  store: SqlStore,
  days: number,
  log: Logger,
): Promise<() => void> {
  if (!days) return () => undefined;
  const purge = async () => {
    const cutoff = new Date(Date.now() - days * 86_400_000);
    try {
      const removed = await store.purgeBefore(cutoff);
      log.info({ removed, retentionDays: days }, 'retention purge');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'retention purge failed');
    }
  };
  await purge();
  const timer = setInterval(() => void purge(), 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
