import type { Request } from 'restify';
import type { StaffMember, StaffStore } from '../storage/types';
import { hasControlCharacters } from '../http/text';
import { randomToken, sha256, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'faqbot_staff';
const SESSION_HOURS = 12;
const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;
// A scrypt hash of a random password, so an unknown email costs as much as a known one.
const DUMMY_HASH =
  'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$IT9fQPLX2Tq8b0ZdKxB1jQ0b6mFq0d9wM3Yw1m4b6YQ';

export interface StaffSession {
  member: StaffMember;
  csrf: string;
  tokenHash: string;
}

export type LoginResult = { ok: true; token: string } | { ok: false; reason: 'invalid' | 'locked' };

function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    try {
      out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // A value that does not percent-decode is no session of ours; letting it throw made the
      // guard answer 503 as if the database were down.
    }
  }
  return out;
}

/** Staff log-in: scrypt passwords, lock-out after repeated failures, HttpOnly session cookie. */
export class StaffAuth {
  constructor(
    private readonly store: StaffStore,
    private readonly secureCookies: boolean,
  ) {}

  async login(email: string, password: string): Promise<LoginResult> {
    // An email with a control character is no account's (PostgreSQL refused a NUL: a 500).
    const who = hasControlCharacters(email)
      ? undefined
      : await this.store.credentials(email.trim());
    // The same answer, after the same work, for an unknown email and a wrong password.
    if (!who?.passwordHash) {
      await verifyPassword(password, DUMMY_HASH);
      return { ok: false, reason: 'invalid' };
    }
    if (who.lockedUntil && who.lockedUntil > new Date().toISOString())
      return { ok: false, reason: 'locked' };
    if (who.lockedUntil) {
      // The lock-out has passed: the count starts again.
      await this.store.loginSucceeded(who.id);
      who.failedLogins = 0;
    }
    if (!(await verifyPassword(password, who.passwordHash))) {
      const lock =
        who.failedLogins + 1 >= MAX_FAILURES
          ? new Date(Date.now() + LOCK_MINUTES * 60_000).toISOString()
          : null;
      await this.store.loginFailed(who.id, lock);
      await this.store.audit({
        staffId: who.id,
        action: 'login-failed',
        conversationId: null,
        detail: lock ? 'locked' : null,
      });
      return { ok: false, reason: lock ? 'locked' : 'invalid' };
    }
    await this.store.loginSucceeded(who.id);
    const token = randomToken();
    const expires = new Date(Date.now() + SESSION_HOURS * 3_600_000).toISOString();
    await this.store.createSession(sha256(token), who.id, randomToken(), expires);
    await this.store.audit({
      staffId: who.id,
      action: 'login',
      conversationId: null,
      detail: null,
    });
    return { ok: true, token };
  }

  async session(req: Request): Promise<StaffSession | undefined> {
    const token = cookies(req)[SESSION_COOKIE];
    if (!token) return undefined;
    const tokenHash = sha256(token);
    const s = await this.store.session(tokenHash);
    return s && { member: s.member, csrf: s.csrf, tokenHash };
  }

  cookie(token: string): string {
    return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}${this.secureCookies ? '; Secure' : ''}`;
  }

  clearedCookie(): string {
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${this.secureCookies ? '; Secure' : ''}`;
  }
}

export function staffOf(req: Request): StaffSession {
  const s = (req as Request & { staff?: StaffSession }).staff;
  if (!s) throw new Error('staff route registered without StaffRoutes');
  return s;
}
