import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc1.';

/**
 * Patients' words and numbers encrypted at rest (AES-256-GCM) when DATA_KEY is set. DATA_KEY is
 * one or more `id:key` pairs separated by commas (key: 32 bytes, base64); the first encrypts,
 * all of them decrypt, so a key is rotated by putting a new one first and running
 * `npm run data -- rekey`. Values written before encryption was turned on stay readable.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;
  readonly current: string;

  constructor(spec: string) {
    this.keys = new Map();
    for (const part of spec
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [id, b64] = part.includes(':') ? part.split(':', 2) : ['k1', part];
      const key = Buffer.from(b64, 'base64');
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new Error(`DATA_KEY: bad key id "${id}"`);
      if (key.length !== 32) throw new Error(`DATA_KEY: key "${id}" is not 32 bytes of base64`);
      this.keys.set(id, key);
    }
    const first = this.keys.keys().next();
    if (first.done) throw new Error('DATA_KEY has no key');
    this.current = first.value;
  }

  static newKey(): string {
    return randomBytes(32).toString('base64');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.current)!, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    return `${PREFIX}${this.current}.${sealed}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [id, sealed] = stored.slice(PREFIX.length).split('.', 2);
    const key = this.keys.get(id);
    if (!key) throw new Error(`data encrypted with key "${id}", which DATA_KEY does not hold`);
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  /** Plain, or sealed with a key other than the current one. */
  isStale(stored: string): boolean {
    return !stored.startsWith(`${PREFIX}${this.current}.`);
  }
}

/** How a store seals and opens a field: identity without DATA_KEY. */
export interface Fields {
  seal(plain: string): string;
  open(stored: string): string;
}

export const PLAIN: Fields = { seal: (s) => s, open: (s) => s };
