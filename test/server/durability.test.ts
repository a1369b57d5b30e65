import { rmSync } from 'node:fs';
import { freePort } from '../../src/http/freePort';
import { killHard, spawnServer, tempDataDir, type Spawned } from '../support/server';

// The service as its own process: killed without warning, started again on the same data folder,
// a patient's conversation is all still there and carries on. Each start takes a few seconds.
jest.setTimeout(60_000);

const ENGLISH_ANSWER =
  'The duration of the Impella procedure is variable: it is different for each patient.';
const SPANISH_ANSWER =
  'La duración del procedimiento Impella es variable: es diferente para cada paciente.';

interface Said {
  id: string;
  type: string;
  text?: string;
  from: { role?: string };
}

const dataDir = tempDataDir();
let port: number;
const running: Spawned[] = [];

async function start(): Promise<Spawned> {
  const spawned = await spawnServer(dataDir, port);
  // spawnServer reads the logs on stderr; keep stdout flowing too, so the child never blocks.
  spawned.child.stdout!.resume();
  running.push(spawned);
  return spawned;
}

async function call<T>(
  url: string,
  o: { method?: string; token?: string; json?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: o.method ?? (o.json === undefined ? 'GET' : 'POST'),
    headers: {
      ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}),
      ...(o.json === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: o.json === undefined ? undefined : JSON.stringify(o.json),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

beforeAll(async () => {
  port = await freePort();
});

afterAll(async () => {
  for (const spawned of running) {
    await killHard(spawned);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the service as a process', () => {
  let first: Spawned;
  let token = '';
  let conversationId = '';
  const posted: string[] = [];

  test('answers /healthz and /readyz', async () => {
    first = await start();
    const alive = await call<{ status: string }>(`${first.url}/healthz`);
    expect(alive).toEqual({ status: 200, body: { status: 'alive' } });
    const ready = await call<{ status: string; entries: number }>(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.entries).toBeGreaterThan(0);
  });

  test('a Direct Line conversation in English and Spanish, then kill -9', async () => {
    const issued = await call<{ token: string; conversationId: string; domain: string }>(
      `${first.url}/api/webchat/token`,
      { method: 'POST' },
    );
    ({ token, conversationId } = issued.body);
    const dl = `${first.url}/v3/directline/conversations`;
    expect((await call(dl, { method: 'POST', token })).status).toBe(201);
    for (const text of ['how long does it take', '¿cuánto dura el procedimiento?']) {
      const sent = await call<{ id: string }>(`${dl}/${conversationId}/activities`, {
        token,
        json: { type: 'message', from: { id: 'patient' }, text },
      });
      expect(sent.status).toBe(200);
      posted.push(sent.body.id);
    }
    // The answers were acknowledged to the patient: now the power goes.
    await killHard(first);
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow();
  });

  test('started again on the same data, the same token reads the whole conversation', async () => {
    const second = await start();
    const dl = `${second.url}/v3/directline/conversations/${conversationId}/activities`;
    const history = await call<{ activities: Said[]; watermark: string }>(dl, { token });
    expect(history.status).toBe(200);
    expect(history.body.activities.map((a) => [a.from.role, a.text])).toEqual([
      ['bot', expect.stringContaining('virtual assistant')],
      ['user', 'how long does it take'],
      ['bot', expect.stringContaining(ENGLISH_ANSWER)],
      ['user', '¿cuánto dura el procedimiento?'],
      ['bot', expect.stringContaining(SPANISH_ANSWER)],
    ]);
    expect([history.body.activities[1].id, history.body.activities[3].id]).toEqual(posted);

    // "Impella" alone names no language: the bot answers in the one it remembered for this
    // patient (Spanish, their last question), which is conversation state kept in the database.
    const sent = await call<{ id: string }>(dl, {
      token,
      json: { type: 'message', from: { id: 'patient' }, text: 'Impella' },
    });
    expect(sent.status).toBe(200);
    const after = await call<{ activities: Said[] }>(`${dl}?watermark=${history.body.watermark}`, {
      token,
    });
    expect(after.body.activities.map((a) => [a.id, a.from.role, a.text])).toEqual([
      [sent.body.id, 'user', 'Impella'],
      [
        expect.any(String),
        'bot',
        expect.stringContaining('El Impella es actualmente la bomba cardiaca portátil'),
      ],
    ]);
  });

  test('SIGTERM stops it cleanly: exit code 0', async () => {
    const second = running.at(-1)!;
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
