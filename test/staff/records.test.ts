import { startServer, type Running } from '../support/server';
import { addStaff, StaffClient, WebChatPatient } from '../fixtures/staff/staff';

// Past conversations, the CSV exports and the audit log through the JSON API, as the console
// pages use it; and what the patient is told when staff reply without pressing Claim.

let server: Running;
let nurse: StaffClient;
let admin: StaffClient;

beforeAll(async () => {
  server = await startServer();
  const n = await addStaff(server.app, 'nurse@clinic.test', 'staff');
  await server.app.store.staff.setDisplayName(n.id, 'Nora Diaz');
  await addStaff(server.app, 'admin@clinic.test', 'admin');
  nurse = await StaffClient.logIn(server.url, 'nurse@clinic.test');
  admin = await StaffClient.logIn(server.url, 'admin@clinic.test');
}, 60_000);

afterAll(() => server.close());

interface Page {
  items: { conversationId: string; outcome: string; firstMessage: string }[];
  next: string | null;
}

async function csv(client: StaffClient, path: string) {
  const res = await fetch(`${server.url}/api/staff/export/${path}`, {
    headers: { Cookie: client.cookie },
  });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

test('a reply without Claim takes the conversation and tells the patient a person joined', async () => {
  const patient = await WebChatPatient.start(server.url);
  await patient.say('can I talk to someone please');
  const sent = await nurse.post(`conversations/${patient.conversationId}/reply`, {
    text: 'Hi, Nora here.',
  });
  expect(sent.status).toBe(200);
  const staffSaid = (await patient.history()).filter((a) => a.from.id === 'staff');
  expect(staffSaid.map((a) => [a.from.name, a.text, a.channelData])).toEqual([
    ['Nora Diaz', expect.stringMatching(/has joined the conversation/), { staff: true }],
    ['Nora Diaz', 'Hi, Nora here.', { staff: true }],
  ]);
  const queue = await nurse.get<{ items: { conversationId: string; claimedByName: string }[] }>(
    'queue',
  );
  expect(queue.body.items.find((i) => i.conversationId === patient.conversationId)).toMatchObject({
    claimedByName: 'Nora Diaz',
  });
  const audit = await admin.get<{ entries: { action: string; staffEmail: string }[] }>(
    `audit?conversation=${patient.conversationId}`,
  );
  expect(audit.body.entries.map((e) => [e.action, e.staffEmail])).toEqual([
    ['reply', 'nurse@clinic.test'],
    ['claim', 'nurse@clinic.test'],
  ]);
  await nurse.post(`conversations/${patient.conversationId}/resolve`);
});

test('history: past conversations, searched and filtered, each view audited once', async () => {
  const patient = await WebChatPatient.start(server.url, 'es');
  await patient.say('¿Cuánto dura el procedimiento?');
  const found = await nurse.get<Page>(`history?text=${encodeURIComponent('CUANTO dura')}`);
  expect(found.status).toBe(200);
  expect(found.body.items.map((i) => [i.conversationId, i.outcome])).toEqual([
    [patient.conversationId, 'answered'],
  ]);
  const resolved = await nurse.get<Page>('history?outcome=staff');
  expect(resolved.body.items.length).toBeGreaterThanOrEqual(1);
  expect((await nurse.get<Page>('history?lang=es&channel=sms')).body.items).toEqual([]);
  for (const bad of ['outcome=maybe', 'lang=fr', 'from=yesterday', 'limit=0', 'text=a&text=b']) {
    const refused = await nurse.get<{ error: { message: string } }>(`history?${bad}`);
    expect([bad, refused.status]).toEqual([bad, 400]);
    expect(refused.body.error.message).toMatch(/\w/);
  }
  expect((await fetch(`${server.url}/api/staff/history`)).status).toBe(401);
});

test('CSV exports are for admins, audited, escaped, and neutralise spreadsheet formulas', async () => {
  const patient = await WebChatPatient.start(server.url);
  await patient.say('=HYPERLINK("http://evil.example","click"), and "quotes"');
  expect((await csv(nurse, 'conversations.csv')).status).toBe(403);
  expect((await csv(nurse, 'unanswered.csv')).status).toBe(403);

  const all = await csv(admin, 'conversations.csv');
  expect(all.status).toBe(200);
  expect(all.type).toBe('text/csv; charset=utf-8');
  const lines = all.body.replace(/^\ufeff/, '').split('\r\n');
  expect(lines[0]).toBe('conversation,started,channel,language,outcome,at,from,text');
  // One row a message; the formula is text, the quotes doubled.
  expect(lines).toContainEqual(
    expect.stringMatching(
      new RegExp(
        `^${patient.conversationId},[^,]+,directline,en,\\w+,[^,]+,patient,"'=HYPERLINK\\(""http://evil.example"",""click""\\), and ""quotes"""$`,
      ),
    ),
  );
  const unanswered = await csv(admin, 'unanswered.csv');
  expect(unanswered.body.replace(/^\ufeff/, '').split('\r\n')[0]).toBe(
    'at,conversation,channel,language,reason,topic,question,bot considered,status',
  );
  const audit = await admin.get<{ entries: { action: string; detail: string }[] }>(
    'audit?email=admin@clinic.test',
  );
  expect(audit.body.entries.map((e) => e.action)).toEqual(
    expect.arrayContaining(['export-conversations', 'export-unanswered']),
  );
});

test('the audit log names staff by email and filters by email and date', async () => {
  const byEmail = await admin.get<{ entries: { staffEmail: string }[] }>(
    'audit?email=NURSE@clinic.test',
  );
  expect(byEmail.body.entries.length).toBeGreaterThan(0);
  expect(new Set(byEmail.body.entries.map((e) => e.staffEmail))).toEqual(
    new Set(['nurse@clinic.test']),
  );
  expect((await admin.get<{ entries: unknown[] }>('audit?to=2000-01-01')).body.entries).toEqual([]);
  expect((await nurse.get('audit')).status).toBe(403);
});
