import WebSocket from 'ws';
import { TokenSigner } from '../../../src/channels/webchat/tokens';
import { WebChatPatient } from '../../fixtures/staff/staff';
import { startServer, type Running } from '../../support/server';

// Web-chat tokens as an attacker or a long-open tab would use them: a strict shape, a chain of
// refreshes that ends, revoked by "delete my data", and a stream that lasts as long as its token.

let server: Running;

beforeAll(async () => {
  server = await startServer({
    TOKEN_RATE_LIMIT_PER_MINUTE: '1000',
    DIRECTLINE_SESSION_HOURS: '2',
  });
});

afterAll(() => server.close());

const signingKey = async () =>
  Buffer.from(
    await server.app.store.setting('directline.signing-key', () => 'unused'),
    'base64url',
  );

const get = (patient: WebChatPatient, token = patient.token) =>
  fetch(`${server.url}/v3/directline/conversations/${patient.conversationId}/activities`, {
    headers: { Authorization: `Bearer ${token}` },
  });
const refresh = (token: string) =>
  fetch(`${server.url}/v3/directline/tokens/refresh`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });

test('only the exact shape is a token: anything added or cut is refused', async () => {
  const patient = await WebChatPatient.start(server.url);
  expect((await get(patient)).status).toBe(200);
  const [body, sig] = patient.token.split('.');
  for (const bad of [
    `${patient.token}.junk`,
    `${patient.token}.`,
    `${body}.${sig}x`,
    `${body}.${sig.slice(1)}`,
    ` ${patient.token}`,
    `${body}=.${sig}`,
  ])
    expect({ bad, status: (await get(patient, bad)).status }).toEqual({ bad, status: 401 });
});

test('refreshing keeps working within the session, and not past it', async () => {
  const patient = await WebChatPatient.start(server.url);
  const key = await signingKey();
  // A chain begun 1 h 59 min ago (DIRECTLINE_SESSION_HOURS is 2): one more token, cut short.
  const old = new TokenSigner(key, 3 * 3600, () => Date.now() - 119 * 60_000).issue(
    patient.conversationId,
    'u_p',
  );
  const last = await refresh(old.token);
  expect(last.status).toBe(200);
  const { token, expires_in } = (await last.json()) as { token: string; expires_in: number };
  expect(expires_in).toBeLessThanOrEqual(60);
  expect((await get(patient, token)).status).toBe(200);
  // Begun 2 h 1 min ago: the chain has run its course.
  const ended = new TokenSigner(key, 3 * 3600, () => Date.now() - 121 * 60_000).issue(
    patient.conversationId,
    'u_p',
  );
  const refused = await refresh(ended.token);
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('TokenExpired');
});

test('"delete my data" revokes the conversation\'s tokens, refresh and stream included', async () => {
  const patient = await WebChatPatient.start(server.url);
  await patient.say('how long does it take');
  await patient.say('delete my data');
  await patient.say('yes');
  const refused = await get(patient);
  expect(refused.status).toBe(403);
  expect((await refresh(patient.token)).status).toBe(403);
  const post = await fetch(
    `${server.url}/v3/directline/conversations/${patient.conversationId}/activities`,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${patient.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'am I still here?' }),
    },
  );
  expect(post.status).toBe(403);
  const ws = new WebSocket(
    `${server.url.replace('http', 'ws')}/v3/directline/conversations/${patient.conversationId}/stream?t=${encodeURIComponent(patient.token)}`,
  );
  const status = await new Promise<number>((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
  });
  expect(status).toBe(403);
  // A new visit gets a new conversation.
  expect((await get(await WebChatPatient.start(server.url))).status).toBe(200);
});

test('a stream is closed when its token expires', async () => {
  const patient = await WebChatPatient.start(server.url);
  // A token with two seconds left (issued 58 s ago with a 60 s lifetime).
  const token = new TokenSigner(await signingKey(), 60, () => Date.now() - 58_000).issue(
    patient.conversationId,
    'u_p',
  ).token;
  const ws = new WebSocket(
    `${server.url.replace('http', 'ws')}/v3/directline/conversations/${patient.conversationId}/stream?t=${encodeURIComponent(token)}`,
  );
  const opened = Date.now();
  const [code, reason] = await new Promise<[number, string]>((resolve) =>
    ws.on('close', (c, r) => resolve([c, r.toString()])),
  );
  expect([code, reason]).toEqual([4001, 'token expired']);
  expect(Date.now() - opened).toBeLessThan(5000);
});

describe('a resume secret: the way back to a conversation once its tokens ran out', () => {
  const issue = async () =>
    (await (await fetch(`${server.url}/api/webchat/token`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
      resume: string;
    };
  const resume = (secret: unknown) =>
    fetch(`${server.url}/api/webchat/resume`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ resume: secret }),
    });

  test('gives a fresh token for the same conversation, whose history it reads', async () => {
    const first = await issue();
    expect(first.resume).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const headers = { Authorization: `Bearer ${first.token}` };
    await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers });
    const back = await resume(first.resume);
    expect(back.status).toBe(200);
    const fresh = (await back.json()) as { token: string; conversationId: string };
    expect(fresh.conversationId).toBe(first.conversationId);
    const history = await fetch(
      `${server.url}/v3/directline/conversations/${first.conversationId}/activities`,
      { headers: { Authorization: `Bearer ${fresh.token}` } },
    );
    expect(history.status).toBe(200);
  });

  test('a made-up, malformed or missing secret opens nothing', async () => {
    for (const secret of ['x'.repeat(43), 'short', 42, null, undefined])
      expect((await resume(secret)).status).toBe(403);
  });

  test('"delete my data" ends it too', async () => {
    const first = await issue();
    const headers = { Authorization: `Bearer ${first.token}`, 'Content-Type': 'application/json' };
    await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers });
    const url = `${server.url}/v3/directline/conversations/${first.conversationId}/activities`;
    for (const text of ['delete my data', 'yes'])
      await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'message', text }),
      });
    expect((await resume(first.resume)).status).toBe(403);
  });
});
