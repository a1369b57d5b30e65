import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** The one conversation this token opens. */
  conv: string;
  /** The patient's id in that conversation. */
  user: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /**
   * When the conversation's first token was issued (seconds): refreshing keeps it, so a chain
   * of refreshes ends `maxChainSeconds` after it began, however often it was refreshed.
   */
  start: number;
  /** The page language the patient started in, as a hint until they write. */
  loc?: 'en' | 'es';
}

/**
 * Direct Line tokens: signed claims (HMAC-SHA256), so any instance holding the key can check
 * them without a database read, and a token names exactly one conversation.
 */
/** `<claims>.<signature>`, both base64url; a signature is 32 bytes (43 characters). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{43}$/;

export class TokenSigner {
  constructor(
    private readonly key: Buffer,
    readonly ttlSeconds: number,
    private readonly clock: () => number = () => Date.now(),
    readonly maxChainSeconds = 86_400,
  ) {}

  static newKey(): string {
    return randomBytes(32).toString('base64url');
  }

  /** The first token of a conversation: a new chain. */
  issue(conv: string, user: string, loc?: 'en' | 'es'): { token: string; expiresIn: number } {
    const now = Math.floor(this.clock() / 1000);
    return this.sealed({ conv, user, loc, start: now, exp: now + this.ttlSeconds }, now);
  }

  /** The next token of a chain (a refresh); undefined once the chain has run its course. */
  next(claims: TokenClaims): { token: string; expiresIn: number } | undefined {
    const now = Math.floor(this.clock() / 1000);
    const end = claims.start + this.maxChainSeconds;
    if (end <= now) return undefined;
    return this.sealed({ ...claims, exp: Math.min(now + this.ttlSeconds, end) }, now);
  }

  private sealed(claims: TokenClaims, now: number): { token: string; expiresIn: number } {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expiresIn: claims.exp - now };
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
    if (!token || !TOKEN_SHAPE.test(token)) return undefined;
    const [body, sig] = token.split('.');
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as TokenClaims;
      if (typeof claims.conv !== 'string' || typeof claims.exp !== 'number') return undefined;
      // A token from before chains were bounded: its chain began one lifetime before expiry.
      if (typeof claims.start !== 'number') claims.start = claims.exp - this.ttlSeconds;
      return claims;
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
