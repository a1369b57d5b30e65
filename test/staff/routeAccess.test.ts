import { request } from 'node:http';
import { startServer, type Running } from '../support/server';
import { addStaff, StaffClient, WebChatPatient } from '../fixtures/staff/staff';
import { spellings } from '../fixtures/http/spellings';

// Every route the router holds, walked from its own table (so a route added later is walked
// too): the staff routes refuse anyone without a session, however their path is spelled, and
// the admin ones refuse a staff member who is not an admin. Only the routes a patient, Twilio or
// the Bot Framework must reach, and the log-in pages, are open.
jest.setTimeout(120_000);

/** Method and path of every route that answers without a staff session. */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /',
  'GET /favicon.ico',
  'GET /a/:id',
  'GET /documents/*',
  'GET /webchat/webchat.js',
  'GET /static/app.js',
  'GET /static/page.css',
  'GET /static/theme.css',
  'POST /api/webchat/token',
  // A patient's way back to their conversation: it carries its own secret.
  'POST /api/webchat/resume',
  'POST /v3/directline/tokens/refresh',
  'POST /v3/directline/conversations',
  'GET /v3/directline/conversations/:id',
  'GET /v3/directline/conversations/:id/activities',
  'POST /v3/directline/conversations/:id/activities',
  'POST /api/messages',
  'POST /api/sms',
  'POST /api/sms/status',
  'GET /staff/login',
  'POST /staff/login',
  'GET /staff/setup',
  'POST /staff/setup',
  'GET /staff/static/common.js',
  'GET /staff/static/staff.js',
  'GET /staff/static/teach.js',
  'GET /staff/static/history.js',
  'GET /staff/static/audit.js',
  'GET /staff/static/knowledge.js',
  'GET /staff/static/knowledgeEntry.js',
  'GET /staff/static/staff.css',
  'GET /staff/static/insights.js',
  'GET /staff/static/chart.js',
]);

interface Reply {
  status: number;
  location?: string;
  body: string;
}

/** A request with the path exactly as given: fetch() would tidy dot segments and case away. */
function raw(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method,
        path,
        headers: { 'Content-Type': 'application/json', ...headers },
      },
      (res) => {
        // A stream that opened (server-sent events) answers its status at once and never ends.
        if (res.headers['content-type']?.startsWith('text/event-stream')) {
          req.destroy();
          return resolve({ status: res.statusCode ?? 0, body: 'an open event stream' });
        }
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }),
        );
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? '{"text":"hello"}' : undefined);
  });
}

describe('the route table', () => {
  let s: Running;
  let nurse: StaffClient;
  let conversationId: string;
  const routes: { method: string; path: string }[] = [];

  beforeAll(async () => {
    s = await startServer({ TOKEN_RATE_LIMIT_PER_MINUTE: '1000' });
    await addStaff(s.app, 'walker@clinic.example.org', 'staff');
    nurse = await StaffClient.logIn(s.url, 'walker@clinic.example.org');
    const patient = await WebChatPatient.start(s.url);
    await patient.say('I want to talk to a person');
    conversationId = patient.conversationId;
    for (const r of Object.values(
      (
        s.app.server.router as unknown as {
          getRoutes(): Record<string, { method: string; path: string }>;
        }
      ).getRoutes(),
    ))
      routes.push({ method: r.method.toUpperCase(), path: r.path });
  });

  afterAll(() => s.close());

  const fill = (path: string) =>
    path.replace(/:id\b/g, () => (path.includes('changes') ? '1' : conversationId));

  test('holds the staff routes, and each of them is declared with its role', () => {
    const closed = routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
    expect(closed.length).toBeGreaterThan(15);
    const declared = new Set(s.app.staffRoutes.map((r) => `${r.method} ${r.path}`));
    expect(closed.filter((r) => !declared.has(`${r.method} ${r.path}`))).toEqual([]);
  });

  test('no route outside the public list answers anything but a refusal without a session', async () => {
    const opened: string[] = [];
    for (const r of routes.filter((x) => !PUBLIC.has(`${x.method} ${x.path}`))) {
      for (const path of spellings(fill(r.path))) {
        const reply = await raw(s.url, r.method, path);
        const toLogin = reply.status === 303 && reply.location === '/staff/login';
        if (!toLogin && ![400, 401, 403, 404, 405].includes(reply.status))
          opened.push(`${r.method} ${path} -> ${reply.status} ${reply.body.slice(0, 80)}`);
      }
    }
    expect(opened).toEqual([]);
  });

  test('the admin routes refuse a staff member who is not an admin, however spelled', async () => {
    const admin = s.app.staffRoutes.filter((r) => r.role === 'admin');
    expect(admin.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/staff/audit', '/api/staff/knowledge/changes/:id/approve']),
    );
    const opened: string[] = [];
    for (const r of admin) {
      for (const path of spellings(fill(r.path))) {
        const reply = await raw(s.url, r.method, path, {
          Cookie: nurse.cookie,
          'X-CSRF-Token': nurse.csrf,
        });
        if (![400, 403, 404, 405].includes(reply.status))
          opened.push(`${r.method} ${path} -> ${reply.status}`);
      }
    }
    expect(opened).toEqual([]);
  });

  test('the attack of the report: /api/%73taff/queue without a cookie gets no queue', async () => {
    for (const path of ['/api/%73taff/queue', '/api/st%61ff/queue', '/%61pi/staff/queue']) {
      const reply = await raw(s.url, 'GET', path);
      expect(reply.status).toBe(401);
      expect(reply.body).not.toContain(conversationId);
    }
  });

  test('a staff member reaches the same route however the path is spelled', async () => {
    const reply = await raw(s.url, 'GET', '/api/%73taff/queue', { Cookie: nurse.cookie });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain(conversationId);
  });
});
