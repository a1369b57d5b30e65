import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { createScratchDatabase, SAVED_ADMIN_URL_FILE } from '../../src/storage/sql/scratchDatabase';

async function reaches(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The PostgreSQL tests need a real server. With TEST_DATABASE_URL set (an account allowed to
 * create databases) they use it; otherwise, as root on Debian (CI), this installs Debian's
 * postgresql if missing, starts the cluster and makes a test account with a random password.
 * Anywhere else it fails with what to do: the PostgreSQL tests never skip.
 */
export async function ensurePostgres(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const root = process.getuid?.() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'the PostgreSQL tests need a server: set TEST_DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/postgres (USER may create databases), or run as root on Debian to install one',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!existsSync('/usr/bin/pg_ctlcluster')) {
    process.stderr.write('installing Debian postgresql for the storage tests (apt-get)...\n');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], {
      stdio: 'inherit',
      env,
    });
  }
  const version = readdirSync('/etc/postgresql').sort().pop();
  if (!version) throw new Error('postgresql is installed but has no cluster in /etc/postgresql');
  // Starting a cluster that is already up is an error we can ignore.
  try {
    execFileSync('pg_ctlcluster', [version, 'main', 'start'], { stdio: 'ignore' });
  } catch {
    /* already running */
  }
  // The account's URL is kept between runs, so two test runs at once share one password instead
  // of each changing it under the other.
  const saved = existsSync(SAVED_ADMIN_URL_FILE)
    ? readFileSync(SAVED_ADMIN_URL_FILE, 'utf8').trim()
    : '';
  if (saved && (await reaches(saved))) return (process.env.TEST_DATABASE_URL = saved);
  const password = randomBytes(18).toString('base64url');
  const sql = `DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'faqbot_test') THEN
        CREATE ROLE faqbot_test LOGIN CREATEDB;
      END IF;
    END $$; ALTER ROLE faqbot_test PASSWORD '${password}';`;
  execFileSync(
    'su',
    ['postgres', '-c', `psql -v ON_ERROR_STOP=1 -q -c "${sql.replace(/\$/g, '\\$')}"`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `postgres://faqbot_test:${password}@127.0.0.1:5432/postgres`;
  writeFileSync(SAVED_ADMIN_URL_FILE, url, { mode: 0o600 });
  process.env.TEST_DATABASE_URL = url;
  return url;
}

/** The server's admin URL, as the global set-up left it for the test workers. */
export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: the jest global set-up sets it');
  return url;
}

/** A new, empty database for one test (or one pair of service processes); drop it after. */
export function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  return createScratchDatabase(adminUrl(), 'faqbot_t');
}
