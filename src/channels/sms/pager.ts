import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Translate } from '../../i18n';
import type { OnCallPage, PageCounts, PagerStore } from '../../storage/types';
import type { StaffFeed } from '../../core/feed';
import { DEFAULT_LANG } from '../../language/langs';

export interface PagingLimits {
  /** Pages at most in any hour, whatever the conversation. */
  perHour: number;
  /** One page per conversation within this many minutes. */
  conversationMinutes: number;
}

/** Pure: a page goes out unless the hour's or the conversation's limit is reached. */
export function shouldPage(counts: PageCounts, limits: PagingLimits): boolean {
  return counts.total < limits.perHour && counts.conversation === 0;
}

export interface OnCallPagerOptions {
  store: PagerStore;
  numbers: string[];
  clinicNumber: string;
  consoleUrl: () => string;
  clinicName: string;
  limits: PagingLimits;
  t: Translate;
  log: Logger;
  /** How often unsettled urgent escalations are looked for (the feed also wakes the pager). */
  intervalMs?: number;
  now?: () => number;
}

/** The outbox conversation of an on-call number: named by a hash, never by the number. */
const contactIdOf = (number: string) =>
  `oncall_${createHash('sha256').update(number).digest('base64url').slice(0, 16)}`;

/**
 * Pages the on-call numbers by SMS about urgent escalations, with a console link and never the
 * patient's words or number. Each escalation is settled once, in the store, with its pages; a
 * database that fails meanwhile is logged and the escalation paged on a later round, so an
 * urgent page is never lost and never crashes the service. A flood (one patient, or many) is
 * held back by the limits, and the next page that goes out says how many were.
 */
export class OnCallPager {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private unsubscribe?: () => void;

  constructor(private readonly o: OnCallPagerOptions) {}

  start(feed?: StaffFeed): void {
    this.timer = setInterval(() => void this.round(), this.o.intervalMs ?? 2000);
    this.timer.unref();
    this.unsubscribe = feed?.subscribe((event) => {
      if (event.type === 'conversation' && event.urgent) void this.round();
      // Raised once, by the instance that claimed the alert: the others hear it as remote.
      if (event.type === 'undelivered' && !event.remote)
        void this.pageUndelivered(event.conversationId);
    });
    void this.round();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.running;
  }

  /** One round; never rejects. A round asked for while one runs follows it. */
  round(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.settleAll()
      .catch((err: Error) =>
        this.o.log.error({ err: err.message }, 'on-call paging failed; trying again shortly'),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.round();
        }
      });
    return this.running;
  }

  private async settleAll(): Promise<void> {
    const now = (this.o.now ?? Date.now)();
    for (const e of await this.o.store.unpaged(50)) {
      const counts = await this.o.store.counts(
        e.conversationId,
        new Date(now - 3_600_000),
        new Date(now - this.o.limits.conversationMinutes * 60_000),
      );
      if (!shouldPage(counts, this.o.limits)) {
        if (await this.o.store.settle(e.id, 'held'))
          this.o.log.warn(
            { conversationId: e.conversationId },
            'on-call page held back by the paging limits',
          );
        continue;
      }
      await this.o.store.settle(e.id, (held) => this.pages(e.conversationId, held));
    }
  }

  /** A staff reply to an urgent conversation failed: on-call staff are told, with the link. */
  private async pageUndelivered(conversationId: string): Promise<void> {
    const body = this.o.t(DEFAULT_LANG, 'oncall.undelivered', {
      clinic: this.o.clinicName,
      link: `${this.o.consoleUrl()}/staff?c=${encodeURIComponent(conversationId)}`,
    });
    const pages = this.o.numbers.map((to) => ({
      contactId: contactIdOf(to),
      to,
      from: this.o.clinicNumber,
      body,
    }));
    await this.o.store
      .queue(pages)
      .catch((err: Error) =>
        this.o.log.error({ err: err.message, conversationId }, 'undelivered-reply page failed'),
      );
  }

  private pages(conversationId: string, held: number): OnCallPage[] {
    const vars = {
      clinic: this.o.clinicName,
      link: `${this.o.consoleUrl()}/staff?c=${encodeURIComponent(conversationId)}`,
      held: String(held),
    };
    const body = [
      this.o.t(DEFAULT_LANG, 'oncall.page', vars),
      ...(held ? [this.o.t(DEFAULT_LANG, 'oncall.held', vars)] : []),
    ].join(' ');
    return this.o.numbers.map((to) => ({
      contactId: contactIdOf(to),
      to,
      from: this.o.clinicNumber,
      body,
    }));
  }
}
