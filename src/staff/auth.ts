import type { Request } from 'restify';
import type { StaffMember, StaffStore } from '../storage/types';
import { hasControlCharacters } from '../http/text';
import { LoginGate, LoginRefused } from './loginGate';
import { randomToken, sha256, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'faqbot_staff';
const SESSION_HOURS = 12;
// A scrypt hash of a random password, so an unknown email costs as much as a known one.
const DUMMY_HASH =
  'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$IT9fQPLX2Tq8b0ZdKxB1jQ0b6mFq0d9wM3Yw1m4b6YQ';

export interface StaffSession {
  member: StaffMember;
  csrf: string;
  tokenHash: string;
}

export type LoginResult =
  | { ok: true; token: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'wait'; retryAfterSeconds: number; message: string };

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

/** Staff log-in: scrypt passwords behind the login gate, HttpOnly session cookie. */
export class StaffAuth {
  constructor(
    private readonly store: StaffStore,
    private readonly secureCookies: boolean,
    readonly gate: LoginGate = new LoginGate(),
  ) {}

  /**
   * Every failure gets the same answer after the same work (one database read, one hash):
   * unknown email, wrong password, disabled account. Waits and limits are per address and the
   * same for any email, so they reveal nothing either.
   */
  async login(email: string, password: string, address: string): Promise<LoginResult> {
    try {
      return await this.gate.attempt(email, address, () => this.check(email, password, address));
    } catch (err) {
      if (!(err instanceof LoginRefused)) throw err;
      return {
        ok: false,
        reason: 'wait',
        retryAfterSeconds: err.retryAfterSeconds,
        message: err.message,
      };
    }
  }

  private async check(email: string, password: string, address: string): Promise<LoginResult> {
    // An email with a control character is no account's (PostgreSQL refused a NUL: a 500).
    const who = hasControlCharacters(email)
      ? undefined
      : await this.store.credentials(email.trim());
    const usable = who?.passwordHash && !who.disabled ? who.passwordHash : undefined;
    const valid = await verifyPassword(password, usable ?? DUMMY_HASH);
    if (!who || !usable || !valid) {
      this.gate.failed(email, address);
      if (who)
        await this.store.audit({
          staffId: who.id,
          action: 'login-failed',
          conversationId: null,
          detail: who.disabled ? 'disabled' : null,
        });
      return { ok: false, reason: 'invalid' };
    }
    this.gate.succeeded(email, address);
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
