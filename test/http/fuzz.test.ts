import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { patientText } from '../../src/bot/inbound';
import { keywordOf } from '../../src/channels/sms/keywords';
import { createTestDatabase } from '../support/postgres';
import { startServer, type Running } from '../support/server';
import {
  conversationIdOf,
  inbound,
  localhostOf,
  messagesOf,
  newPatientNumber,
  sign,
  smsLine,
  TwilioStandIn,
  twilioEnv,
} from '../fixtures/sms/twilio';
import { addStaff, StaffClient, WebChatPatient } from '../fixtures/staff/staff';
import { Gen, seeded } from '../fixtures/http/naughty';
import { inParallel, Prober, reasonOf, type Probe } from '../fixtures/http/probe';
import { RequestMaker } from '../fixtures/http/requests';

// Thousands of generated and known-naughty requests through every HTTP endpoint of the whole
// service in process. Whatever is sent: no 5xx, an answer within seconds, a reason with every
// refusal. A valid message with odd text gets a polite reply and is in the transcript.
// FUZZ_SEED=<n> repeats a run (the seed is in every problem reported).
jest.setTimeout(120_000);

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
const GENERIC_REQUESTS = 2500;
const MESSAGES_PER_CHANNEL = 240;
const WORKERS = 12;
const BODY_LIMIT = 64 * 1024;
const ENGLISH_ANSWER =
  'The duration of the Impella procedure is variable: it is different for each patient.';
const TURN_FAILED = /^(Sorry, something went wrong|Perdón, algo falló)/;
// Characters XML 1.0 forbids: a TwiML reply with one is refused by Twilio.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

let server: Running;
let twilioApi: TwilioStandIn;
let connector: Server;
let db: { url: string; drop: () => Promise<void> } | undefined;
let admin: StaffClient;
let gen: Gen;
let webChat: WebChatPatient;
let staffSide: WebChatPatient;
let sent = 0;
const probers: Prober[] = [];

function prober(): Prober {
  const p = new Prober(server.url, SEED);
  probers.push(p);
  return p;
}

/** The Bot Connector's side of an emulator conversation: takes every reply. */
async function startConnector(): Promise<Server> {
  const c = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"id":"reply"}');
    });
  });
  await new Promise<void>((resolve) => c.listen(0, '127.0.0.1', resolve));
  return c;
}

/** Removes the first line that is one of these texts; false when none is there. */
function takeLine(lines: string[], candidates: string[]): boolean {
  const i = lines.findIndex((l) => candidates.includes(l));
  if (i >= 0) lines.splice(i, 1);
  return i >= 0;
}

const politeReplies = (texts: string[]) =>
  texts.some((t) => t.trim()) && !texts.some((t) => TURN_FAILED.test(t));

/**
 * A message with no text at all, sent while the bot waits for a choice, gets no reply on Web
 * Chat and the emulator (the prompt counts the typing indicator as its answer). No widget sends
 * one; it is left to the dialogs, and not counted here.
 */
const mayBeSilent = (text: string) => patientText(text) === '';

/** Each worker its own generator: the same seed gives the same messages, whatever the timing. */
const workerGen = (phase: number, worker: number) => new Gen(seeded(SEED + 1000 * phase + worker));

describe.each(['sqlite', 'postgres'] as const)('on %s', (engine) => {
  beforeAll(async () => {
    sent = 0;
    twilioApi = await new TwilioStandIn().start();
    connector = await startConnector();
    db = engine === 'postgres' ? await createTestDatabase() : undefined;
    server = await startServer(
      twilioEnv({
        ...(db ? { DATABASE_URL: db.url } : {}),
        TWILIO_API_BASE: twilioApi.url,
        TOKEN_RATE_LIMIT_PER_MINUTE: '10000',
        MESSAGE_RATE_LIMIT_PER_MINUTE: '10000',
        BOT_EMULATOR: 'true',
      }),
    );
    gen = new Gen(seeded(SEED));
    await addStaff(server.app, 'fuzz-admin@clinic.example.org', 'admin');
    admin = await StaffClient.logIn(server.url, 'fuzz-admin@clinic.example.org');
    webChat = await WebChatPatient.start(server.url);
    // The staff fuzz may claim this one; the patients whose replies are checked are others.
    staffSide = await WebChatPatient.start(server.url);
    await staffSide.say('how long does it take');
  });

  afterAll(async () => {
    await server?.close();
    await twilioApi?.close();
    connector?.closeAllConnections();
    connector?.close();
    await db?.drop();
  });

  afterEach(() => {
    sent += probers.reduce((n, p) => n + p.sent, 0);
    probers.length = 0;
  });

  /** The patient's lines in a transcript, to take expected texts from one by one. */
  async function patientLines(conversationId: string): Promise<string[]> {
    const lines = await server.app.store.transcriptOf(conversationId);
    return lines.filter((l) => l.from === 'patient').map((l) => l.text);
  }

  test('generated and naughty requests to every endpoint: no 5xx, no hang, a reason with each 4xx', async () => {
    const p = prober();
    const maker = new RequestMaker(gen, {
      signedBase: localhostOf(server.url),
      connector: `http://127.0.0.1:${(connector.address() as AddressInfo).port}`,
      token: webChat.token,
      otherToken: staffSide.token,
      conversationIds: [webChat.conversationId, staffSide.conversationId],
      staffCookie: admin.cookie,
      csrf: admin.csrf,
    });
    const probes = Array.from({ length: GENERIC_REQUESTS }, () => maker.next());
    await inParallel(probes, WORKERS, async (pr) => {
      const a = await p.send(pr);
      if (a?.status === 200 && /^\/api\/sms(\?|$)/.test(pr.path) && !a.text.includes('<Response'))
        p.problem(pr, 'a 200 from the webhook that is not TwiML', a);
      // However the path was spelled, a staff route answers nothing to a caller with no session.
      if (a && a.status < 300 && pr.headers?.['X-Fuzz-No-Session'])
        p.problem(pr, 'a staff route answered without a session', a);
    });
    expect(p.problems).toEqual([]);
  });

  test('Direct Line: a message with odd text gets a polite reply and is in the transcript', async () => {
    const p = prober();
    const patients = await Promise.all(
      Array.from({ length: WORKERS }, () => WebChatPatient.start(server.url)),
    );
    const said = new Map<WebChatPatient, { id: string; text: string; probe: Probe }[]>();
    await inParallel(patients, WORKERS, async (patient, w) => {
      const g = workerGen(1, w);
      said.set(patient, []);
      for (let i = 0; i < MESSAGES_PER_CHANNEL / WORKERS; i++) {
        const text = g.string();
        const activity = {
          type: 'message',
          text,
          from: { id: 'patient' },
          ...(g.chance(0.2) ? { locale: g.pick(['es', 'en-US', 'zz', '']) } : {}),
          ...(g.chance(0.2) ? { channelData: { clientActivityID: g.string() } } : {}),
        };
        const probe: Probe = {
          method: 'POST',
          path: `/v3/directline/conversations/${patient.conversationId}/activities`,
          headers: { Authorization: `Bearer ${patient.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(activity),
          note: 'a message with odd text',
        };
        const a = await p.send(probe);
        const id = a?.status === 200 ? (JSON.parse(a.text) as { id?: unknown }).id : undefined;
        if (typeof id === 'string' && id) said.get(patient)!.push({ id, text, probe });
        else if (a) p.problem(probe, 'a valid message was not taken', a);
      }
    });

    for (const patient of patients) {
      const history = await patient.history();
      const lines = await patientLines(patient.conversationId);
      for (const { id, text, probe } of said.get(patient)!) {
        const i = history.findIndex((h) => h.id === id);
        if (i < 0) p.problem(probe, 'a message missing from the history');
        const after = history.slice(i + 1);
        const next = after.findIndex((h) => h.from.role === 'user');
        const replies = after.slice(0, next < 0 ? undefined : next).map((h) => h.text ?? '');
        if (i >= 0 && !politeReplies(replies) && !mayBeSilent(text))
          p.problem(probe, `no polite reply: ${replies}`);
        if (!takeLine(lines, [patientText(text)]))
          p.problem(probe, 'a message missing from the transcript');
      }
    }
    expect(p.problems).toEqual([]);
  });

  test('SMS: a signed text with odd words gets a polite TwiML reply and is in the transcript', async () => {
    const p = prober();
    const texted: { from: string; body: string; probe: Probe }[] = [];
    await inParallel(
      Array.from({ length: WORKERS }, (_, w) => w),
      WORKERS,
      async (w) => {
        const g = workerGen(2, w);
        let from = newPatientNumber();
        for (let i = 0, onThisNumber = 0; i < MESSAGES_PER_CHANNEL / WORKERS; i++) {
          const body = g.string();
          const media: Record<string, string> = g.chance(0.1)
            ? { NumMedia: g.pick(['1', 'abc', '-1']), MediaUrl0: 'https://api.twilio.com/x' }
            : {};
          const params = inbound(from, body, media);
          const probe: Probe = {
            method: 'POST',
            path: '/api/sms',
            headers: {
              'Content-Type': 'application/x-www-form-urlencoded',
              'X-Twilio-Signature': sign(`${localhostOf(server.url)}/api/sms`, params),
            },
            body: new URLSearchParams(params).toString(),
            note: 'a signed text with odd words',
          };
          const a = await p.send(probe);
          if (!a) continue;
          if (a.status !== 200 || !a.type.startsWith('text/xml')) {
            p.problem(probe, 'a signed text was not answered with TwiML', a);
            continue;
          }
          texted.push({ from, body, probe });
          if (NOT_XML.test(a.text)) p.problem(probe, 'TwiML that is not valid XML', a);
          const keyword = keywordOf(body.slice(0, 5000));
          // Twilio itself confirms the English STOP words; the service stays silent on them.
          const silent = keyword?.kind === 'stop' && keyword.lang === 'en';
          if (!silent && !politeReplies(messagesOf(a.text))) p.problem(probe, 'no polite reply', a);
          // After STOP the number gets no replies; a fresh number keeps the check simple, and
          // stays well under the per-number rate limit.
          if (keyword?.kind === 'stop' || ++onThisNumber >= 15) {
            from = newPatientNumber();
            onThisNumber = 0;
          }
        }
      },
    );

    const linesOf = new Map<string, string[]>();
    for (const { from, body, probe } of texted) {
      if (!linesOf.has(from))
        linesOf.set(from, await patientLines(await conversationIdOf(server.app.store, from)));
      // Form encoding carries no lone surrogate: the service gets U+FFFD in its place.
      const b = patientText(body);
      // A picture alone is kept as "[media]".
      if (!takeLine(linesOf.get(from)!, [b, '[media]']))
        p.problem(probe, 'a text missing from the transcript');
    }
    expect(p.problems).toEqual([]);
  });

  test('Bot Framework: an activity with odd text gets a polite reply and is in the transcript', async () => {
    const p = prober();
    const said: { conversation: string; text: string; probe: Probe }[] = [];
    await inParallel(
      Array.from({ length: WORKERS }, (_, w) => w),
      WORKERS,
      async (w) => {
        const g = workerGen(3, w);
        const conversation = `fuzz-bf-${SEED}-${w}`;
        for (let i = 0; i < MESSAGES_PER_CHANNEL / WORKERS; i++) {
          const text = g.string();
          const probe: Probe = {
            method: 'POST',
            path: '/api/messages',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              type: 'message',
              id: `act-${i}`,
              text,
              channelId: 'emulator',
              // Replies come back in the response, so nothing is posted to this address.
              deliveryMode: 'expectReplies',
              serviceUrl: 'http://127.0.0.1:9',
              from: { id: `patient-${w}`, role: 'user' },
              recipient: { id: 'bot', role: 'bot' },
              conversation: { id: conversation },
            }),
            note: 'an emulator message with odd text',
          };
          const a = await p.send(probe);
          if (a?.status !== 200) {
            if (a) p.problem(probe, 'a valid activity was not taken', a);
            continue;
          }
          said.push({ conversation, text, probe });
          const { activities } = JSON.parse(a.text) as { activities: { text?: string }[] };
          if (!politeReplies(activities.map((r) => r.text ?? '')) && !mayBeSilent(text))
            p.problem(probe, 'no polite reply', a);
        }
      },
    );
    const linesOf = new Map<string, string[]>();
    for (const { conversation, text, probe } of said) {
      if (!linesOf.has(conversation)) linesOf.set(conversation, await patientLines(conversation));
      if (!takeLine(linesOf.get(conversation)!, [patientText(text)]))
        p.problem(probe, 'a message missing from the transcript');
    }
    expect(p.problems).toEqual([]);
  });

  describe('bodies over the 64 KB limit', () => {
    const huge = (n: number) => JSON.stringify({ type: 'message', text: 'x'.repeat(n) });
    const cases = (): Probe[] => {
      const staff = { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf };
      const dl = { Authorization: `Bearer ${webChat.token}` };
      const paths: [string, Record<string, string>][] = [
        ['/api/sms', { 'X-Twilio-Signature': 'not checked before the size' }],
        ['/api/sms/status', {}],
        ['/api/messages', {}],
        ['/api/webchat/token', {}],
        ['/v3/directline/tokens/refresh', dl],
        ['/v3/directline/conversations', dl],
        [`/v3/directline/conversations/${webChat.conversationId}/activities`, dl],
        [`/api/staff/conversations/${staffSide.conversationId}/reply`, staff],
        ['/api/staff/knowledge/changes', staff],
        ['/staff/login', {}],
        ['/staff/setup', {}],
      ];
      return paths.flatMap(([path, headers]) =>
        [BODY_LIMIT + 1, 300_000, 2_000_000].flatMap((n) => [
          {
            method: 'POST',
            path,
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: huge(n),
            note: `${n} bytes of JSON`,
          },
          {
            method: 'POST',
            path,
            headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
            body: `Body=${'x'.repeat(n)}`,
            note: `${n} bytes of form`,
          },
        ]),
      );
    };

    test('are refused 413 with a reason, on every endpoint that takes a body', async () => {
      const p = prober();
      await inParallel(cases(), 4, async (pr) => {
        const a = await p.send(pr);
        if (a && a.status !== 413) p.problem(pr, 'not a 413', a);
      });
      expect(p.problems).toEqual([]);
    });

    test('compressed (gzip, deflate, br), even small ones that expand past the limit, are refused 415', async () => {
      const p = prober();
      const bomb = JSON.stringify({ type: 'message', text: 'x'.repeat(50_000_000) });
      const bodies: [string, Buffer][] = [
        ['gzip', gzipSync(bomb)],
        ['deflate', deflateSync(bomb)],
        ['br', brotliCompressSync(Buffer.from('{"type":"message","text":"hi"}'))],
        ['gzip, identity', gzipSync('{}')],
      ];
      await inParallel(
        cases()
          .filter((c) => c.note.endsWith('of JSON') && c.note.startsWith(String(BODY_LIMIT + 1)))
          .flatMap((c) => bodies.map(([encoding, body]) => ({ c, encoding, body }))),
        4,
        async ({ c, encoding, body }) => {
          const probe: Probe = {
            ...c,
            headers: { ...c.headers, 'Content-Encoding': encoding },
            body,
            note: `${body.length} bytes of ${encoding}`,
          };
          const a = await p.send(probe);
          if (a && a.status !== 415) p.problem(probe, 'not a 415', a);
        },
      );
      expect(p.problems).toEqual([]);
    });

    test('sent in chunks, with no Content-Length, are refused 413 too', async () => {
      const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
      let n = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (n++ < 20) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const res = await fetch(`${server.url}/api/webchat/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: stream,
        signal: AbortSignal.timeout(5_000),
        // @ts-expect-error -- Node's fetch needs this for a streamed body; DOM's types lack it
        duplex: 'half',
      });
      expect(res.status).toBe(413);
      expect(reasonOf(await res.text())).toBeDefined();
    });
  });

  describe('requests Node cannot read as HTTP', () => {
    /** Writes raw bytes and reads what comes back until the server closes the connection. */
    const raw = (bytes: string) =>
      new Promise<string>((resolve, reject) => {
        const { port } = new URL(server.url);
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(bytes));
        let got = '';
        socket.setEncoding('utf8');
        socket.on('data', (d: string) => (got += d));
        socket.on('close', () => resolve(got));
        socket.on('error', reject);
        socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')));
      });
    const statusAndReason = (answer: string) => {
      const [head, body] = answer.split('\r\n\r\n');
      return {
        status: Number(head.split(' ')[1]),
        json: /content-type: application\/json/i.test(head),
        reason: reasonOf(body),
      };
    };

    test('headers over 16 KB get a 431 with a JSON reason', async () => {
      const answer = await raw(
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(statusAndReason(answer)).toEqual({
        status: 431,
        json: true,
        reason: expect.any(String),
      });
    });

    test.each([
      ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n'],
      ['binary bytes', '\u0000\u0001\u0002\u00ff\r\n\r\n'],
      ['a bad header line', 'GET / HTTP/1.1\r\nHost x\r\n\r\n'],
    ])('%s gets a 400 with a JSON reason', async (_name, bytes) => {
      expect(statusAndReason(await raw(bytes))).toEqual({
        status: 400,
        json: true,
        reason: expect.any(String),
      });
    });
  });

  test('the Direct Line stream refuses odd upgrades with a 4xx and never crashes', async () => {
    const p = prober();
    const ids = [
      webChat.conversationId,
      '%E0%A4%A',
      '%',
      encodeURIComponent('<script>'),
      'x'.repeat(5000),
    ];
    const tokens = [webChat.token, staffSide.token, 'garbage', '', '%E0%A4%A'];
    const watermarks = [
      '',
      '&watermark=-5',
      '&watermark=abc',
      '&watermark=%E0%A4%A',
      '&watermark=1e400',
    ];
    const upgrades: string[] = [];
    for (let i = 0; i < 60; i++)
      upgrades.push(
        `/v3/directline/conversations/${gen.pick(ids)}/stream?t=${gen.pick(tokens)}${gen.pick(watermarks)}`,
      );
    upgrades.push('/nothing', '//host:port', '/v3/directline/conversations/x/stream/extra');
    await inParallel(upgrades, WORKERS, async (path) => {
      const probe: Probe = { method: 'GET', path, note: 'a WebSocket upgrade' };
      p.sent += 1;
      const outcome = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}${path}`);
        const timer = setTimeout(() => {
          ws.terminate();
          resolve('no answer within 5000 ms');
        }, 5_000);
        const done = (what: string) => {
          clearTimeout(timer);
          resolve(what);
        };
        ws.on('open', () => {
          ws.close();
          done('open');
        });
        ws.on('unexpected-response', (_req, res) => {
          res.resume();
          done(String(res.statusCode));
        });
        ws.on('error', (err) => done(`error: ${err.message}`));
      });
      if (outcome !== 'open' && !/^4\d\d$/.test(outcome)) p.problem(probe, outcome);
    });
    expect(p.problems).toEqual([]);
  });

  test('upgrades dropped by the client as they are refused do not take the service down', async () => {
    const port = Number(new URL(server.url).port);
    const paths = ['/v3/directline/conversations/x/stream?t=bad', '//host:port', '/nothing'];
    for (let i = 0; i < 60; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            `GET ${paths[i % paths.length]} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n` +
              'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
              'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
          );
          // A reset while the refusal is being written: Node leaves that socket's errors to us.
          setImmediate(() => {
            socket.resetAndDestroy();
            resolve();
          });
        });
        socket.on('error', () => resolve());
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test('the staff event stream answers at once whatever the query', async () => {
    const res = await fetch(`${server.url}/api/staff/events?__proto__[x]=1&%E0%A4%A`, {
      headers: { Cookie: admin.cookie },
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    await res.body?.cancel();
  });

  test('afterwards the service is healthy and answers a normal question on every channel', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const patient = await WebChatPatient.start(server.url);
    const id = await patient.say('how long does the procedure take');
    expect((await patient.after(id)).map(([, text]) => text).join('\n')).toContain(ENGLISH_ANSWER);
    const text = smsLine(server.url, localhostOf(server.url));
    const reply = await text(newPatientNumber(), 'how long does the procedure take');
    expect(messagesOf(reply.body)).toEqual([ENGLISH_ANSWER]);
    // Thousands of requests, all told.
    expect(sent).toBeGreaterThan(3000);
  });
});
