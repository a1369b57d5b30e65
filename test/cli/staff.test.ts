import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, tempDataDir, type Running } from '../support/server';
import { logInForm, postForm } from '../fixtures/staff/staff';
import { openSqliteStore } from '../../src/storage/open';

// `npm run staff -- add EMAIL --role staff|admin`, run as the clinic's IT person runs it, on a
// data folder a started service then opens.
jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const USAGE =
  'usage: npm run staff -- add EMAIL --role staff|admin [--name "Display Name"] [--link]';
const GOOD_PASSWORD = 'a long enough pass phrase';

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a shell with none of the service's settings but the data folder. */
function envWith(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.STAFF_PASSWORD;
  delete env.PUBLIC_URL;
  delete env.PORT;
  return { ...env, ...extra };
}

function staffCli(args: string[], env: NodeJS.ProcessEnv): Ran {
  // stdin is a pipe, as in a script or CI: not a TTY.
  const r = spawnSync(TSX, ['src/cli/staff.ts', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const servers: Running[] = [];
async function serve(dataDir: string, env: Record<string, string> = {}): Promise<Running> {
  const s = await startServer({ DATA_DIR: dataDir, ...env });
  servers.push(s);
  return s;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

test('`npm run --silent staff -- add` with STAFF_PASSWORD adds an account that can log in', async () => {
  const dataDir = tempDataDir();
  const r = spawnSync(
    'npm',
    ['run', '--silent', 'staff', '--', 'add', 'a@b.org', '--role', 'staff'],
    {
      cwd: ROOT,
      env: envWith(dataDir, { STAFF_PASSWORD: GOOD_PASSWORD }),
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect({ status: r.status, stdout: r.stdout }).toEqual({
    status: 0,
    stdout: 'added a@b.org (staff)\n',
  });
  // The password is never echoed back.
  expect(`${r.stdout}${r.stderr}`).not.toContain(GOOD_PASSWORD);

  const s = await serve(dataDir);
  const wrong = await logInForm(s.url, 'a@b.org', 'not the pass phrase');
  expect(wrong.status).toBe(401);
  const right = await logInForm(s.url, 'a@b.org', GOOD_PASSWORD);
  expect([right.status, right.location]).toEqual([303, '/staff']);
  const me = await fetch(`${s.url}/api/staff/me`, {
    headers: { Cookie: (right.setCookie ?? '').split(';')[0] },
  });
  expect(await me.json()).toMatchObject({ email: 'a@b.org', role: 'staff' });
});

test('an admin account gets the admin role', async () => {
  const dataDir = tempDataDir();
  const r = staffCli(
    ['add', 'Boss@Clinic.example.org', '--role', 'admin'],
    envWith(dataDir, { STAFF_PASSWORD: GOOD_PASSWORD }),
  );
  expect(r.status).toBe(0);
  const s = await serve(dataDir);
  const right = await logInForm(s.url, 'boss@clinic.example.org', GOOD_PASSWORD);
  const audit = await fetch(`${s.url}/api/staff/audit`, {
    headers: { Cookie: (right.setCookie ?? '').split(';')[0] },
  });
  expect(audit.status).toBe(200);
});

test('without STAFF_PASSWORD and no TTY, it prints a one-time set-up link that works once', async () => {
  const dataDir = tempDataDir();
  const r = staffCli(['add', 'new@clinic.example.org', '--role', 'staff'], envWith(dataDir));
  expect(r.status).toBe(0);
  const link = /^(http:\/\/localhost:3978)\/staff\/setup\?token=([A-Za-z0-9_-]{20,})$/m.exec(
    r.stdout,
  );
  expect(link).not.toBeNull();
  expect(r.stdout).toContain('added new@clinic.example.org (staff)');
  const token = link![2];

  const s = await serve(dataDir);
  // No password yet: nothing can log in.
  expect((await logInForm(s.url, 'new@clinic.example.org', '')).status).toBe(401);
  const page = await fetch(`${s.url}/staff/setup?token=${token}`);
  expect(await page.text()).toContain(`name="token" value="${token}"`);

  const short = await postForm(`${s.url}/staff/setup`, {
    token,
    name: 'Ana Ruiz',
    password: 'too short',
  });
  expect(short.status).toBe(400);
  expect(short.body).toContain('Use at least 12 characters.');

  const set = await postForm(`${s.url}/staff/setup`, {
    token,
    name: 'Ana Ruiz',
    password: GOOD_PASSWORD,
  });
  expect([set.status, set.location]).toEqual([303, '/staff/login']);
  const login = await logInForm(s.url, 'new@clinic.example.org', GOOD_PASSWORD);
  expect([login.status, login.location]).toEqual([303, '/staff']);

  // The link is spent: it cannot set another password.
  const again = await postForm(`${s.url}/staff/setup`, {
    token,
    password: 'an attacker pass phrase',
  });
  expect(again.status).toBe(400);
  expect(again.body).toContain('This set-up link is not valid (it works once, within 72 hours).');
  expect((await logInForm(s.url, 'new@clinic.example.org', 'an attacker pass phrase')).status).toBe(
    401,
  );
  expect((await logInForm(s.url, 'new@clinic.example.org', GOOD_PASSWORD)).status).toBe(303);
});

test('--link prints a link even when STAFF_PASSWORD is set', () => {
  const r = staffCli(
    ['add', 'linked@clinic.example.org', '--role', 'admin', '--link'],
    envWith(tempDataDir(), { STAFF_PASSWORD: GOOD_PASSWORD }),
  );
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/\/staff\/setup\?token=[A-Za-z0-9_-]{20,}\n$/);
});

test.each([
  ['a bad role', ['add', 'a@b.org', '--role', 'boss']],
  ['no role', ['add', 'a@b.org']],
  ['a role flag without a value', ['add', 'a@b.org', '--role']],
  ['a bad email', ['add', 'not-an-email', '--role', 'staff']],
  ['an email with a space', ['add', 'a b@c.org', '--role', 'staff']],
  ['no email', ['add', '--role', 'staff']],
  ['an unknown command', ['remove', 'a@b.org', '--role', 'staff']],
  ['nothing at all', []],
])('%s exits non-zero with the usage and adds no one', (_what, args) => {
  const dataDir = tempDataDir();
  const r = staffCli(args, envWith(dataDir, { STAFF_PASSWORD: GOOD_PASSWORD }));
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain(USAGE);
  expect(r.stdout).toBe('');
  expect(existsSync(join(dataDir, 'faqbot.sqlite'))).toBe(false);
});

test('the same email twice, or a short password, is refused with a reason', () => {
  const dataDir = tempDataDir();
  const env = envWith(dataDir, { STAFF_PASSWORD: GOOD_PASSWORD });
  expect(staffCli(['add', 'twice@clinic.example.org', '--role', 'staff'], env).status).toBe(0);
  const twice = staffCli(['add', 'Twice@clinic.example.org', '--role', 'admin'], env);
  expect(twice.status).not.toBe(0);
  expect(twice.stderr).toContain('already has an account');

  const short = staffCli(
    ['add', 'short@clinic.example.org', '--role', 'staff'],
    envWith(dataDir, { STAFF_PASSWORD: 'short' }),
  );
  expect(short.status).not.toBe(0);
  expect(short.stderr).toContain('at least 12 characters');
});

test('a set-up link expires; "link EMAIL" issues a new one that works, and the old one does not', async () => {
  const dataDir = tempDataDir();
  const env = { ...envWith(dataDir), STAFF_SETUP_LINK_HOURS: '1' };
  const tokenIn = (stdout: string) =>
    /\/staff\/setup\?token=([A-Za-z0-9_-]{20,})$/m.exec(stdout)![1];
  const added = staffCli(['add', 'late@clinic.example.org', '--role', 'staff'], env);
  expect(added.status).toBe(0);
  const old = tokenIn(added.stdout);

  // The link was issued two hours ago: past the one hour the clinic allows.
  const store = await openSqliteStore(join(dataDir, 'faqbot.sqlite'));
  await store.sql.run('UPDATE staff SET setup_issued_at = ? WHERE email = ?', [
    new Date(Date.now() - 2 * 3_600_000).toISOString(),
    'late@clinic.example.org',
  ]);
  await store.close();

  const s = await serve(dataDir, { STAFF_SETUP_LINK_HOURS: '1' });
  const expired = await postForm(`${s.url}/staff/setup`, {
    token: old,
    name: 'Ana Ruiz',
    password: GOOD_PASSWORD,
  });
  expect(expired.status).toBe(400);
  expect(expired.body).toContain('within 1 hours). Ask an administrator for a new one.');

  const again = staffCli(['link', 'late@clinic.example.org'], env);
  expect(again.status).toBe(0);
  expect(again.stdout).toContain('valid 1 hours');
  const fresh = tokenIn(again.stdout);
  expect(fresh).not.toBe(old);
  const set = await postForm(`${s.url}/staff/setup`, {
    token: fresh,
    name: 'Ana Ruiz',
    password: GOOD_PASSWORD,
  });
  expect([set.status, set.location]).toEqual([303, '/staff/login']);
  expect((await logInForm(s.url, 'late@clinic.example.org', GOOD_PASSWORD)).status).toBe(303);

  const nobody = staffCli(['link', 'nobody@clinic.example.org'], env);
  expect(nobody.status).toBe(1);
  expect(nobody.stderr).toContain('has no account');
});

test('common and repetitive passwords are refused, from the command and from the set-up page', async () => {
  const dataDir = tempDataDir();
  for (const weak of ['aaaaaaaaaaaa', 'password1234', 'qwerty123456', 'Password!2024']) {
    const r = staffCli(
      ['add', 'weak@clinic.example.org', '--role', 'staff'],
      envWith(dataDir, { STAFF_PASSWORD: weak }),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/most common|different characters/);
  }
  const added = staffCli(
    ['add', 'weak@clinic.example.org', '--role', 'staff', '--link'],
    envWith(dataDir),
  );
  const token = /token=([A-Za-z0-9_-]{20,})$/m.exec(added.stdout)![1];
  const s = await serve(dataDir);
  const weak = await postForm(`${s.url}/staff/setup`, {
    token,
    name: 'Ana Ruiz',
    password: 'aaaaaaaaaaaa',
  });
  expect(weak.status).toBe(400);
  expect(weak.body).toContain('Use more different characters.');
});

test('a password set through a new link ends the sessions the account had', async () => {
  const dataDir = tempDataDir();
  const env = envWith(dataDir, { STAFF_PASSWORD: GOOD_PASSWORD });
  expect(staffCli(['add', 'reset@clinic.example.org', '--role', 'staff'], env).status).toBe(0);
  const s = await serve(dataDir);
  const before = await logInForm(s.url, 'reset@clinic.example.org', GOOD_PASSWORD);
  const cookie = (before.setCookie ?? '').split(';')[0];
  const me = () => fetch(`${s.url}/api/staff/me`, { headers: { Cookie: cookie } });
  expect((await me()).status).toBe(200);
  const link = staffCli(['link', 'reset@clinic.example.org'], env);
  const token = /token=([A-Za-z0-9_-]{20,})$/m.exec(link.stdout)![1];
  const set = await postForm(`${s.url}/staff/setup`, {
    token,
    name: 'Ana Ruiz',
    password: 'a different long phrase',
  });
  expect(set.status).toBe(303);
  expect((await me()).status).toBe(401);
});

test('list, disable, enable and role: what the IT person manages accounts with', async () => {
  const dataDir = tempDataDir();
  const env = envWith(dataDir, { STAFF_PASSWORD: GOOD_PASSWORD });
  staffCli(['add', 'boss@clinic.example.org', '--role', 'admin'], env);
  staffCli(['add', 'nurse@clinic.example.org', '--role', 'staff', '--name', 'Ana Ruiz, RN'], env);
  staffCli(['add', 'new@clinic.example.org', '--role', 'staff', '--link'], env);
  const listed = staffCli(['list'], env);
  expect(listed.status).toBe(0);
  expect(
    listed.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ')),
  ).toEqual([
    'boss@clinic.example.org admin active (no name yet: shown as boss)',
    'new@clinic.example.org staff set-up link not used yet (no name yet: shown as new)',
    'nurse@clinic.example.org staff active Ana Ruiz, RN',
  ]);

  const s = await serve(dataDir);
  const session = await logInForm(s.url, 'nurse@clinic.example.org', GOOD_PASSWORD);
  const cookie = (session.setCookie ?? '').split(';')[0];
  const disabled = staffCli(['disable', 'Nurse@clinic.example.org'], env);
  expect(disabled.status).toBe(0);
  expect(disabled.stdout).toContain('its sessions have ended');
  expect((await fetch(`${s.url}/api/staff/me`, { headers: { Cookie: cookie } })).status).toBe(401);
  expect((await logInForm(s.url, 'nurse@clinic.example.org', GOOD_PASSWORD)).status).toBe(401);
  expect(staffCli(['list'], env).stdout).toMatch(/nurse@clinic\.example\.org\s+staff\s+disabled/);

  expect(staffCli(['enable', 'nurse@clinic.example.org'], env).status).toBe(0);
  expect(staffCli(['role', 'nurse@clinic.example.org', 'admin'], env).stdout).toBe(
    'nurse@clinic.example.org is now admin\n',
  );
  const back = await logInForm(s.url, 'nurse@clinic.example.org', GOOD_PASSWORD);
  const me = await fetch(`${s.url}/api/staff/me`, {
    headers: { Cookie: (back.setCookie ?? '').split(';')[0] },
  });
  expect(((await me.json()) as { role: string }).role).toBe('admin');

  const missing = staffCli(['disable', 'nobody@clinic.example.org'], env);
  expect([missing.status, missing.stderr]).toEqual([
    1,
    'nobody@clinic.example.org has no account\n',
  ]);
  expect(staffCli(['role', 'boss@clinic.example.org', 'king'], env).status).toBe(1);
});

test('a display name: given with --name or later with `name`, asked on the set-up page when missing', async () => {
  const dataDir = tempDataDir();
  const env = envWith(dataDir);
  const added = staffCli(['add', 'bo@clinic.example.org', '--role', 'staff'], env);
  const token = /token=([A-Za-z0-9_-]{20,})$/m.exec(added.stdout)![1];
  const s = await serve(dataDir);
  // The page asks for the name; without one the account is not set up.
  expect(await (await fetch(`${s.url}/staff/setup?token=${token}`)).text()).toContain(
    'Your name, as patients will see it',
  );
  const nameless = await postForm(`${s.url}/staff/setup`, { token, password: GOOD_PASSWORD });
  expect(nameless.status).toBe(400);
  expect(nameless.body).toContain('Give your name, as patients will see it.');
  const angled = await postForm(`${s.url}/staff/setup`, {
    token,
    name: '<b>Bo</b>',
    password: GOOD_PASSWORD,
  });
  expect(angled.status).toBe(400);
  const set = await postForm(`${s.url}/staff/setup`, {
    token,
    name: 'Bo Lind',
    password: GOOD_PASSWORD,
  });
  expect(set.status).toBe(303);
  expect(staffCli(['list'], env).stdout).toMatch(
    /bo@clinic\.example\.org\s+staff\s+active\s+Bo Lind/,
  );

  const renamed = staffCli(['name', 'bo@clinic.example.org', 'Bo Lind, RN'], env);
  expect([renamed.status, renamed.stdout]).toEqual([
    0,
    'bo@clinic.example.org is shown to patients as Bo Lind, RN\n',
  ]);
  expect(staffCli(['name', 'bo@clinic.example.org', ''], env).status).toBe(1);
  expect(staffCli(['name', 'nobody@clinic.example.org', 'X'], env).stderr).toBe(
    'nobody@clinic.example.org has no account\n',
  );

  // Named at creation: the set-up page shows the name and needs no other.
  const named = staffCli(
    ['add', 'cy@clinic.example.org', '--role', 'staff', '--name', 'Cy Ono'],
    env,
  );
  const t2 = /token=([A-Za-z0-9_-]{20,})$/m.exec(named.stdout)![1];
  expect(await (await fetch(`${s.url}/staff/setup?token=${t2}`)).text()).toContain(
    'value="Cy Ono"',
  );
  expect(
    (await postForm(`${s.url}/staff/setup`, { token: t2, password: GOOD_PASSWORD })).status,
  ).toBe(303);
});
