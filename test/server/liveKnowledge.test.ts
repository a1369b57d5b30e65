import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../fixtures/sms/twilio';
import { WebChatPatient } from '../fixtures/staff/staff';
import { startServer, tempDataDir, type Running } from '../support/server';

// The running service and its knowledge folder: a page edited (as a re-fetch would) is answered
// from without a restart; a build that fails keeps the old knowledge serving, and says why.

jest.setTimeout(60_000);

const SITE = join(__dirname, '..', 'fixtures', 'site');
let folder: string;
let s: Running;

beforeAll(async () => {
  folder = tempDataDir();
  mkdirSync(join(folder, 'procedures'));
  mkdirSync(join(folder, 'docs'));
  cpSync(
    join(SITE, 'procedures', 'cardioversion.html'),
    join(folder, 'procedures', 'cardioversion.html'),
  );
  cpSync(
    join(SITE, 'docs', 'cardioversion-pre-instructions.pdf'),
    join(folder, 'docs', 'cardioversion-pre-instructions.pdf'),
  );
  s = await startServer({ KNOWLEDGE_DIR: folder, TOKEN_RATE_LIMIT_PER_MINUTE: '1000' });
});

afterAll(async () => {
  await s.close();
  rmSync(folder, { recursive: true, force: true });
});

async function answer(question: string): Promise<string> {
  const patient = await WebChatPatient.start(s.url);
  const id = await patient.say(question);
  return (await patient.after(id)).map(([, text]) => text).join('\n');
}

const ready = async () =>
  (await (await fetch(`${s.url}/readyz`)).json()) as {
    status: string;
    knowledge: { failed?: string; problems?: string[]; built?: string };
  };

test('an edited page is answered from at once, without a restart', async () => {
  expect(await answer('how long does a cardioversion take')).toContain('About 30 minutes');
  const page = join(folder, 'procedures', 'cardioversion.html');
  writeFileSync(page, readFileSync(page, 'utf8').replace('About 30 minutes', 'About 40 minutes'));
  await waitFor(
    'the new text',
    async () => (await answer('how long does a cardioversion take')).includes('About 40 minutes'),
    15_000,
  );
});

test('a build that fails keeps the old knowledge serving and says why; fixed, it builds again', async () => {
  const broken = join(folder, 'faq.json');
  writeFileSync(broken, '{ "entries": [ this is not JSON');
  await waitFor(
    'the failed build',
    async () => (await ready()).knowledge.failed !== undefined,
    15_000,
  );
  const status = await ready();
  expect(status.status).toBe('ready');
  expect(status.knowledge.problems!.join(' ')).toMatch(/faq\.json: not valid JSON/);
  expect(await answer('how long does a cardioversion take')).toContain('About 40 minutes');

  rmSync(broken);
  await waitFor('a good build', async () => (await ready()).knowledge.built !== undefined, 15_000);
});
