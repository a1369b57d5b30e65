import { join } from 'node:path';
import { freePort } from '../../src/http/freePort';
import { sleep } from '../fixtures/sms/twilio';
import { killHard, spawnServer, tempDataDir } from '../support/server';

// The service as its own process: a background promise that fails (nothing awaits it) is
// logged, and the service goes on answering.

jest.setTimeout(60_000);

test('an unhandled rejection in a background task is logged and the service keeps running', async () => {
  const port = await freePort();
  const server = await spawnServer(tempDataDir(), port, {
    NODE_OPTIONS: `--require ${join(__dirname, '..', 'fixtures', 'server', 'rejectInBackground.js')}`,
  });
  let log = '';
  server.child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  try {
    server.child.kill('SIGUSR2');
    await sleep(1000);
    expect(log).toContain('a background task failed; the service goes on');
    expect(log).toContain('a background task failed on purpose');
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  } finally {
    await killHard(server);
  }
});
