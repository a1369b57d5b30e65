import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensurePostgres } from './postgres';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium, with nothing that calls home, so a request log shows only the page. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The storage tests need a PostgreSQL server (see postgres.ts). The browser tests drive Debian's
 * Chromium. `npm test` on a fresh Debian machine (CI runs as
 * root) installs it; elsewhere it says what to install instead of failing obscurely.
 */
export default async function globalSetup(): Promise<void> {
  await ensurePostgres();
  ensureChromium();
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    process.stderr.write('installing Debian chromium for the browser tests (apt-get)...\n');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return;
  }
  throw new Error(
    `the browser tests need Chromium at ${CHROMIUM}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`,
  );
}
