import type { Logger } from 'pino';
import type { OutboxMessage, SmsStore } from '../../storage/types';
import type { TwilioClient } from './twilioClient';

export interface OutboxOptions {
  perSecond: number;
  maxAttempts: number;
  /** First retry delay; each further retry doubles it, up to five minutes. */
  retryBaseMs: number;
  /** Where Twilio reports delivery (known once the service listens). */
  statusCallback?: () => string;
  log: Logger;
  /**
   * With a database shared by several instances, a send still "sending" may be another
   * instance's, under way: only one claimed longer ago than this counts as interrupted (checked
   * at start and every minute). Unset (one instance): every one found at start is.
   */
  staleSendMs?: number;
}

// Twilio errors that no retry can fix: opted out, invalid or unreachable number, and so on.
const PERMANENT = new Set([
  21211, 21214, 21217, 21219, 21408, 21606, 21610, 21612, 21614, 30003, 30005, 30006,
]);

interface TwilioError {
  status?: number;
  code?: number | string;
  message?: string;
}

/** What the common Twilio errors mean, for staff (Twilio's own text can carry the number). */
const MEANING: Record<number, string> = {
  21211: "not a valid 'To' number",
  21408: 'sending to this region is not enabled',
  21610: 'the patient texted STOP',
  21612: 'this number cannot be reached from the clinic number',
  21614: 'not a mobile number',
  30003: 'the phone is unreachable',
  30005: 'unknown or inactive number',
  30006: 'a landline or a carrier that cannot take texts',
  30007: "filtered by the patient's carrier",
};

/**
 * Why a send failed, as kept in the outbox and shown to staff: the status, Twilio's error code
 * and what it means, never Twilio's message (it quotes the patient's number).
 */
export function failureReason(e: TwilioError): string {
  const code = typeof e.code === 'number' ? e.code : undefined;
  if (e.status === undefined)
    return `no answer from Twilio${typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code) ? ` (${e.code})` : ''}`;
  return `Twilio ${e.status}${code ? `, error ${code}${MEANING[code] ? ` (${MEANING[code]})` : ''}` : ''}`;
}

/**
 * Later messages (staff replies, notices) leave through a durable outbox: at most the number's
 * rate, retried with backoff on 429, 5xx and network errors, given up with the reason on
 * permanent errors, and claimed before sending so no message goes out twice.
 */
export class SmsOutbox {
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();
  private running = false;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: SmsStore,
    private readonly client: TwilioClient,
    private readonly o: OutboxOptions,
  ) {}

  async start(): Promise<void> {
    await this.releaseInterrupted();
    this.running = true;
    this.schedule();
    if (this.o.staleSendMs !== undefined) {
      this.sweeper = setInterval(() => void this.releaseInterrupted(), 60_000);
      this.sweeper.unref();
    }
  }

  private async releaseInterrupted(): Promise<void> {
    const before =
      this.o.staleSendMs === undefined ? new Date() : new Date(Date.now() - this.o.staleSendMs);
    const interrupted = await this.store.releaseInterrupted(before).catch((err: Error) => {
      this.o.log.warn({ err: err.message }, 'outbox sweep failed');
      return 0;
    });
    if (interrupted)
      this.o.log.warn({ interrupted }, 'outbox messages interrupted by a stop were not resent');
  }

  /** The next tick is timed from the end of this one, so a slow answer never causes a burst. */
  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(
      () => {
        this.busy = this.tick()
          .catch((err: Error) => this.o.log.error({ err: err.message }, 'outbox tick failed'))
          .finally(() => this.schedule());
      },
      Math.max(20, 1000 / this.o.perSecond),
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    clearInterval(this.sweeper);
    await this.busy;
  }

  /** Sends at most one due message: one per tick is the rate limit. */
  async tick(): Promise<void> {
    const [message] = await this.store.claimDue(new Date(), 1);
    if (message) await this.send(message);
  }

  private async send(m: OutboxMessage): Promise<void> {
    try {
      const sent = await this.client.messages.create({
        to: m.to,
        from: m.from,
        body: m.body,
        ...(this.o.statusCallback ? { statusCallback: this.o.statusCallback() } : {}),
      });
      await this.store.markSent(m.id, sent.sid);
    } catch (err) {
      const e = err as TwilioError;
      const reason = failureReason(e);
      const permanent =
        (typeof e.code === 'number' && PERMANENT.has(e.code)) ||
        (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 429);
      if (permanent || m.attempts >= this.o.maxAttempts) {
        await this.store.markFailed(
          m.id,
          permanent ? reason : `gave up after ${m.attempts} attempts; last: ${reason}`,
        );
        this.o.log.warn(
          { outboxId: m.id, conversationId: m.conversationId, status: e.status, code: e.code },
          'SMS not delivered',
        );
        return;
      }
      const delay = Math.min(300_000, this.o.retryBaseMs * 2 ** (m.attempts - 1));
      await this.store.markRetry(m.id, new Date(Date.now() + delay), reason);
    }
  }
}
