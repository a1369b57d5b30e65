import { startServer, type Running } from '../support/server';
import {
  addStaff,
  logInForm,
  PASSWORD,
  StaffClient,
  WebChatPatient,
  type DirectLineActivity,
} from '../fixtures/staff/staff';
import {
  conversationIdOf,
  localhostOf,
  newPatientNumber,
  smsLine,
  TwilioStandIn,
  twilioEnv,
  waitFor,
} from '../fixtures/sms/twilio';
import type { Escalation, QueueItem, TranscriptLine } from '../../src/storage/types';

// The staff console's JSON API and log-in, on the whole service in process: real store, real
// bot, real Direct Line endpoint, real Twilio signatures. Nothing is mocked.
jest.setTimeout(60_000);

const JOINED_EN = 'A member of our staff has joined the conversation and will answer you here.';
const RESOLVED_EN = 'Thank you for waiting. Our staff have finished;';
const RESOLVED_ES = 'Gracias por esperar. Nuestro personal terminó;';
const DURATION_EN = 'The duration of the Impella procedure is variable';
const DURATION_ES = 'La duración del procedimiento Impella es variable';

interface Conversation {
  id: string;
  channel: string;
  lang: string | null;
  owner: { owner: 'bot' | 'staff'; staffId: string | null };
  number: string | null;
  transcript: TranscriptLine[];
  escalations: Escalation[];
  handoffs: { staffId: string; startedAt: string; endedAt: string | null }[];
}

interface AuditRow {
  staffId: string | null;
  action: string;
  conversationId: string | null;
}

const servers: Running[] = [];

async function server(env: Record<string, string> = {}): Promise<Running> {
  const s = await startServer({ TOKEN_RATE_LIMIT_PER_MINUTE: '1000', ...env });
  servers.push(s);
  return s;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const fromStaff = (history: DirectLineActivity[]) =>
  history.filter((a) => a.from.id === 'staff').map((a) => a.text);

describe('without a session, and without the CSRF token', () => {
  let s: Running;
  let nurse: StaffClient;
  const GETS = ['me', 'queue', 'conversations/c_nothing', 'audit', 'events'];
  const POSTS = [
    'conversations/c_nothing/reveal-number',
    'conversations/c_nothing/claim',
    'conversations/c_nothing/reply',
    'conversations/c_nothing/resolve',
    'logout',
  ];

  beforeAll(async () => {
    s = await server();
    await addStaff(s.app, 'guard@clinic.example.org');
    nurse = await StaffClient.logIn(s.url, 'guard@clinic.example.org');
  });

  test.each(GETS)('GET /api/staff/%s answers 401 with no session cookie', async (path) => {
    const res = await fetch(`${s.url}/api/staff/${path}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.objectContaining({ code: 'Unauthorized' }) });
  });

  test.each(POSTS)('POST /api/staff/%s answers 401 with no session cookie', async (path) => {
    const res = await fetch(`${s.url}/api/staff/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': nurse.csrf },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(res.status).toBe(401);
  });

  test.each(GETS.filter((p) => p !== 'events'))(
    'GET /api/staff/%s answers 401 with a made-up session cookie',
    async (path) => {
      const res = await fetch(`${s.url}/api/staff/${path}`, {
        headers: { Cookie: 'faqbot_staff=not-a-session-token' },
      });
      expect(res.status).toBe(401);
    },
  );

  test.each(POSTS)(
    'POST /api/staff/%s answers 403 with a session but no X-CSRF-Token',
    async (path) => {
      const res = await nurse.post(path, { text: 'hello' }, { csrf: false });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: expect.objectContaining({ code: 'Forbidden' }) });
    },
  );

  test('a wrong X-CSRF-Token is refused like a missing one', async () => {
    const res = await fetch(`${s.url}/api/staff/logout`, {
      method: 'POST',
      headers: { Cookie: nurse.cookie, 'X-CSRF-Token': `${nurse.csrf}x` },
    });
    expect(res.status).toBe(403);
    // The session survived the refused change.
    expect((await nurse.get('me')).status).toBe(200);
  });

  test('a made-up path is simply not found, with or without a session', async () => {
    expect((await fetch(`${s.url}/api/staff/anything/at/all`)).status).toBe(404);
    expect((await fetch(`${s.url}/api/staff/anything/at/all`, { method: 'POST' })).status).toBe(
      404,
    );
    expect((await nurse.get('anything/at/all')).status).toBe(404);
    expect((await nurse.post('anything/at/all')).status).toBe(404);
  });
});

describe('log-in', () => {
  let s: Running;

  beforeAll(async () => {
    s = await server();
  });

  test('a wrong password gets the log-in page again with 401, and no cookie', async () => {
    await addStaff(s.app, 'wrong@clinic.example.org');
    const res = await logInForm(s.url, 'wrong@clinic.example.org', 'not the password at all');
    expect(res.status).toBe(401);
    expect(res.setCookie).toBeNull();
    expect(res.body).toContain('That email and password do not match.');
    expect(res.body).toContain('<form method="post" action="/staff/login">');
  });

  test('an unknown email gets the very same answer as a wrong password', async () => {
    const res = await logInForm(s.url, 'nobody@clinic.example.org', PASSWORD);
    expect(res.status).toBe(401);
    expect(res.body).toContain('That email and password do not match.');
  });

  test('the right password: 303 to /staff with an HttpOnly, SameSite=Strict session cookie', async () => {
    const me = await addStaff(s.app, 'right@clinic.example.org', 'admin');
    const res = await logInForm(s.url, 'Right@Clinic.example.org', PASSWORD);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/staff');
    const cookie = res.setCookie ?? '';
    expect(cookie).toMatch(/^faqbot_staff=[^;]{20,};/);
    const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));

    const session = cookie.split(';')[0];
    const who = await fetch(`${s.url}/api/staff/me`, { headers: { Cookie: session } });
    expect(who.status).toBe(200);
    expect(await who.json()).toEqual({
      id: me.id,
      email: 'right@clinic.example.org',
      role: 'admin',
      // No display name given yet: the email's name part stands for it.
      name: 'right',
      named: false,
      csrf: expect.stringMatching(/.{20,}/),
    });
    // The console page itself needs the session too.
    const page = await fetch(`${s.url}/staff`, {
      headers: { Cookie: session },
      redirect: 'manual',
    });
    expect(page.status).toBe(200);
    const anonymous = await fetch(`${s.url}/staff`, { redirect: 'manual' });
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([303, '/staff/login']);
  });

  test('repeated failures slow that address down, answered alike for a real and an unknown email', async () => {
    await addStaff(s.app, 'slowed@clinic.example.org');
    const tries = async (email: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1)
        statuses.push((await logInForm(s.url, email, `guess number ${i}`)).status);
      return statuses;
    };
    const real = await tries('slowed@clinic.example.org');
    expect(real).toEqual([401, 401, 401, 429, 429]);
    expect(await tries('nobody-here@clinic.example.org')).toEqual(real);
    const right = await logInForm(s.url, 'slowed@clinic.example.org', PASSWORD);
    expect(right.status).toBe(429);
    expect(right.setCookie).toBeNull();
    expect(right.body).toContain('Try again in');
  });

  test('no stranger can lock a nurse out: from her own address she logs in', async () => {
    const proxied = await server({ TRUST_PROXY: '1' });
    await addStaff(proxied.app, 'nurse.lee@clinic.example.org');
    const from = (address: string, password: string) =>
      fetch(`${proxied.url}/staff/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Forwarded-For': address,
        },
        body: new URLSearchParams({ email: 'nurse.lee@clinic.example.org', password }).toString(),
      });
    for (let i = 0; i < 8; i += 1) await from('198.51.100.66', `stranger guess ${i}`);
    const refused = await from('198.51.100.66', PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const nurse = await from('203.0.113.5', PASSWORD);
    expect([nurse.status, nurse.headers.get('location')]).toEqual([303, '/staff']);
  });

  test('a disabled account cannot log in, and its open session ends at once', async () => {
    await addStaff(s.app, 'gone@clinic.example.org');
    const nurse = await StaffClient.logIn(s.url, 'gone@clinic.example.org');
    expect(await s.app.store.staff.setDisabled('gone@clinic.example.org', true)).toBe(true);
    expect((await nurse.get('me')).status).toBe(401);
    const again = await logInForm(s.url, 'gone@clinic.example.org', PASSWORD);
    expect(again.status).toBe(401);
    expect(again.body).toContain('That email and password do not match.');
  });

  test('logging out ends the session', async () => {
    await addStaff(s.app, 'leaving@clinic.example.org');
    const nurse = await StaffClient.logIn(s.url, 'leaving@clinic.example.org');
    expect((await nurse.post('logout')).status).toBe(200);
    expect((await nurse.get('me')).status).toBe(401);
  });

  test('logging out also tells the browser to drop the cookie', async () => {
    await addStaff(s.app, 'dropping@clinic.example.org');
    const nurse = await StaffClient.logIn(s.url, 'dropping@clinic.example.org');
    const res = await fetch(`${s.url}/api/staff/logout`, {
      method: 'POST',
      headers: { Cookie: nurse.cookie, 'X-CSRF-Token': nurse.csrf },
    });
    expect(res.status).toBe(200);
    // StaffAuth.clearedCookie() exists for this, but the logout route never sends it.
    expect(res.headers.get('set-cookie') ?? '').toMatch(/^faqbot_staff=;.*Max-Age=0/);
  });
});

describe('the loop: queue, claim, reply, resolve', () => {
  let s: Running;
  let nurse: StaffClient;
  let colleague: StaffClient;

  beforeAll(async () => {
    s = await server();
    await addStaff(s.app, 'nurse@clinic.example.org');
    await addStaff(s.app, 'colleague@clinic.example.org');
    [nurse, colleague] = await Promise.all([
      StaffClient.logIn(s.url, 'nurse@clinic.example.org'),
      StaffClient.logIn(s.url, 'colleague@clinic.example.org'),
    ]);
  });

  test('an English web-chat patient is taken over by staff, answered, and handed back', async () => {
    const asker = await WebChatPatient.start(s.url);
    await asker.say('I want to talk to a person');
    const scared = await WebChatPatient.start(s.url);
    await scared.say('I have chest pain');

    // The emergency first, though it came second; each with what staff need to triage.
    const queue = await nurse.get<{ items: QueueItem[] }>('queue');
    expect(queue.status).toBe(200);
    expect(queue.body.items).toEqual([
      expect.objectContaining({
        conversationId: scared.conversationId,
        priority: 'urgent',
        reason: 'emergency',
        channel: 'directline',
        lang: 'en',
        status: 'open',
        lastPatientMessage: 'I have chest pain',
      }),
      expect.objectContaining({
        conversationId: asker.conversationId,
        priority: 'normal',
        reason: 'human',
        channel: 'directline',
        lang: 'en',
        status: 'open',
        lastPatientMessage: 'I want to talk to a person',
      }),
    ]);

    const id = asker.conversationId;
    const claimed = await nurse.post<Conversation['owner']>(`conversations/${id}/claim`);
    expect(claimed).toEqual({
      status: 200,
      body: { owner: { owner: 'staff', staffId: nurse.member.id } },
    });
    expect(fromStaff(await asker.history())).toEqual([JOINED_EN]);

    // Someone else cannot take it, answer in it, or hand it back.
    expect((await colleague.post(`conversations/${id}/claim`)).status).toBe(409);
    expect((await colleague.post(`conversations/${id}/reply`, { text: 'me too' })).status).toBe(
      403,
    );
    expect((await colleague.post(`conversations/${id}/resolve`)).status).toBe(403);

    // While staff own it the bot is silent: the message is only recorded.
    const waiting = await asker.say('hello? is anyone there');
    expect(await asker.after(waiting)).toEqual([]);
    const seen = await nurse.get<Conversation>(`conversations/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.owner).toEqual({ owner: 'staff', staffId: nurse.member.id, name: 'nurse' });
    expect(seen.body.transcript.map((l) => [l.from, l.text]).slice(-2)).toEqual([
      ['staff', JOINED_EN],
      ['patient', 'hello? is anyone there'],
    ]);
    expect(seen.body.handoffs).toEqual([
      {
        staffId: nurse.member.id,
        staffName: 'nurse',
        startedAt: expect.any(String),
        endedAt: null,
      },
    ]);

    const answer = 'Hi, this is the nurse. Yes, I can help you with that.';
    expect(await nurse.post(`conversations/${id}/reply`, { text: answer })).toEqual({
      status: 200,
      body: { delivered: true },
    });
    const replied = (await asker.history()).at(-1);
    expect(replied).toMatchObject({ type: 'message', text: answer, from: { id: 'staff' } });
    expect((await nurse.post(`conversations/${id}/reply`, { text: '   ' })).status).toBe(400);

    const resolved = await nurse.post<Conversation['owner']>(`conversations/${id}/resolve`);
    expect(resolved).toEqual({
      status: 200,
      body: { owner: { owner: 'bot', staffId: null }, answeredByBot: false },
    });
    expect((await asker.history()).at(-1)?.text).toContain(RESOLVED_EN);

    // The bot answers again, and the conversation has left the queue.
    const question = await asker.say('how long does it take');
    const botAgain = await asker.after(question);
    expect(botAgain).toEqual([['bot', expect.stringContaining(DURATION_EN)]]);
    const left = await nurse.get<{ items: QueueItem[] }>('queue');
    expect(left.body.items.map((i) => i.conversationId)).toEqual([scared.conversationId]);

    const after = await nurse.get<Conversation>(`conversations/${id}`);
    expect(after.body.handoffs).toEqual([
      {
        staffId: nurse.member.id,
        staffName: 'nurse',
        startedAt: expect.any(String),
        endedAt: expect.any(String),
      },
    ]);
    const [handoff] = after.body.handoffs;
    expect(handoff.endedAt! >= handoff.startedAt).toBe(true);
    expect(after.body.transcript.map((l) => l.from)).toEqual(
      expect.arrayContaining(['patient', 'bot', 'staff']),
    );
  });

  test('a Spanish conversation is handed back in Spanish, and the bot answers in Spanish', async () => {
    const patient = await WebChatPatient.start(s.url, 'es');
    await patient.say('quiero hablar con una persona');
    const id = patient.conversationId;
    const item = (await nurse.get<{ items: QueueItem[] }>('queue')).body.items.find(
      (i) => i.conversationId === id,
    );
    expect(item).toMatchObject({ lang: 'es', reason: 'human', channel: 'directline' });

    expect((await nurse.post(`conversations/${id}/claim`)).status).toBe(200);
    expect(fromStaff(await patient.history())).toEqual([
      'Una persona de nuestro personal se unió a la conversación y le responderá aquí.',
    ]);
    const asked = await patient.say('¿me puede llamar?');
    expect(await patient.after(asked)).toEqual([]);
    expect(
      (await nurse.post(`conversations/${id}/reply`, { text: 'Sí, la llamo hoy.' })).status,
    ).toBe(200);
    expect((await nurse.post(`conversations/${id}/resolve`)).status).toBe(200);
    const told = (await patient.history()).at(-1);
    expect(told?.from.id).toBe('staff');
    expect(told?.text).toContain(RESOLVED_ES);

    const question = await patient.say('¿cuánto dura el procedimiento?');
    expect(await patient.after(question)).toEqual([['bot', expect.stringContaining(DURATION_ES)]]);
  });

  test('a question sent while staff had the chat, left unanswered, is answered after Resolve', async () => {
    const patient = await WebChatPatient.start(s.url);
    await patient.say('I want to talk to a person');
    const id = patient.conversationId;
    expect((await nurse.post(`conversations/${id}/claim`)).status).toBe(200);
    const asked = await patient.say('how long does it take');
    expect(await patient.after(asked)).toEqual([]);

    // Staff finish without answering it: the patient is told, then the bot answers it.
    const resolved = await nurse.post<{ answeredByBot: boolean }>(`conversations/${id}/resolve`);
    expect(resolved.body.answeredByBot).toBe(true);
    const said = await patient.after(asked);
    expect(said).toEqual([
      ['staff', expect.stringContaining(RESOLVED_EN)],
      ['bot', expect.stringContaining(DURATION_EN)],
    ]);
    // The question is in the transcript once, with the answer after it.
    const seen = await nurse.get<Conversation>(`conversations/${id}`);
    const lines = seen.body.transcript.map((l) => [l.from, l.text]);
    expect(lines.filter(([, text]) => text === 'how long does it take')).toHaveLength(1);
    expect(lines.at(-1)).toEqual(['bot', expect.stringContaining(DURATION_EN)]);

    // A question the bot cannot answer goes back to the queue rather than nowhere.
    const second = await WebChatPatient.start(s.url);
    await second.say('I want to talk to a person');
    expect((await nurse.post(`conversations/${second.conversationId}/claim`)).status).toBe(200);
    await second.say('can I bring my dog to the recovery room');
    await nurse.post(`conversations/${second.conversationId}/resolve`);
    const queue = await nurse.get<{ items: QueueItem[] }>('queue');
    expect(queue.body.items.find((i) => i.conversationId === second.conversationId)).toMatchObject({
      status: 'open',
      lastPatientMessage: 'can I bring my dog to the recovery room',
    });
  });

  test('a reply to a web patient who has left says it is not seen yet, until they come back', async () => {
    const patient = await WebChatPatient.start(s.url);
    await patient.say('I want to talk to a person');
    const id = patient.conversationId;
    // The patient closes the page; staff answer later.
    const reply = 'Hello, this is the nurse: I can call you tomorrow morning.';
    expect((await nurse.post(`conversations/${id}/reply`, { text: reply })).status).toBe(200);
    const staffLine = async () =>
      (await nurse.get<Conversation>(`conversations/${id}`)).body.transcript.find(
        (l) => l.text === reply,
      ) as unknown as { delivery: { state: string; reason: string | null } };
    expect((await staffLine()).delivery).toEqual({
      state: 'sent',
      reason: expect.stringContaining('not seen yet'),
    });

    // The next visit: the widget reads its history, the reply among it.
    expect(fromStaff(await patient.history())).toContain(reply);
    expect((await staffLine()).delivery).toEqual({ state: 'delivered', reason: null });
  });

  test('two staff claiming at once: exactly one gets it', async () => {
    const patient = await WebChatPatient.start(s.url);
    await patient.say('I want to talk to a person');
    const id = patient.conversationId;
    const answers = await Promise.all([
      nurse.post(`conversations/${id}/claim`),
      colleague.post(`conversations/${id}/claim`),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const seen = await nurse.get<Conversation>(`conversations/${id}`);
    expect(seen.body.handoffs).toHaveLength(1);
    expect(fromStaff(await patient.history())).toEqual([JOINED_EN]);
  });

  test('an emergency while staff hold the conversation still gets the emergency reply at once', async () => {
    // DESIGN.md, one turn: "safety check (emergency first) -> if staff own the conversation,
    // record and forward to staff"; the emergency reply comes "before anything else".
    const patient = await WebChatPatient.start(s.url);
    await patient.say('I want to talk to a person');
    expect((await nurse.post(`conversations/${patient.conversationId}/claim`)).status).toBe(200);
    const said = await patient.say("I can't breathe");
    expect(await patient.after(said)).toEqual([['bot', expect.stringContaining('911')]]);
  });

  test('an unknown conversation is 404 for every action', async () => {
    expect((await nurse.get('conversations/c_nope')).status).toBe(404);
    for (const action of ['claim', 'reply', 'resolve', 'reveal-number'])
      expect((await nurse.post(`conversations/c_nope/${action}`, { text: 'x' })).status).toBe(404);
  });
});

describe('SMS conversations: masked numbers and the audit log', () => {
  let s: Running;
  let twilio: TwilioStandIn;
  let admin: StaffClient;
  let nurse: StaffClient;

  beforeAll(async () => {
    twilio = await new TwilioStandIn().start();
    s = await server(twilioEnv({ TWILIO_API_BASE: twilio.url, SMS_SENDS_PER_SECOND: '50' }));
    await addStaff(s.app, 'admin@clinic.example.org', 'admin');
    await addStaff(s.app, 'sms-nurse@clinic.example.org');
    [admin, nurse] = await Promise.all([
      StaffClient.logIn(s.url, 'admin@clinic.example.org'),
      StaffClient.logIn(s.url, 'sms-nurse@clinic.example.org'),
    ]);
  });

  afterAll(async () => {
    await twilio?.close();
  });

  test('viewing, revealing, replying and resolving are all audited; the number is masked until revealed', async () => {
    const phone = newPatientNumber();
    const text = smsLine(s.url, localhostOf(s.url));
    expect((await text(phone, 'I want to talk to a person')).status).toBe(200);
    const id = await conversationIdOf(s.app.store, phone);
    const item = (await nurse.get<{ items: QueueItem[] }>('queue')).body.items.find(
      (i) => i.conversationId === id,
    );
    expect(item).toMatchObject({ channel: 'sms', reason: 'human', lang: 'en' });
    // The queue names the conversation, never the phone number.
    expect(JSON.stringify(item)).not.toContain(phone.slice(2));

    const viewed = await nurse.get<Conversation>(`conversations/${id}`);
    expect(viewed.status).toBe(200);
    expect(viewed.body.number).toBe(`${phone.slice(0, 2)} ••• ••• ${phone.slice(-4)}`);
    expect(JSON.stringify(viewed.body)).not.toContain(phone.slice(2));

    const revealed = await nurse.post<{ number: string }>(`conversations/${id}/reveal-number`);
    expect(revealed).toEqual({ status: 200, body: { number: phone } });

    expect((await nurse.post(`conversations/${id}/claim`)).status).toBe(200);
    const reply = 'This is the clinic nurse. I will call you in ten minutes.';
    expect((await nurse.post(`conversations/${id}/reply`, { text: reply })).status).toBe(200);
    // The reply leaves by SMS through the outbox, to the patient's own number.
    await waitFor('the reply to reach Twilio', () =>
      twilio.accepted.some((r) => r.form.Body === reply),
    );
    expect(twilio.accepted.find((r) => r.form.Body === reply)?.form.To).toBe(phone);
    // A question after the reply, left unanswered: answered by SMS once staff finish.
    expect((await text(phone, 'how long does it take')).status).toBe(200);
    expect((await nurse.post(`conversations/${id}/resolve`)).status).toBe(200);
    await waitFor('the answer to reach Twilio', () =>
      twilio.accepted.some((r) => r.form.Body.includes(DURATION_EN)),
    );
    expect(twilio.accepted.find((r) => r.form.Body.includes(DURATION_EN))?.form.To).toBe(phone);

    // Only admins read the audit log.
    expect((await nurse.get('audit')).status).toBe(403);
    const audit = await admin.get<{ entries: AuditRow[] }>(`audit?conversation=${id}`);
    expect(audit.status).toBe(200);
    const actions = audit.body.entries
      .map((e) => [e.staffId, e.action, e.conversationId])
      .reverse();
    expect(actions).toEqual([
      [nurse.member.id, 'view-conversation', id],
      [nurse.member.id, 'reveal-number', id],
      [nurse.member.id, 'claim', id],
      [nurse.member.id, 'reply', id],
      [nurse.member.id, 'resolve', id],
    ]);
    // The admin's own look is audited too.
    await admin.get(`conversations/${id}`);
    const mine = await admin.get<{ entries: AuditRow[] }>(
      `audit?staff=${admin.member.id}&action=view-conversation`,
    );
    expect(mine.body.entries).toEqual([
      expect.objectContaining({ staffId: admin.member.id, conversationId: id }),
    ]);
    // And the log itself never holds the number or the message text.
    expect(JSON.stringify(audit.body)).not.toContain(phone.slice(2));
    expect(JSON.stringify(audit.body)).not.toContain(reply);
  });

  test('the audit log pages back from the newest entry, and a bad page is refused with a reason', async () => {
    // A few audited looks of the admin's own, newest first: one per conversation, however
    // often the console refreshes it.
    for (let i = 0; i < 5; i++) {
      const patient = await WebChatPatient.start(s.url);
      await patient.say('I want to talk to a person');
      for (let j = 0; j < 3; j++) await admin.get(`conversations/${patient.conversationId}`);
      const views = await admin.get<{ entries: AuditRow[] }>(
        `audit?conversation=${patient.conversationId}&action=view-conversation`,
      );
      expect(views.body.entries).toHaveLength(1);
    }
    const all = await admin.get<{ entries: AuditRow[]; next: number | null }>(
      `audit?staff=${admin.member.id}&limit=1000`,
    );
    const pages: AuditRow[] = [];
    let url = `audit?staff=${admin.member.id}&limit=2`;
    for (;;) {
      const page = await admin.get<{ entries: AuditRow[]; next: number | null }>(url);
      expect(page.status).toBe(200);
      expect(page.body.entries.length).toBeLessThanOrEqual(2);
      pages.push(...page.body.entries);
      if (page.body.next === null) break;
      url = `audit?staff=${admin.member.id}&limit=2&before=${page.body.next}`;
    }
    // Every entry once, in the same order as in one long page.
    expect(pages).toEqual(all.body.entries);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const bad of ['limit=0', 'limit=5000', 'limit=abc', 'before=-1', 'before=1e3']) {
      const refused = await admin.get<{ error: { message: string } }>(`audit?${bad}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/whole number/);
    }
  });

  test('a web-chat conversation has no number to reveal', async () => {
    const patient = await WebChatPatient.start(s.url);
    await patient.say('I want to talk to a person');
    const seen = await nurse.get<Conversation>(`conversations/${patient.conversationId}`);
    expect(seen.body.number).toBeNull();
    expect((await nurse.post(`conversations/${patient.conversationId}/reveal-number`)).status).toBe(
      404,
    );
  });
});

describe('live events', () => {
  let s: Running;

  beforeAll(async () => {
    s = await server();
    await addStaff(s.app, 'watcher@clinic.example.org');
  });

  test('GET /api/staff/events streams a queue event when a patient escalates', async () => {
    const nurse = await StaffClient.logIn(s.url, 'watcher@clinic.example.org');
    const abort = new AbortController();
    const res = await fetch(`${s.url}/api/staff/events`, {
      headers: { Cookie: nurse.cookie, Accept: 'text/event-stream' },
      signal: abort.signal,
    });
    try {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      const read = async (until: (s: string) => boolean) => {
        while (!until(received)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`the stream ended; it said: ${received}`);
          received += decoder.decode(value, { stream: true });
        }
      };
      await read((r) => r.includes(': connected'));
      expect(received).not.toContain('event: queue');

      const patient = await WebChatPatient.start(s.url);
      await patient.say('I want to talk to a person');
      await read((r) => /event: queue\ndata: \{"type":"queue"\}\n\n/.test(r));
      expect(received).toContain(
        `event: conversation\ndata: ${JSON.stringify({ type: 'conversation', conversationId: patient.conversationId, urgent: false })}`,
      );
    } finally {
      abort.abort();
    }
  });
});
