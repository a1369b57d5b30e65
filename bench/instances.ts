import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../src/http/freePort';
import { createScratchDatabase, SAVED_ADMIN_URL_FILE } from '../src/storage/sql/scratchDatabase';

// Turns a second through whole service processes sharing one PostgreSQL database: web-chat
// conversations, each message a full turn (stored, matched, answered, stored), spread over the
// instances with no stickiness, as a round-robin load balancer would.

const ROOT = join(__dirname, '..');
const QUESTIONS = [
  'how long does the procedure take',
  'where does the catheter go in',
  'what should I do to prepare',
  'what happens after the procedure',
  'what is an impella',
  'hw do i prep 4 it',
];

/** An account that may create databases: BENCH_DATABASE_URL, or the one the tests set up. */
function adminUrl(): string | undefined {
  return (
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    (existsSync(SAVED_ADMIN_URL_FILE)
      ? readFileSync(SAVED_ADMIN_URL_FILE, 'utf8').trim()
      : undefined)
  );
}

/**
 * The account to benchmark PostgreSQL with (see adminUrl), or why PostgreSQL is left out: no
 * account set, or its server not answering (said without the address's password).
 */
export async function benchPostgres(): Promise<{ admin: string } | { leftOut: string }> {
  const admin = adminUrl();
  if (!admin) return { leftOut: 'set BENCH_DATABASE_URL to an account that may create databases' };
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { admin };
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err as Error).message;
    return {
      leftOut: `the server at ${hostOf(admin)} did not answer (${code}); start it, or set BENCH_DATABASE_URL`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** host:port of a database address, never its user or password. */
function hostOf(url: string): string {
  try {
    const { hostname, port } = new URL(url);
    return `${hostname}:${port || 5432}`;
  } catch {
    return 'BENCH_DATABASE_URL';
  }
}

export interface Instance {
  url: string;
  child: ChildProcess;
}

/** One service process; `env` adds settings (DATABASE_URL for PostgreSQL; SQLite without it). */
let prepared = false;

export async function startInstance(env: Record<string, string> = {}): Promise<Instance> {
  if (!prepared) {
    const built = spawnSync(process.execPath, ['scripts/run.js', '--prepare'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('the service did not build');
    prepared = true;
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'faqbot-bench-'));
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      // The service as production runs it: compiled (prepared once, in startInstance).
      'scripts/run.js',
      'src/index',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        TOKEN_RATE_LIMIT_PER_MINUTE: '10000',
        MESSAGE_RATE_LIMIT_PER_MINUTE: '10000',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('listening')) resolve();
    });
    child.on('exit', (code) =>
      reject(new Error(`instance exited with ${code}: ${seen.slice(-400)}`)),
    );
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Stops an instance as a deployment would (SIGTERM) and waits for it to exit. */
export async function stopInstance(instance: Instance): Promise<void> {
  instance.child.kill('SIGTERM');
  await new Promise((resolve) => instance.child.once('exit', resolve));
}

async function conversation(base: string): Promise<{ token: string; id: string }> {
  const issued = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as {
    token: string;
    conversationId: string;
  };
  await fetch(`${base}/v3/directline/conversations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${issued.token}` },
  });
  return { token: issued.token, id: issued.conversationId };
}

/** `clients` patients, each sending its next message as soon as the last is answered. */
export async function load(
  bases: string[],
  clients: number,
  seconds: number,
): Promise<{ turns: number; errors: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const conv = await conversation(bases[c % bases.length]);
      let i = c;
      while (Date.now() < until) {
        // Round robin: consecutive messages of one patient reach different instances.
        const base = bases[next++ % bases.length];
        const t0 = performance.now();
        const res = await fetch(`${base}/v3/directline/conversations/${conv.id}/activities`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${conv.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            from: { id: 'p' },
            text: QUESTIONS[i++ % QUESTIONS.length],
          }),
        });
        await res.arrayBuffer();
        if (res.status === 200) latencies.push(performance.now() - t0);
        else errors += 1;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { turns: latencies.length / seconds, errors, p50: at(0.5), p99: at(0.99) };
}

export async function withDatabase<T>(admin: string, fn: (url: string) => Promise<T>): Promise<T> {
  const db = await createScratchDatabase(admin, 'faqbot_bench');
  try {
    return await fn(db.url);
  } finally {
    await db.drop();
  }
}

export async function benchInstances(seconds = 10, clients = 16): Promise<void> {
  const postgres = await benchPostgres();
  process.stdout.write(
    `\nweb-chat turns a second through whole service processes (${clients} patients, ${seconds} s each):\n`,
  );
  const measure = async (label: string, instances: { url: string }[]) => {
    const bases = instances.map((i) => i.url);
    await load(bases, clients, 2); // warm-up
    const r = await load(bases, clients, seconds);
    process.stdout.write(
      `  ${label}: ${r.turns.toFixed(0)} turns/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors}\n`,
    );
  };
  const sqlite = await startInstance();
  try {
    await measure('1 instance on SQLite     ', [sqlite]);
  } finally {
    await stopInstance(sqlite);
  }
  if ('leftOut' in postgres) {
    process.stdout.write(`  on PostgreSQL: left out; ${postgres.leftOut}\n`);
    return;
  }
  for (const n of [1, 2]) {
    await withDatabase(postgres.admin, async (url) => {
      const instances: Instance[] = [];
      try {
        // One first, so the schema is made before the others connect.
        instances.push(await startInstance({ DATABASE_URL: url }));
        while (instances.length < n) instances.push(await startInstance({ DATABASE_URL: url }));
        await measure(`${n} instance${n > 1 ? 's' : ' '} on PostgreSQL`, instances);
      } finally {
        await Promise.all(instances.map(stopInstance));
      }
    });
  }
}
