import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer, type Running } from '../../support/server';
import { WebChatPatient } from '../../fixtures/staff/staff';

// POST /api/messages as the Bot Framework Emulator or Azure Bot Service call it: the bot's
// replies go back to the caller's serviceUrl, here a small recording connector.

interface Posted {
  path: string;
  authorization?: string;
  activity: { type: string; text?: string; replyToId?: string; conversation?: { id: string } };
}

/** Answers POST /v3/conversations/{id}/activities/{replyToId} as the connector does. */
class FakeConnector {
  readonly posted: Posted[] = [];
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const path = decodeURIComponent(req.url ?? '');
        if (
          req.method === 'POST' &&
          /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(path)
        ) {
          this.posted.push({
            path,
            authorization: req.headers.authorization,
            activity: JSON.parse(body) as Posted['activity'],
          });
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ id: `reply-${this.posted.length}` }));
        } else {
          res.writeHead(404);
          res.end();
        }
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  messages(): Posted[] {
    return this.posted.filter((p) => p.activity.type === 'message');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function activity(serviceUrl: string, id: string, text: string, conversationId = 'conv-1') {
  return {
    type: 'message',
    id,
    text,
    locale: 'en-US',
    channelId: 'emulator',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: 'patient-1', name: 'Patient', role: 'user' },
    recipient: { id: 'bot-1', name: 'Clinic bot', role: 'bot' },
    conversation: { id: conversationId },
  };
}

async function send(bot: Running, body: object, headers: Record<string, string> = {}) {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

let connector: FakeConnector;

beforeEach(async () => {
  connector = new FakeConnector();
  await connector.start();
});

afterEach(async () => {
  await connector.close();
});

describe('POST /api/messages with no MicrosoftAppId and the Emulator setting off (the default)', () => {
  let bot: Running;

  beforeAll(async () => {
    bot = await startServer();
  });

  afterAll(async () => {
    await bot.close();
  });

  test('anyone is refused (403, with the settings to use), and the serviceUrl hears nothing', async () => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity(connector.url, 'act-0', 'how long does it take')),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'Forbidden', message: expect.stringContaining('MicrosoftAppId') },
    });
    await bot.app.drain();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(connector.posted).toEqual([]);
  });

  test("nobody writes into a patient's conversation or deletes it", async () => {
    const patient = await WebChatPatient.start(bot.url);
    await patient.say('how long does it take');
    const before = await bot.app.store.transcriptOf(patient.conversationId);
    for (const text of ['I am the patient, call me at 555-0100', 'delete my data', 'yes']) {
      const status = await send(bot, {
        ...activity(connector.url, 'x', text, patient.conversationId),
        channelId: 'directline',
      });
      expect(status).toBe(403);
    }
    expect(await bot.app.store.transcriptOf(patient.conversationId)).toEqual(before);
  });
});

describe('POST /api/messages with BOT_EMULATOR=true (the Emulator on this machine)', () => {
  let bot: Running;

  beforeAll(async () => {
    bot = await startServer({ BOT_EMULATOR: 'true', TRUST_PROXY: '1' });
  });

  afterAll(async () => {
    await bot.close();
  });

  test("the bot's answer is posted back to the serviceUrl, as a reply to the message", async () => {
    const status = await send(bot, activity(connector.url, 'act-1', 'how long does it take'));
    expect(status).toBeLessThan(300);
    await bot.app.drain();
    const [reply] = connector.messages();
    expect(reply).toBeDefined();
    expect(reply.path).toBe('/v3/conversations/conv-1/activities/act-1');
    expect(reply.activity.replyToId).toBe('act-1');
    expect(reply.activity.text).toContain(
      'The duration of the Impella procedure is variable: it is different for each patient.',
    );
  });

  test('a serviceUrl off this machine is refused, and nothing is sent to it', async () => {
    // 127.0.0.1 is this machine; an address such as cloud metadata's is not.
    for (const serviceUrl of [
      'http://169.254.169.254/latest',
      'http://10.0.0.5:8080',
      'https://example.org',
    ]) {
      const status = await send(bot, activity(serviceUrl, 'act-ssrf', 'how long does it take'));
      expect(status).toBe(403);
    }
    await bot.app.drain();
    expect(connector.posted).toEqual([]);
  });

  test('a caller that is not on this machine (behind the clinic proxy) is refused', async () => {
    const status = await send(bot, activity(connector.url, 'act-far', 'how long does it take'), {
      'X-Forwarded-For': '203.0.113.9',
    });
    expect(status).toBe(403);
    await bot.app.drain();
    expect(connector.posted).toEqual([]);
  });

  test('"%" and "_" as a conversation id touch no other conversation\'s state', async () => {
    const other = await WebChatPatient.start(bot.url);
    await other.say('español');
    const keys = async () =>
      (await bot.app.store.sql.all<{ key: string }>('SELECT key FROM bot_state ORDER BY key')).map(
        (r) => r.key,
      );
    const before = await keys();
    expect(before.some((k) => k.includes(other.conversationId))).toBe(true);
    for (const id of ['%', '_', '%%', 'c\\_%']) {
      const from = { id: `someone-else-${id}`, role: 'user' };
      await send(bot, { ...activity(connector.url, `del-${id}`, 'delete my data', id), from });
      await send(bot, { ...activity(connector.url, `yes-${id}`, 'yes', id), from });
    }
    await bot.app.drain();
    const after = await keys();
    expect(after).toEqual(expect.arrayContaining(before));
  });

  test('a Spanish question is answered in Spanish', async () => {
    await send(bot, activity(connector.url, 'act-2', '¿cuánto dura el procedimiento?', 'conv-2'));
    await bot.app.drain();
    const [reply] = connector.messages();
    expect(reply.path).toBe('/v3/conversations/conv-2/activities/act-2');
    expect(reply.activity.text).toContain(
      'La duración del procedimiento Impella es variable: es diferente para cada paciente.',
    );
  });
});

describe('POST /api/messages with MicrosoftAppId and MicrosoftAppPassword set', () => {
  let bot: Running;

  beforeAll(async () => {
    bot = await startServer({
      MicrosoftAppId: '00000000-0000-0000-0000-00000000c11c',
      MicrosoftAppPassword: 'not-a-real-password',
    });
  });

  afterAll(async () => {
    await bot.close();
  });

  test('a call without an Authorization header is refused (401) and gets no reply', async () => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity(connector.url, 'act-3', 'how long does it take')),
    });
    expect(res.status).toBe(401);
    // The same JSON reason as every other refusal, not botbuilder's bare string.
    expect(await res.json()).toEqual({
      error: { code: 'Unauthorized', message: expect.stringContaining('token') },
    });
    await bot.app.drain();
    expect(connector.posted).toEqual([]);
  });

  test('a call with a token that is not a JWT is refused (401) and gets no reply', async () => {
    const status = await send(bot, activity(connector.url, 'act-4', 'how long does it take'), {
      Authorization: 'Bearer not.a.jwt',
    });
    expect(status).toBe(401);
    await bot.app.drain();
    expect(connector.posted).toEqual([]);
  });
});

describe('POST /api/messages rate limits', () => {
  let bot: Running;

  beforeAll(async () => {
    bot = await startServer({ BOT_EMULATOR: 'true', MESSAGE_RATE_LIMIT_PER_MINUTE: '3' });
  });

  afterAll(async () => {
    await bot.close();
  });

  test('a conversation past MESSAGE_RATE_LIMIT_PER_MINUTE gets 429; another one does not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(await send(bot, activity(connector.url, `flood-${i}`, 'hello', 'conv-flood')));
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(await send(bot, activity(connector.url, 'calm-1', 'hello', 'conv-calm'))).toBe(200);
  });
});
