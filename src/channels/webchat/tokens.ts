import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** The one conversation this token opens. */
  conv: string;
  /** The patient's id in that conversation. */
  user: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** The page language the patient started in, as a hint until they write. */
  loc?: 'en' | 'es';
}

/**
 * Direct Line tokens: signed claims (HMAC-SHA256), so any instance holding the key can check
 * them without a database read, and a token names exactly one conversation.
 */
export class TokenSigner {
  constructor(
    private readonly key: Buffer,
    readonly ttlSeconds: number,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  static newKey(): string {
    return randomBytes(32).toString('base64url');
  }

  issue(conv: string, user: string, loc?: 'en' | 'es'): { token: string; expiresIn: number } {
    const claims: TokenClaims = {
      conv,
      user,
      exp: Math.floor(this.clock() / 1000) + this.ttlSeconds,
      loc,
    };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expiresIn: this.ttlSeconds };
  }

  /** The claims of a valid, unexpired token; undefined otherwise (with no detail to leak). */
  verify(token: string | undefined): TokenClaims | undefined {
    const r = this.check(token);
    return r.ok ? r.claims : undefined;
  }

  /** Like verify, but tells an expired token (the page should get a new one) from a bad one. */
  check(
    token: string | undefined,
  ): { ok: true; claims: TokenClaims } | { ok: false; expired: boolean } {
    const claims = this.signedClaims(token);
    if (!claims) return { ok: false, expired: false };
    return claims.exp * 1000 > this.clock() ? { ok: true, claims } : { ok: false, expired: true };
  }

  private signedClaims(token: string | undefined): TokenClaims | undefined {
    if (!token) return undefined;
    const [body, sig] = token.split('.');
    if (!body || !sig) return undefined;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as TokenClaims;
      if (typeof claims.conv !== 'string' || typeof claims.exp !== 'number') return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
