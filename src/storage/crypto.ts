import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { parseDataKeys } from '../config';

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
    this.keys = parseDataKeys(spec);
    this.current = this.keys.keys().next().value!;
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
