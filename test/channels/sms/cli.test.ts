import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnServer, tempDataDir, type Spawned, killHard } from '../../support/server';
import { freePort, twilioEnv } from '../../fixtures/sms/twilio';

// `npm run --silent sms -- "question"`: the real CLI texting a running service as Twilio would.
jest.setTimeout(90_000);

const ROOT = join(__dirname, '..', '..', '..');
const ENGLISH_ANSWER =
  'The duration of the Impella procedure is variable: it is different for each patient.';
const SPANISH_ANSWER =
  'La duración del procedimiento Impella es variable: es diferente para cada paciente.';

/** This process's environment without any Twilio setting, so each run says exactly what it has. */
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('TWILIO_') && k !== 'PUBLIC_URL'),
);

function sms(args: string[], env: Record<string, string>) {
  const run = spawnSync(
    join('node_modules', '.bin', 'tsx'),
    [join('src', 'cli', 'sms.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...baseEnv, LOG_LEVEL: 'silent', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const dataDir = tempDataDir();
let server: Spawned | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  const port = await freePort();
  env = twilioEnv({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  server = await spawnServer(dataDir, port, env);
  server.child.stdout!.resume();
});

afterAll(async () => {
  if (server) await killHard(server);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run sms', () => {
  test('prints the answer the patient would get', () => {
    const run = sms(['--', 'how long does it take'], env);
    expect(run).toEqual({ status: 0, stdout: `${ENGLISH_ANSWER}\n`, stderr: '' });
  });

  test('words given separately make one message, from the number given with --from', () => {
    const run = sms(['--from', '+15555550199', '¿cuánto', 'dura', 'el', 'procedimiento?'], env);
    expect(run).toEqual({ status: 0, stdout: `${SPANISH_ANSWER}\n`, stderr: '' });
  });

  test('without the Twilio settings it exits non-zero and names them', () => {
    const rest = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('TWILIO_')));
    const run = sms(['how long does it take'], rest);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    for (const setting of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER'])
      expect(run.stderr).toContain(setting);
  });

  test('with only some Twilio settings it exits non-zero and says all three are needed', () => {
    const run = sms(['how long does it take'], { ...env, TWILIO_AUTH_TOKEN: '' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/TWILIO_ACCOUNT_SID.*TWILIO_AUTH_TOKEN.*TWILIO_PHONE_NUMBER/);
  });

  test('with an auth token the service does not have, the refusal is shown', () => {
    const run = sms(['how long does it take'], {
      ...env,
      TWILIO_AUTH_TOKEN: 'another-auth-token-not-the-services',
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('the webhook answered 403');
  });
});
