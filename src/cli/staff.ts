import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig, publicUrlOf, type Config } from '../config';
import { nameProblem, passwordProblem } from '../staff/passwordPolicy';
import { hashPassword, randomToken, sha256 } from '../staff/passwords';
import { openStore } from '../storage/open';
import type { SqlStore } from '../storage/sql/store';
import type { StaffRole } from '../storage/types';

const USAGE = `usage: npm run staff -- add EMAIL --role staff|admin [--name "Display Name"] [--link]
       npm run staff -- name EMAIL "Display Name"   the name patients see beside this person's messages
       npm run staff -- link EMAIL            a new one-time set-up link (expired, lost, forgotten password)
       npm run staff -- list                  every account, its role and state
       npm run staff -- disable EMAIL         no more log-ins; its sessions end now
       npm run staff -- enable EMAIL
       npm run staff -- role EMAIL staff|admin`;

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** Asks for the password without echoing it. */
function askPassword(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

const say = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const setupLink = (config: Config, token: string) =>
  `${publicUrlOf(config, config.PORT)}/staff/setup?token=${token}`;

type Command = (store: SqlStore, config: Config, args: string[]) => Promise<void>;

// `add nurse@clinic.org --role staff`: the password is asked (or taken from STAFF_PASSWORD), or
// with --link a one-time set-up link is printed once.
// The display name is asked on the set-up page when not given here.
const add: Command = async (store, config, [email, ...rest]) => {
  const role = rest[rest.indexOf('--role') + 1] as 'staff' | 'admin';
  const name = rest.includes('--name') ? rest[rest.indexOf('--name') + 1].trim() : null;
  if (await store.staff.credentials(email)) throw new Error(`${email} already has an account`);
  if (rest.includes('--link') || (!process.stdin.isTTY && !config.STAFF_PASSWORD)) {
    const token = randomToken();
    await store.staff.addStaff(email, role, null, sha256(token), name);
    say(`added ${email} (${role}). Send them this one-time link to set a password:`);
    say(setupLink(config, token));
    return;
  }
  const password = config.STAFF_PASSWORD ?? (await askPassword(`password for ${email}: `));
  const problem = passwordProblem(password, email);
  if (problem) throw new Error(problem);
  await store.staff.addStaff(email, role, await hashPassword(password), null, name);
  say(`added ${email} (${role})${name ? `, shown to patients as ${name}` : ''}`);
};

const rename: Command = async (store, _config, [email, name]) => {
  const member = await store.staff.credentials(email);
  if (!member) throw new Error(`${email} has no account`);
  await store.staff.setDisplayName(member.id, name);
  await store.staff.audit({
    staffId: null,
    action: 'name-changed',
    conversationId: null,
    detail: member.email,
  });
  say(`${member.email} is shown to patients as ${name.trim()}`);
};

// `link nurse@clinic.org`: for a link that expired or a forgotten password. The old password
// keeps working until the link is used; using it ends every session of the account.
const link: Command = async (store, config, [email]) => {
  const member = await store.staff.credentials(email);
  if (!member) throw new Error(`${email} has no account; add it with: npm run staff -- add`);
  const token = randomToken();
  await store.staff.issueSetupLink(member.id, sha256(token));
  await store.staff.audit({
    staffId: null,
    action: 'setup-link-issued',
    conversationId: null,
    detail: member.email,
  });
  say(
    `Send ${member.email} this one-time link to set a password (valid ${config.STAFF_SETUP_LINK_HOURS} hours):`,
  );
  say(setupLink(config, token));
};

const list: Command = async (store) => {
  const accounts = await store.staff.listStaff();
  if (!accounts.length)
    return say('no staff accounts yet: npm run staff -- add EMAIL --role admin');
  for (const a of accounts) {
    const state = a.disabled ? 'disabled' : a.hasPassword ? 'active' : 'set-up link not used yet';
    const name = a.named ? a.name : `(no name yet: shown as ${a.name})`;
    say(`${a.email.padEnd(36)} ${a.role.padEnd(6)} ${state.padEnd(24)} ${name}`);
  }
};

const toggle =
  (disabled: boolean): Command =>
  async (store, _config, [email]) => {
    if (!(await store.staff.setDisabled(email, disabled)))
      throw new Error(`${email} has no account`);
    await store.staff.audit({
      staffId: null,
      action: disabled ? 'account-disabled' : 'account-enabled',
      conversationId: null,
      detail: email.toLowerCase(),
    });
    say(
      disabled
        ? `disabled ${email}: it cannot log in, and its sessions have ended`
        : `enabled ${email}`,
    );
  };

const role: Command = async (store, _config, [email, newRole]) => {
  if (!(await store.staff.setRole(email, newRole as StaffRole)))
    throw new Error(`${email} has no account`);
  await store.staff.audit({
    staffId: null,
    action: 'role-changed',
    conversationId: null,
    detail: `${email.toLowerCase()} ${newRole}`,
  });
  say(`${email} is now ${newRole}`);
};

const COMMANDS: Record<string, Command> = {
  add,
  link,
  list,
  disable: toggle(true),
  enable: toggle(false),
  role,
  name: rename,
};

const isRole = (r: string | undefined) => r === 'staff' || r === 'admin';

/** The words each command needs, checked before the data is opened (a typo creates nothing). */
const WELL_FORMED: Record<string, (args: string[]) => boolean> = {
  add: ([email, ...rest]) =>
    EMAIL.test(email ?? '') &&
    rest.includes('--role') &&
    isRole(rest[rest.indexOf('--role') + 1]) &&
    (!rest.includes('--name') || !nameProblem(rest[rest.indexOf('--name') + 1] ?? '')),
  name: ([email, name]) => Boolean(email) && !nameProblem(name ?? ''),
  link: ([email]) => Boolean(email),
  list: () => true,
  disable: ([email]) => Boolean(email),
  enable: ([email]) => Boolean(email),
  role: ([email, r]) => Boolean(email) && isRole(r),
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2).filter((a) => a !== '--');
  const command = COMMANDS[name ?? ''];
  if (!command || !WELL_FORMED[name!](args)) throw new Error(USAGE);
  const config = loadConfig();
  const store = await openStore(config);
  try {
    await command(store, config, args);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
