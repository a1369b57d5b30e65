import WebSocket from 'ws';
import { TokenSigner } from '../../../src/channels/webchat/tokens';
import { WebChatPatient } from '../../fixtures/staff/staff';
import { startServer, type Running } from '../../support/server';

// Our Direct Line endpoint over plain HTTP and a WebSocket, as any client would see it.

interface Conversation {
  token: string;
  conversationId: string;
  expires_in: number;
  domain: string;
}
interface Refusal {
  error?: { code?: string; message?: string };
}
interface ActivitySet extends Refusal {
  activities: { id: string; type: string; text?: string; from: { role?: string } }[];
  watermark?: string;
}
interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

const ENGLISH_ANSWER =
  'The duration of the Impella procedure is variable: it is different for each patient.';
const SPANISH_ANSWER =
  'La duración del procedimiento Impella es variable: es diferente para cada paciente.';

let server: Running;

beforeAll(async () => {
  // Many conversations come from this one address here; the limit has its own test below.
  server = await startServer({
    CLINIC_NAME: "Clínica St. Mary's & Heart",
    TOKEN_RATE_LIMIT_PER_MINUTE: '1000',
  });
});

afterAll(async () => {
  await server.close();
});

async function call<T = Record<string, unknown>>(
  path: string,
  o: { method?: string; token?: string; json?: unknown; body?: string; type?: string } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  if (o.json !== undefined || o.type) headers['Content-Type'] = o.type ?? 'application/json';
  const res = await fetch(`${server.url}${path}`, {
    method: o.method ?? (o.json !== undefined || o.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: o.json !== undefined ? JSON.stringify(o.json) : o.body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
}

const dl = (path: string) => `/v3/directline${path}`;
const activitiesOf = (c: Conversation, watermark?: string) =>
  call<ActivitySet>(
    dl(`/conversations/${c.conversationId}/activities`) +
      (watermark === undefined ? '' : `?watermark=${watermark}`),
    { token: c.token },
  );
const say = (c: Conversation, text: unknown, token = c.token) =>
  call<{ id: string }>(dl(`/conversations/${c.conversationId}/activities`), {
    token,
    json: { type: 'message', from: { id: 'patient' }, text },
  });

/** A token and its conversation, started (so the bot has said its welcome). */
async function started(): Promise<Conversation> {
  const issued = await call<Conversation>('/api/webchat/token', { method: 'POST' });
  expect(issued.status).toBe(200);
  const start = await call(dl('/conversations'), { method: 'POST', token: issued.body.token });
  expect(start.status).toBe(201);
  return issued.body;
}

/** The text of a refusal, whichever body shape carried it. */
function reasonOf(body: object): string {
  const b = body as Refusal & { message?: string };
  return b.error?.message ?? b.message ?? '';
}

async function signingKey(): Promise<Buffer> {
  // The key the service created on first start; a setting keeps its first value.
  const key = await server.app.store.setting('directline.signing-key', () => 'not the key');
  return Buffer.from(key, 'base64url');
}

describe('POST /api/webchat/token', () => {
  test('gives a token for a new conversation and the Direct Line domain to use', async () => {
    const { status, body } = await call('/api/webchat/token', { method: 'POST' });
    expect(status).toBe(200);
    expect(body).toEqual(
      expect.objectContaining({
        token: expect.any(String),
        conversationId: expect.any(String),
        expires_in: 3600,
        domain: expect.any(String),
      }),
    );
    const domain = new URL(String(body.domain));
    expect([domain.port, domain.pathname]).toEqual([new URL(server.url).port, '/v3/directline']);
    const again = await call<Conversation>('/api/webchat/token', { method: 'POST' });
    expect(again.body.conversationId).not.toBe(body.conversationId);
    expect(again.body.token).not.toBe(body.token);
  });

  test('starting the conversation welcomes the patient once, however often it is started', async () => {
    const c = await started();
    const second = await call(dl('/conversations'), { method: 'POST', token: c.token });
    expect(second.body.conversationId).toBe(c.conversationId);
    const { body } = await activitiesOf(c);
    expect(body.activities).toHaveLength(1);
    expect(body.activities[0].text).toContain("Clínica St. Mary's & Heart");
    // Direct Line 3.0: 201 when the conversation is created, 200 when it already existed.
    expect(second.status).toBe(200);
  });
});

describe('who may read and write a conversation', () => {
  test('with no token, nothing is read or written (401)', async () => {
    const c = await started();
    expect((await call(dl(`/conversations/${c.conversationId}/activities`))).status).toBe(401);
    expect((await say(c, 'hello', '')).status).toBe(401);
    expect((await call(dl('/conversations'), { method: 'POST' })).status).toBe(401);
    expect((await activitiesOf(c)).body.activities).toHaveLength(1);
  });

  test("one patient's token cannot read or post to another's conversation (403)", async () => {
    const mine = await started();
    const theirs = await started();
    await say(theirs, 'how long does it take');
    const asMe = { ...theirs, token: mine.token };
    const read = await activitiesOf(asMe);
    expect(read.status).toBe(403);
    expect(JSON.stringify(read.body)).not.toContain('how long');
    expect((await say(asMe, 'I can write here')).status).toBe(403);
    expect((await call(dl(`/conversations/${theirs.conversationId}`), asMe)).status).toBe(403);
    const history = (await activitiesOf(theirs)).body.activities.map((a) => a.text);
    expect(history).not.toContain('I can write here');
  });

  test('a token whose claims were edited to name another conversation is refused', async () => {
    const mine = await started();
    const theirs = await started();
    const [claims, signature] = mine.token.split('.');
    const edited = JSON.parse(Buffer.from(claims, 'base64url').toString()) as { conv: string };
    edited.conv = theirs.conversationId;
    const forged = `${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${signature}`;
    expect((await activitiesOf({ ...theirs, token: forged })).status).toBe(401);
    const otherKey = new TokenSigner(Buffer.alloc(32, 7), 3600).issue(theirs.conversationId, 'u');
    expect((await activitiesOf({ ...theirs, token: otherKey.token })).status).toBe(401);
  });
});

describe('expired tokens', () => {
  async function expiredFor(c: Conversation): Promise<Conversation> {
    const hourAgo = new TokenSigner(await signingKey(), 60, () => Date.now() - 3_600_000);
    return { ...c, token: hourAgo.issue(c.conversationId, 'u_patient').token };
  }

  test('a token made with the same key and a current clock works (the control)', async () => {
    const c = await started();
    const fresh = new TokenSigner(await signingKey(), 60).issue(c.conversationId, 'u_patient');
    expect((await activitiesOf({ ...c, token: fresh.token })).status).toBe(200);
  });

  test('an expired token can neither read, post nor be refreshed', async () => {
    const c = await started();
    const expired = await expiredFor(c);
    const read = await activitiesOf(expired);
    expect([401, 403]).toContain(read.status);
    expect(read.body.activities).toBeUndefined();
    expect([401, 403]).toContain((await say(expired, 'still there?')).status);
    const refresh = await call(dl('/tokens/refresh'), { method: 'POST', token: expired.token });
    expect([401, 403]).toContain(refresh.status);
    const history = (await activitiesOf(c)).body.activities.map((a) => a.text);
    expect(history).not.toContain('still there?');
  });

  test('an expired token is answered as Direct Line 3.0 does: 403, code TokenExpired', async () => {
    // directlinejs and Web Chat recognise expiry only by this answer.
    const expired = await expiredFor(await started());
    const read = await activitiesOf(expired);
    expect({ status: read.status, code: read.body.error?.code }).toEqual({
      status: 403,
      code: 'TokenExpired',
    });
  });
});

describe('POST /v3/directline/tokens/refresh', () => {
  test('gives a new token for the same conversation that runs for the full lifetime', async () => {
    const c = await started();
    // A token issued ten minutes ago: fifty minutes left.
    const older = new TokenSigner(await signingKey(), 3600, () => Date.now() - 600_000);
    const token = older.issue(c.conversationId, 'u_patient').token;
    const before = await call<{ expires_in: number }>(dl(`/conversations/${c.conversationId}`), {
      token,
    });
    expect(before.body.expires_in).toBeLessThanOrEqual(3000);

    const refreshed = await call<Conversation>(dl('/tokens/refresh'), { method: 'POST', token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(c.conversationId);
    expect(refreshed.body.token).not.toBe(token);
    expect(refreshed.body.expires_in).toBe(3600);

    const next = { ...c, token: refreshed.body.token };
    expect((await activitiesOf(next)).body.activities).toHaveLength(1);
    const asked = await say(next, 'how long does it take');
    expect(asked.status).toBe(200);
    const answer = (await activitiesOf(next)).body.activities.at(-1)!;
    expect(answer.text).toContain(ENGLISH_ANSWER);
  });

  test('with no token there is nothing to refresh (401)', async () => {
    expect((await call(dl('/tokens/refresh'), { method: 'POST' })).status).toBe(401);
  });
});

describe('GET activities', () => {
  test('returns what was said after the watermark, and the new watermark', async () => {
    const c = await started();
    const welcome = await activitiesOf(c);
    expect(welcome.body.watermark).toBeDefined();
    const asked = await say(c, 'how long does it take');
    const since = await activitiesOf(c, welcome.body.watermark);
    expect(since.body.activities.map((a) => [a.from.role, a.text])).toEqual([
      ['user', 'how long does it take'],
      ['bot', expect.stringContaining(ENGLISH_ANSWER)],
    ]);
    expect(since.body.activities[0].id).toBe(asked.body.id);
    const nothingNew = await activitiesOf(c, since.body.watermark);
    expect(nothingNew.body.activities).toEqual([]);
    expect(nothingNew.body.watermark).toBe(since.body.watermark);
  });

  test('a watermark that is not a whole number in digits is a 400 with a reason', async () => {
    const c = await started();
    // "1e2" and "0x1" were read as numbers; " 1" and "" pass Number() too.
    for (const watermark of ['soon', '1e2', '0x1', '1.0', '%201', '-2', '1e20']) {
      const bad = await activitiesOf(c, watermark);
      expect(bad.status).toBe(400);
      expect(reasonOf(bad.body)).toMatch(/watermark/);
    }
    expect((await activitiesOf(c, '0')).status).toBe(200);
  });
});

describe('the WebSocket stream', () => {
  function open(url: string): Promise<{ ws: WebSocket; frames: ActivitySet[] }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const frames: ActivitySet[] = [];
      ws.on('message', (data) => frames.push(JSON.parse(String(data)) as ActivitySet));
      ws.on('open', () => resolve({ ws, frames }));
      ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.on('error', reject);
    });
  }

  async function until<T>(check: () => T | undefined, what: string): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  test('sends the history after the watermark, then each new reply as it is said', async () => {
    const c = await started();
    const start = await call<{ streamUrl: string }>(dl('/conversations'), {
      method: 'POST',
      token: c.token,
    });
    const welcome = await activitiesOf(c);
    await say(c, 'how long does it take');

    const { ws, frames } = await open(
      `${start.body.streamUrl}&watermark=${welcome.body.watermark}`,
    );
    try {
      const history = await until(() => frames[0], 'the history frame');
      expect(history.activities.map((a) => [a.from.role, a.text])).toEqual([
        ['user', 'how long does it take'],
        ['bot', expect.stringContaining(ENGLISH_ANSWER)],
      ]);

      const asked = await say(c, '¿cuánto dura el procedimiento?');
      const all = () => frames.flatMap((f) => f.activities);
      const answer = await until(
        () => all().find((a) => a.type === 'message' && a.text?.includes(SPANISH_ANSWER)),
        'the Spanish answer',
      );
      const messages = all().filter((a) => a.type === 'message');
      expect(messages.map((a) => a.id)).toEqual([
        history.activities[0].id,
        history.activities[1].id,
        asked.body.id,
        answer.id,
      ]);
      // The last watermark the stream gave lets a reconnect resume after the answer.
      const last = frames.filter((f) => f.watermark !== undefined).at(-1)!.watermark;
      expect((await activitiesOf(c, last)).body.activities).toEqual([]);
    } finally {
      ws.terminate();
    }
  });

  test('is refused without a token (401) and for another conversation (403)', async () => {
    const mine = await started();
    const theirs = await started();
    const base = `${server.url.replace(/^http/, 'ws')}/v3/directline/conversations`;
    await expect(open(`${base}/${theirs.conversationId}/stream`)).rejects.toThrow('HTTP 401');
    await expect(
      open(`${base}/${theirs.conversationId}/stream?t=${encodeURIComponent(mine.token)}`),
    ).rejects.toThrow('HTTP 403');
  });
});

describe('what a patient posts', () => {
  const post = (c: Conversation, body: string, type = 'application/json') =>
    call(dl(`/conversations/${c.conversationId}/activities`), { token: c.token, body, type });

  test.each([
    ['not JSON', 'how long does it take', /JSON/i],
    ['a JSON array', '[{"type":"message","text":"hi"}]', /activity object/],
    ['an activity with no type', '{"text":"hi"}', /"type"/],
    ['text that is not a string', '{"type":"message","text":{"$ne":""}}', /"text" must be/],
  ])('%s is a 400 with a reason, and nothing is stored', async (_what, body, reason) => {
    const c = await started();
    const res = await post(c, body);
    expect(res.status).toBe(400);
    expect(reasonOf(res.body)).toMatch(reason);
    expect((await activitiesOf(c)).body.activities).toHaveLength(1);
  });

  test('a body over 64 KB is a 413, and nothing is stored', async () => {
    const c = await started();
    const res = await post(c, JSON.stringify({ type: 'message', text: 'x'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(reasonOf(res.body)).not.toBe('');
    expect((await activitiesOf(c)).body.activities).toHaveLength(1);
  });

  test('every refusal carries the Direct Line ErrorResponse body, {error: {code, message}}', async () => {
    const c = await started();
    const refusals = [
      await post(c, 'not JSON'),
      await post(c, JSON.stringify({ type: 'message', text: 'x'.repeat(70_000) })),
      await post(c, '{"text":"hi"}'),
    ];
    for (const r of refusals)
      expect({ status: r.status, body: r.body }).toEqual({
        status: r.status,
        body: { error: { code: expect.any(String), message: expect.any(String) } },
      });
  });
});

describe('rate limit on new chat sessions', () => {
  const token = (s: Running, forwardedFor?: string) =>
    fetch(`${s.url}/api/webchat/token`, {
      method: 'POST',
      headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {},
    });

  test('after TOKEN_RATE_LIMIT_PER_MINUTE tokens an address gets 429; a forged header does not help', async () => {
    const limited = await startServer({ TOKEN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      for (let i = 0; i < 3; i++) expect((await token(limited)).status).toBe(200);
      const refused = await token(limited);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(reasonOf((await refused.json()) as Record<string, unknown>)).toMatch(/minute/);
      // Without TRUST_PROXY, X-Forwarded-For is the client's own claim and is ignored.
      expect((await token(limited, '203.0.113.9')).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  test('behind a trusted proxy the limit is per forwarded address', async () => {
    const limited = await startServer({ TOKEN_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'true' });
    try {
      for (let i = 0; i < 3; i++) expect((await token(limited, '203.0.113.5')).status).toBe(200);
      expect((await token(limited, '203.0.113.5')).status).toBe(429);
      expect((await token(limited, '203.0.113.6')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  test('behind one trusted proxy, an address the client wrote on the left changes nothing', async () => {
    const limited = await startServer({ TOKEN_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' });
    try {
      // The proxy appends the address it saw (203.0.113.5); the client made up what is before it.
      for (let i = 0; i < 3; i++)
        expect((await token(limited, `198.51.100.${i}, 203.0.113.5`)).status).toBe(200);
      expect((await token(limited, '198.51.100.99, 203.0.113.5')).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  test('with two proxies, the address the outer one saw counts', async () => {
    const limited = await startServer({ TOKEN_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '2' });
    try {
      // client-claim, client (seen by the outer proxy), outer proxy (seen by the inner one)
      for (let i = 0; i < 2; i++)
        expect((await token(limited, `10.9.9.${i}, 203.0.113.7, 10.0.0.2`)).status).toBe(200);
      expect((await token(limited, '10.9.9.9, 203.0.113.7, 10.0.0.2')).status).toBe(429);
      expect((await token(limited, '10.9.9.9, 203.0.113.8, 10.0.0.2')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('the clinic page', () => {
  const unescape = (s: string) =>
    s
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');

  test('names the clinic from CLINIC_NAME', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    // The clinic heads the page; its heading is the procedure the page is about.
    expect(unescape(/<p class="clinic">(.*?)<\/p>/.exec(html)![1])).toBe(
      "Clínica St. Mary's & Heart",
    );
    expect(unescape(/<h1>(.*?)<\/h1>/.exec(html)![1])).toBe('Impella');
    expect(unescape(/<title>(.*?)<\/title>/.exec(html)![1])).toContain(
      "Clínica St. Mary's & Heart",
    );
  });

  test('loads scripts and styles only from this service, and each of them is there', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    const urls = [
      ...scripts.map((attrs) => /\bsrc="([^"]*)"/.exec(attrs)?.[1] ?? '(inline script)'),
      ...[...html.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]),
    ];
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) {
      expect(url).toMatch(/^\/(?!\/)/);
      const asset = await fetch(`${server.url}${url}`);
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
      await asset.arrayBuffer();
    }
  });

  test('every response carries the security headers', async () => {
    for (const [path, method] of [
      ['/', 'GET'],
      ['/static/app.js', 'GET'],
      ['/api/webchat/token', 'POST'],
      ['/v3/directline/conversations/nope/activities', 'GET'],
    ]) {
      const res = await fetch(`${server.url}${path}`, { method });
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy') ?? '';
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1];
      expect({ path, scriptSrc }).toEqual({ path, scriptSrc: "'self'" });
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/frame-ancestors 'self'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  test('nothing that can carry patient data is cached; only the static assets are', async () => {
    const patient = await WebChatPatient.start(server.url);
    await patient.say('how long does it take');
    const history = await fetch(
      `${server.url}/v3/directline/conversations/${patient.conversationId}/activities`,
      { headers: { Authorization: `Bearer ${patient.token}` } },
    );
    await history.arrayBuffer();
    expect(history.headers.get('cache-control')).toBe('no-store');
    for (const [path, method] of [
      ['/', 'GET'],
      ['/api/webchat/token', 'POST'],
      ['/api/staff/queue', 'GET'],
      ['/staff/login', 'GET'],
      ['/readyz', 'GET'],
    ]) {
      const res = await fetch(`${server.url}${path}`, { method });
      await res.arrayBuffer();
      expect({ path, cache: res.headers.get('cache-control') }).toEqual({
        path,
        cache: 'no-store',
      });
    }
    const asset = await fetch(`${server.url}/static/app.js`);
    await asset.arrayBuffer();
    expect(asset.headers.get('cache-control')).toMatch(/^public/);
  });

  test('HSTS when PUBLIC_URL is https (TLS ends at the load balancer), not otherwise', async () => {
    const behindTls = await startServer({ PUBLIC_URL: 'https://chat.clinic.example.org' });
    try {
      const res = await fetch(`${behindTls.url}/healthz`);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await behindTls.close();
    }
    const plain = await fetch(`${server.url}/healthz`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
  });
});
