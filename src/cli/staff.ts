import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig, publicUrlOf } from '../config';
import { hashPassword, MIN_PASSWORD, randomToken, sha256 } from '../staff/passwords';
import { openStore } from '../storage/open';

const USAGE =
  'usage: npm run staff -- add EMAIL --role staff|admin [--link]\n' +
  '       npm run staff -- link EMAIL   (a new one-time set-up link: expired, lost or forgotten password)';

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

// `npm run staff -- add nurse@clinic.org --role staff`: the password is asked (or taken from
// STAFF_PASSWORD), or with --link a one-time set-up link is printed once.
async function main(): Promise<void> {
  const [command, email, ...rest] = process.argv.slice(2).filter((a) => a !== '--');
  if (command === 'link' && email) return newLink(email);
  const roleAt = rest.indexOf('--role');
  const role = roleAt >= 0 ? rest[roleAt + 1] : undefined;
  if (
    command !== 'add' ||
    !email ||
    !/^[^@\s]+@[^@\s]+$/.test(email) ||
    (role !== 'staff' && role !== 'admin')
  ) {
    throw new Error(USAGE);
  }
  const config = loadConfig();
  const store = await openStore(config);
  try {
    if (await store.staff.credentials(email)) throw new Error(`${email} already has an account`);
    const wantLink =
      rest.includes('--link') || (!process.stdin.isTTY && !process.env.STAFF_PASSWORD);
    if (wantLink) {
      const token = randomToken();
      await store.staff.addStaff(email, role, null, sha256(token));
      process.stdout.write(
        `added ${email} (${role}). Send them this one-time link to set a password:\n${publicUrlOf(config, config.PORT)}/staff/setup?token=${token}\n`,
      );
      return;
    }
    const password = process.env.STAFF_PASSWORD ?? (await askPassword(`password for ${email}: `));
    if (password.length < MIN_PASSWORD)
      throw new Error(`the password needs at least ${MIN_PASSWORD} characters`);
    await store.staff.addStaff(email, role, await hashPassword(password), null);
    process.stdout.write(`added ${email} (${role})\n`);
  } finally {
    await store.close();
  }
}

// `npm run staff -- link nurse@clinic.org`: a new set-up link for an existing account, for a
// link that expired or a forgotten password. The old password keeps working until it is used.
async function newLink(email: string): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config);
  try {
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
    process.stdout.write(
      `Send ${member.email} this one-time link to set a password (valid ${config.STAFF_SETUP_LINK_HOURS} hours):\n${publicUrlOf(config, config.PORT)}/staff/setup?token=${token}\n`,
    );
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
