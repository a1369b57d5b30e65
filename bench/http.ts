import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { freePort } from '../src/http/freePort';
import {
  benchPostgres,
  startInstance,
  stopInstance,
  withDatabase,
  type Instance,
} from './instances';

// `npm run bench:http`: turns a second through the whole service (HTTP, signature or token,
// storage, the bot's turn, the reply), on SQLite and on PostgreSQL, beside a bare restify route
// doing the same body parsing, the ceiling. Figures, not pass/fail.

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
// autocannon paces each connection on its own timer; a few connections keep the requests spread
// out rather than arriving together.
const PACED_CONNECTIONS = 4;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const PUBLIC_URL = 'https://clinic.example.org';
const QUESTIONS = [
  'how long does the procedure take',
  'where does the catheter go in',
  'what should I do to prepare',
  'what happens after the procedure',
  'hw do i prep 4 it',
  'cuanto dura el procedimiento',
];
const ENV = {
  PUBLIC_URL,
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_PHONE_NUMBER: '+15550000000',
  // Outbound messages are not part of this benchmark; nothing listens there.
  TWILIO_API_BASE: 'http://127.0.0.1:9',
  TOKEN_RATE_LIMIT_PER_MINUTE: '10000',
  MESSAGE_RATE_LIMIT_PER_MINUTE: '10000',
  SMS_RATE_LIMIT_PER_MINUTE: '10000',
  LOG_LEVEL: 'info',
};

interface Row {
  name: string;
  turns: number;
  p50: number;
  p99: number;
  errors: number;
  /** Held to a set rate: its turns/s is that rate, not a ceiling. */
  paced?: boolean;
}

/** Requests a second held steady (autocannon's overallRate), over a few connections. */
interface Paced {
  rate: number;
  connections: number;
}

async function cannon(
  name: string,
  url: string,
  setup: (i: number) => { path: string; headers: Record<string, string>; body: string },
  paced?: Paced,
): Promise<Row> {
  let n = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      connections: paced?.connections ?? CONNECTIONS,
      ...(paced && { overallRate: paced.rate }),
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => ({ ...req, ...setup(n++) }),
        },
      ],
    });
  await run(2); // warm-up: JIT, caches, the first conversations
  const r = await run(SECONDS);
  return {
    name,
    turns: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    paced: paced !== undefined,
  };
}

function sms(i: number) {
  const params = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: ENV.TWILIO_ACCOUNT_SID,
    // 2,000 patients, so per-number rate limits and queues play their usual part.
    From: `+1555${String(1_000_000 + (i % 2000)).slice(1)}`,
    To: ENV.TWILIO_PHONE_NUMBER,
    Body: QUESTIONS[i % QUESTIONS.length],
    NumMedia: '0',
  };
  return {
    path: '/api/sms',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
        AUTH_TOKEN,
        `${PUBLIC_URL}/api/sms`,
        params,
      ),
    },
    body: new URLSearchParams(params).toString(),
  };
}

async function conversations(base: string, n: number) {
  const out: { id: string; token: string }[] = [];
  for (let i = 0; i < n; i++) {
    const issued = (await (
      await fetch(`${base}/api/webchat/token`, { method: 'POST' })
    ).json()) as { token: string; conversationId: string };
    await fetch(`${base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${issued.token}` },
    });
    out.push({ id: issued.conversationId, token: issued.token });
  }
  return out;
}

async function service(label: string, instance: Instance): Promise<Row[]> {
  const convs = await conversations(instance.url, 256);
  const directLine = await cannon(`${label}, Direct Line messages`, instance.url, (i) => {
    const c = convs[i % convs.length];
    return {
      path: `/v3/directline/conversations/${c.id}/activities`,
      headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        from: { id: 'patient' },
        text: QUESTIONS[i % QUESTIONS.length],
      }),
    };
  });
  const twilioRow = await cannon(`${label}, signed SMS webhooks`, instance.url, sms);
  // The latency a patient sees when the service is not flat out: SMS at half the rate it just
  // reached. With every connection busy, latency is mostly waiting in line (32 connections at
  // 1,000 turns/s is 32 ms each).
  const rate = Math.max(10, Math.round(twilioRow.turns / 2 / 10) * 10);
  const halfLoad = await cannon(`${label}, signed SMS at ${rate}/s (half)`, instance.url, sms, {
    rate,
    connections: PACED_CONNECTIONS,
  });
  return [directLine, twilioRow, halfLoad];
}

async function bare(): Promise<Row[]> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'bareServer.ts')], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) =>
      String(chunk).includes('listening') ? resolve() : reject(new Error(String(chunk))),
    );
    child.on('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    return [
      await cannon('bare restify route, JSON body', url, (i) => ({
        path: '/bare',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: QUESTIONS[i % QUESTIONS.length] }),
      })),
      await cannon('bare restify route, form body', url, (i) => ({ ...sms(i), path: '/bare' })),
    ];
  } finally {
    await stopInstance({ url, child });
  }
}

async function main(): Promise<void> {
  process.stdout.write(
    `${CONNECTIONS} connections (the half-load rows: ${PACED_CONNECTIONS}, paced), ${SECONDS} s per row after a 2 s warm-up; each message a full turn\n\n`,
  );
  const rows: Row[] = [...(await bare())];
  const sqlite = await startInstance(ENV);
  try {
    rows.push(...(await service('SQLite', sqlite)));
  } finally {
    await stopInstance(sqlite);
  }
  const postgres = await benchPostgres();
  if ('admin' in postgres) {
    await withDatabase(postgres.admin, async (url) => {
      const pg = await startInstance({ ...ENV, DATABASE_URL: url });
      try {
        rows.push(...(await service('PostgreSQL', pg)));
      } finally {
        await stopInstance(pg);
      }
    });
  }
  const ceiling = (name: string) =>
    rows[name.includes('SMS') || name.includes('form') ? 1 : 0].turns;
  const pad = (s: string, n: number) => s.padEnd(n);
  process.stdout.write(
    `${pad('', 44)}${pad('turns/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('errors', 8)}of bare\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `${pad(r.name, 44)}${pad(r.turns.toFixed(0), 10)}${pad(String(r.p50), 9)}${pad(String(r.p99), 9)}${pad(String(r.errors), 8)}${r.paced ? '' : `${((r.turns / ceiling(r.name)) * 100).toFixed(0)}%`}\n`,
    );
  }
  if ('leftOut' in postgres)
    process.stdout.write(`\nPostgreSQL rows left out: ${postgres.leftOut}\n`);
}

void main();
