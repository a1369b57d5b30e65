/**
 * What stands between the log-in form and the password hash. scrypt runs on libuv's small
 * thread pool, which SQLite's log sync shares: unchecked, 256 log-ins made a chat reply wait
 * 5 s. So at most `concurrent` hashes run at once with a short queue behind them; each address
 * gets a number of failures a window (a clinic's nurses often share one address: their good
 * log-ins cost nothing), everyone together a number of attempts a minute; and failed attempts
 * for one account from one address wait longer and longer before they are tried again. There is no lock-out a
 * stranger can put on a nurse's account: the wait is per address, for an unknown email as for a
 * real one (so it tells nobody which emails are staff).
 */
export interface LoginLimits {
  concurrent: number;
  queue: number;
  /** Failed attempts per address a window. */
  perAddress: number;
  windowMs: number;
  /** Attempts in all a (shorter) window: the cost of a flood from many addresses stays bounded. */
  total: number;
  totalWindowMs: number;
  /** Failures (account, address) before each further attempt waits. */
  freeFailures: number;
  maxWaitMs: number;
}

export const LOGIN_LIMITS: LoginLimits = {
  concurrent: 2,
  queue: 16,
  perAddress: 30,
  windowMs: 15 * 60_000,
  total: 120,
  totalWindowMs: 60_000,
  freeFailures: 3,
  maxWaitMs: 15 * 60_000,
};

/** Refused before any hashing: try again after `retryAfterSeconds`. */
export class LoginRefused extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
    this.name = 'LoginRefused';
  }
}

interface Window {
  start: number;
  count: number;
}

interface Failures {
  count: number;
  last: number;
}

export class LoginGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly byAddress = new Map<string, Window>();
  private all: Window = { start: 0, count: 0 };
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly limits: LoginLimits = LOGIN_LIMITS,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Checks the limits for this attempt (throws LoginRefused), then runs `work` in turn. */
  async attempt<T>(email: string, address: string, work: () => Promise<T>): Promise<T> {
    const now = this.clock();
    const key = `${email.trim().toLowerCase()}\u0000${address}`;
    const wait = this.waitFor(key, now);
    if (wait > 0)
      throw new LoginRefused(Math.ceil(wait / 1000), 'too many failed attempts; try again later');
    const addressWait = this.addressWait(address, now);
    if (addressWait > 0)
      throw new LoginRefused(
        Math.ceil(addressWait / 1000),
        'too many log-in attempts; try again later',
      );
    const totalWait = this.countAll(now);
    if (totalWait > 0)
      throw new LoginRefused(
        Math.ceil(totalWait / 1000),
        'too many log-in attempts; try again shortly',
      );
    if (this.running >= this.limits.concurrent && this.waiting.length >= this.limits.queue)
      throw new LoginRefused(5, 'the service is busy checking log-ins; try again in a few seconds');
    return this.exclusive(work);
  }

  /** Hashing outside a log-in (setting a password) waits its turn too. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      this.running += 1;
      try {
        return await work();
      } finally {
        this.running -= 1;
        this.waiting.shift()?.();
      }
    };
    if (this.running < this.limits.concurrent) return run();
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(run);
  }

  failed(email: string, address: string): void {
    this.count(address, this.clock());
    const key = `${email.trim().toLowerCase()}\u0000${address}`;
    const f = this.failures.get(key) ?? { count: 0, last: 0 };
    if (this.failures.size > 100_000) this.failures.clear();
    this.failures.set(key, { count: f.count + 1, last: this.clock() });
  }

  succeeded(email: string, address: string): void {
    this.failures.delete(`${email.trim().toLowerCase()}\u0000${address}`);
  }

  /** How long this account and address must wait: doubling from one second, after the free ones. */
  private waitFor(key: string, now: number): number {
    const f = this.failures.get(key);
    if (!f) return 0;
    if (now - f.last > this.limits.windowMs) {
      this.failures.delete(key);
      return 0;
    }
    const over = f.count - this.limits.freeFailures;
    if (over < 0) return 0;
    const wait = Math.min(1000 * 2 ** over, this.limits.maxWaitMs);
    return Math.max(0, f.last + wait - now);
  }

  /** 0 while the address has failures to spare, else how long until its window ends. */
  private addressWait(address: string, now: number): number {
    const w = this.byAddress.get(address);
    if (!w || now - w.start >= this.limits.windowMs || w.count < this.limits.perAddress) return 0;
    return w.start + this.limits.windowMs - now;
  }

  private count(address: string, now: number): void {
    let w = this.byAddress.get(address);
    if (!w || now - w.start >= this.limits.windowMs) {
      if (this.byAddress.size > 100_000) this.byAddress.clear();
      w = { start: now, count: 0 };
      this.byAddress.set(address, w);
    }
    w.count += 1;
  }

  private countAll(now: number): number {
    if (now - this.all.start >= this.limits.totalWindowMs) this.all = { start: now, count: 0 };
    this.all.count += 1;
    return this.all.count <= this.limits.total
      ? 0
      : this.all.start + this.limits.totalWindowMs - now;
  }
}
