import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { ROOT } from './paths';
import { parseOfficeHours } from './officeHours';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #0063B1');

const Schema = z
  .object({
    CLINIC_NAME: z.string().min(1).max(80).default('our clinic'),
    CLINIC_COLOR: hexColor.default('#0063B1'),
    CLINIC_ACCENT_COLOR: hexColor.default('#E8F1FA'),
    KNOWLEDGE_DIR: z.string().min(1).optional(),
    SMS_MAX_SEGMENTS: z.coerce.number().int().min(1).max(10).default(3),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATA_DIR: z.string().min(1).default('data'),
    SQLITE_FILE: z.string().min(1).optional(),
    // Set: PostgreSQL, shared by every instance; unset: the SQLite file.
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL is a postgres:// URL')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // Patients' words and numbers encrypted at rest: "id:base64key[,id:oldkey...]".
    DATA_KEY: z
      .string()
      .min(1)
      .optional()
      .superRefine((spec, ctx) => {
        if (spec === undefined) return;
        try {
          parseDataKeys(spec);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      }),
    // Days a conversation's messages are kept; 0 keeps them for good.
    RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
    MicrosoftAppId: z.string().optional(),
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: z
      .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])
      .default('MultiTenant'),
    MicrosoftAppTenantId: z.string().optional(),
    DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
    // How long a chat's tokens can be refreshed, one after another, from the first.
    DIRECTLINE_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(24),
    TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    MESSAGE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
    // How many proxies of the clinic's own stand in front (their X-Forwarded-For is trusted):
    // a number of hops; true is 1, false 0.
    TRUST_PROXY: z
      .string()
      .default('0')
      .transform((s) => (s === 'true' ? '1' : s === 'false' ? '0' : s))
      .pipe(z.string().regex(/^\d{1,2}$/, 'true, false or a number of proxies (0-10)'))
      .transform(Number)
      .pipe(z.number().max(10, 'at most 10 proxies')),
    // POST /api/messages without MicrosoftAppId: only for the Bot Framework Emulator on this
    // machine (loopback callers and loopback serviceUrls); off, the endpoint refuses everyone.
    BOT_EMULATOR: z.enum(['true', 'false']).default('false'),
    CLINIC_PHONE: z.string().max(30).optional(),
    OFFICE_HOURS: z.string().optional(),
    TIMEZONE: z.string().default('America/New_York'),
    // Read only by `npm run staff -- add`: the new account's password, for scripted set-ups.
    STAFF_PASSWORD: z.string().optional(),
    STAFF_SETUP_LINK_HOURS: z.coerce.number().int().min(1).max(720).default(72),
    ONCALL_NUMBERS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164 numbers, like +15551234567'))),
    // On-call pages at most an hour (all conversations), and one per conversation per this many
    // minutes; pages held back are counted in the next one that goes out.
    ONCALL_PAGES_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(10),
    ONCALL_REPAGE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex digits')
      .optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
    TWILIO_PHONE_NUMBER: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'E.164, like +15551234567')
      .optional(),
    TWILIO_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
    SMS_SENDS_PER_SECOND: z.coerce.number().min(0.1).max(100).default(1),
    SMS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    SMS_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
    SMS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
    ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((o) => o.trim().replace(/\/$/, ''))
          .filter(Boolean),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  })
  .superRefine((c, ctx) => {
    try {
      if (c.OFFICE_HOURS) parseOfficeHours(c.OFFICE_HOURS, c.TIMEZONE);
      else new Intl.DateTimeFormat('en-US', { timeZone: c.TIMEZONE }).format();
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        path: [c.OFFICE_HOURS ? 'OFFICE_HOURS' : 'TIMEZONE'],
        message: (err as Error).message,
      });
    }
  })
  .refine(
    (c) =>
      [c.TWILIO_ACCOUNT_SID, c.TWILIO_AUTH_TOKEN, c.TWILIO_PHONE_NUMBER].filter(Boolean).length %
        3 ===
      0,
    {
      message:
        'set all three of TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER, or none',
      path: ['TWILIO_ACCOUNT_SID'],
    },
  )
  .refine(
    (c) => !c.MicrosoftAppId || c.MicrosoftAppPassword || c.MicrosoftAppType === 'UserAssignedMSI',
    {
      message: 'MicrosoftAppPassword is required when MicrosoftAppId is set',
      path: ['MicrosoftAppPassword'],
    },
  );

export type Config = z.infer<typeof Schema>;

/**
 * A setting that is missing, malformed or unusable (a port taken, a folder that cannot be made,
 * a database out of reach): one line each, naming the setting, so the IT person can fix it.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** `DATA_KEY`: `id:KEY[,id:KEY...]`, each KEY 32 bytes in base64; the first encrypts. */
export function parseDataKeys(spec: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  const expected =
    'expected id:KEY (several separated by commas), KEY being 32 random bytes in base64, e.g. k2026:' +
    'xxxx (see .env.example for the command that makes one)';
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, b64] = part.includes(':') ? part.split(':', 2) : ['k1', part];
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new Error(`bad key id "${id}": ${expected}`);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64) || Buffer.from(b64, 'base64').length !== 32)
      throw new Error(`key "${id}" is not 32 bytes of base64: ${expected}`);
    keys.set(id, Buffer.from(b64, 'base64'));
  }
  if (!keys.size) throw new Error(`no key: ${expected}`);
  return keys;
}

/**
 * The environment, with the settings of a `.env` file (ENV_FILE, or `.env` in the project
 * folder) under it: a variable set in the environment wins over the file.
 */
function environment(): NodeJS.ProcessEnv {
  const file = process.env.ENV_FILE ?? join(ROOT, '.env');
  if (!existsSync(file)) return process.env;
  return { ...parseEnv(readFileSync(file, 'utf8')), ...process.env };
}

/** The only place that reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = environment()): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = Schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}

export function publicUrlOf(c: Config, port: number): string {
  return (c.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
}

export function sqliteFileOf(c: Config): string {
  return c.SQLITE_FILE ?? `${c.DATA_DIR}/faqbot.sqlite`;
}

export type SmsConfig = Config & {
  TWILIO_ACCOUNT_SID: string;
  TWILIO_AUTH_TOKEN: string;
  TWILIO_PHONE_NUMBER: string;
};

/** SMS is on when the three Twilio settings are present. */
export function smsEnabled(c: Config): c is SmsConfig {
  return Boolean(c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN && c.TWILIO_PHONE_NUMBER);
}
