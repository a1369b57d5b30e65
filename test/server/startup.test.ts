import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../src/http/freePort';
import { sleep, waitFor } from '../fixtures/sms/twilio';
import { tempDataDir } from '../support/server';

// The service as the clinic's IT person starts it: `npm start` with settings from the
// environment and a .env file, a bad setting stopping it with one line that names it (and no
// stack trace), and SIGTERM to what `npm start` started ending the service.

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');

/** The environment of a shell with none of the service's settings. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env))
    if (/^(DATA|DATABASE|PORT|HOST|PUBLIC|TWILIO|SQLITE)/.test(k)) delete env[k];
  return { ...env, ENV_FILE: join(tempDataDir(), 'none.env'), LOG_LEVEL: 'info', ...extra };
}

/** The service started as its own process from the sources, until it exits. */
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: cleanEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('a bad setting stops start-up with one line naming it, exit code 1', () => {
  /** A DATA_DIR that cannot be made: a file stands where its parent folder should be. */
  const blocked = () => {
    const file = join(tempDataDir(), 'not-a-folder');
    writeFileSync(file, '');
    return join(file, 'data');
  };
  const cases: [string, () => Promise<Record<string, string>>, RegExp][] = [
    [
      'a malformed DATA_KEY',
      async () => ({ DATA_KEY: 'secret' }),
      /^DATA_KEY: key "k1" is not 32 bytes of base64: expected id:KEY/,
    ],
    [
      'a DATA_DIR that cannot be created',
      async () => ({ DATA_DIR: blocked() }),
      /^DATA_DIR: cannot create or open .*faqbot\.sqlite \(ENOTDIR\)$/,
    ],
    [
      'an unreachable PostgreSQL',
      async () => ({
        DATABASE_URL: `postgres://faqbot:hunter2@127.0.0.1:${await freePort()}/faqbot`,
      }),
      /^DATABASE_URL: cannot use the PostgreSQL database at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/,
    ],
    [
      'a port in use',
      async () => ({ PORT: String(busyPort) }),
      /^PORT: \d+ is already in use on 0\.0\.0\.0 \(is the service running already\?\)$/,
    ],
    ['a port that is no number', async () => ({ PORT: 'eighty' }), /^PORT: /],
  ];
  let busyPort = 0;
  const busy = createServer();
  beforeAll(async () => {
    busyPort = await freePort();
    await new Promise<void>((resolve) => busy.listen(busyPort, '0.0.0.0', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  test.each(cases)('%s', async (_what, env, line) => {
    const r = start({ DATA_DIR: tempDataDir(), PORT: '0', ...(await env()) });
    expect(r.status).toBe(1);
    // Log lines (JSON) may come before it; the reason is the one line that is not a log line.
    const said = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('{'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(line);
    expect(r.stderr).not.toMatch(/\n\s+at |hunter2/);
  });
});

test('settings come from a .env file; the environment wins over it', async () => {
  const dir = tempDataDir();
  const port = await freePort();
  const file = join(dir, 'clinic.env');
  writeFileSync(
    file,
    `# the clinic's settings\nCLINIC_NAME="Heartwell Clinic"\nPORT=1\nDATA_DIR=${dir}\n`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...cleanEnv({ PORT: String(port), HOST: '127.0.0.1' }), ENV_FILE: file },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await waitFor(
      'the service',
      async () =>
        (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok === true,
      30_000,
    );
    const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(page).toContain('Heartwell Clinic');
  } finally {
    child.kill('SIGTERM');
  }
});

test('`npm start`, then SIGTERM to the process it started: the service stops', async () => {
  const port = await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: cleanEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: tempDataDir() }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  npm.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<number | null>((resolve) => npm.on('exit', resolve));
  await waitFor(
    'the service',
    async () =>
      (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok === true,
    90_000,
  );
  npm.kill('SIGTERM');
  await exited;
  await sleep(1500);
  const after = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
  expect(after).toBeUndefined();
  expect(log).toContain('stopping: finishing turns under way');
});
