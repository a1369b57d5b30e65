// Runs the service or one of the clinic's commands as compiled JavaScript (dist/), building it
// first when dist/ is missing or older than the sources, so `npm install && npm start` stays two
// commands. The entry runs in this very process: stopping it (SIGTERM) stops the service.
//   node scripts/run.js src/index [args...]    node scripts/run.js --build
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built');
const SOURCES = ['src', 'dialogs', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newest(path) {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

function build() {
  process.stderr.write('building the service (dist/)...\n');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    process.stderr.write('the build failed: see the errors above (npm run build)\n');
    process.exit(1);
  }
  writeFileSync(STAMP, new Date().toISOString());
}

const stale = () =>
  !existsSync(STAMP) ||
  statSync(STAMP).mtimeMs < Math.max(...SOURCES.map((s) => newest(join(ROOT, s))));

const [entry, ...args] = process.argv.slice(2);
if (entry === '--build') build();
else if (!entry) {
  process.stderr.write('usage: node scripts/run.js <entry, e.g. src/index> [args...]\n');
  process.exit(2);
} else {
  if (stale()) build();
  const file = join(DIST, `${entry}.js`);
  // The entry reads its own arguments as if it had been started directly.
  process.argv = [process.argv[0], file, ...args];
  require(file);
}
