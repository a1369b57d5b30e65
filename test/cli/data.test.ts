import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FieldCipher } from '../../src/storage/crypto';
import { openSqliteStore } from '../../src/storage/open';
import { tempDataDir } from '../support/server';

// `npm run data -- rekey | purge`, as the clinic's IT person runs it on the service's data folder.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function data(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(TSX, ['src/cli/data.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('rekey seals clear data with DATA_KEY, purge applies retention, anything else says how', async () => {
  const dataDir = tempDataDir();
  const file = join(dataDir, 'faqbot.sqlite');
  const store = openSqliteStore(file);
  await store.createConversation('c', 'directline');
  await store.appendTranscript({
    conversationId: 'c',
    at: '2020-01-01T00:00:00.000Z',
    from: 'patient',
    text: 'Ottoline asks about her stent',
  });
  await store.appendTranscript({
    conversationId: 'c',
    at: new Date().toISOString(),
    from: 'patient',
    text: 'Ottoline again',
  });
  await store.close();

  const key = `k1:${FieldCipher.newKey()}`;
  const rekeyed = data(dataDir, ['rekey'], { DATA_KEY: key });
  expect(rekeyed).toMatchObject({ status: 0, stdout: expect.stringMatching(/re-sealed 2 fields/) });
  const sealed = openSqliteStore(file, new FieldCipher(key));
  expect(JSON.stringify(await sealed.sql.all('SELECT text FROM transcript'))).not.toMatch(
    /Ottoline/,
  );
  expect((await sealed.transcriptOf('c')).map((l) => l.text)).toEqual([
    'Ottoline asks about her stent',
    'Ottoline again',
  ]);
  await sealed.close();

  const purged = data(dataDir, ['purge'], { DATA_KEY: key, RETENTION_DAYS: '30' });
  expect(purged.status).toBe(0);
  expect(JSON.parse(purged.stdout)).toMatchObject({ transcript: 1 });

  expect(data(dataDir, ['rekey'])).toMatchObject({
    status: 1,
    stderr: expect.stringMatching(/DATA_KEY is not set/),
  });
  expect(data(dataDir, ['shred'])).toMatchObject({
    status: 1,
    stderr: expect.stringMatching(/usage: npm run data -- rekey \| purge/),
  });
});
