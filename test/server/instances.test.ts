import WebSocket from 'ws';
import { openPgStore } from '../../src/storage/open';
import type { SqlStore } from '../../src/storage/sql/store';
import { PG_MIGRATIONS } from '../../src/storage/sql/migrations';
import { hashPassword } from '../../src/staff/passwords';
import {
  TwilioStandIn,
  conversationIdOf,
  freePort,
  inbound,
  messagesOf,
  newPatientNumber,
  postForm,
  sleep,
  twilioEnv,
  waitFor,
} from '../fixtures/sms/twilio';
import { PASSWORD, StaffClient, WebChatPatient } from '../fixtures/staff/staff';
import { createTestDatabase } from '../support/postgres';
import { killHard, spawnServer, tempDataDir, type Spawned } from '../support/server';

// Two service processes on one PostgreSQL database, as behind a load balancer with no sticky
// sessions: whatever a patient or staff member does on one, the other carries on.

jest.setTimeout(120_000);

const twilio = new TwilioStandIn();
// Both instances sit behind one public address, which is what Twilio signs.
const PUBLIC_URL = 'https://clinic.example.org';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let a: Spawned;
let b: Spawned;
let store: SqlStore;

beforeAll(async () => {
  await twilio.start();
  db = await createTestDatabase();
  const env = twilioEnv({
    DATABASE_URL: db.url,
    PUBLIC_URL,
    TWILIO_API_BASE: twilio.url,
    SMS_SENDS_PER_SECOND: '20',
  });
  // Started together: the schema is created once, whichever gets there first.
  const [portA, portB] = [await freePort(), await freePort()];
  [a, b] = await Promise.all([
    spawnServer(tempDataDir(), portA, env),
    spawnServer(tempDataDir(), portB, env),
  ]);
  store = await openPgStore(db.url, 2, () => undefined);
  await store.staff.addStaff('admin@clinic.example', 'admin', await hashPassword(PASSWORD), null);
});

afterAll(async () => {
  await Promise.all([a && killHard(a), b && killHard(b)]);
  await store?.close();
  await db?.drop();
  await twilio.close();
});

const sms = (url: string, params: Record<string, string>) =>
  postForm(`${url}/api/sms`, params, { signedUrl: `${PUBLIC_URL}/api/sms` });

test('the schema was created once although both instances started at the same time', async () => {
  const versions = await store.sql.all<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  // Each migration once, none twice: [1, 2, ...].
  expect(versions.map((v) => v.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
});

test('a web chat begun on one instance goes on through the other, with its history', async () => {
  const onA = await WebChatPatient.start(a.url);
  const first = await onA.say('how long does the procedure take');
  const onB = onA.via(b.url);
  const second = await onB.say('where does the catheter go in');
  const seenOnB = await onB.history();
  const seenOnA = await onA.history();
  expect(seenOnA.map((m) => m.id)).toEqual(seenOnB.map((m) => m.id));
  const ids = seenOnB.map((m) => m.id);
  expect(ids.indexOf(first)).toBeGreaterThanOrEqual(0);
  expect(ids.indexOf(second)).toBeGreaterThan(ids.indexOf(first));
  // Each question got its answer, from whichever instance took it.
  expect((await onB.after(first))[0][0]).toBe('bot');
  expect((await onA.after(second))[0][0]).toBe('bot');
  // Watermarks are the conversation's own, with no gap or repeat across the two instances.
  const seqs = ids.map((id) => Number(id.split('|')[1]));
  expect(new Set(seqs).size).toBe(seqs.length);
});

test("a staff reply made on one instance reaches the patient's widget open on the other", async () => {
  const patient = await WebChatPatient.start(a.url);
  // The widget's WebSocket is open on instance A.
  const { streamUrl } = (await (
    await fetch(`${a.url}/v3/directline/conversations/${patient.conversationId}`, {
      headers: { Authorization: `Bearer ${patient.token}` },
    })
  ).json()) as { streamUrl: string };
  const stream = new URL(streamUrl);
  const ws = new WebSocket(`ws://${new URL(a.url).host}${stream.pathname}${stream.search}`);
  const received: string[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { activities?: { text?: string }[] };
    for (const act of frame.activities ?? []) if (act.text) received.push(act.text);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  await patient.say('I want to talk to a person');

  // The staff member's console is served by instance B.
  const admin = await StaffClient.logIn(b.url, 'admin@clinic.example');
  await waitFor('the escalation in the queue on B', async () => {
    const q = await admin.get<{ items: { conversationId: string }[] }>('queue');
    return q.body.items.some((i) => i.conversationId === patient.conversationId);
  });
  expect((await admin.post(`conversations/${patient.conversationId}/claim`)).status).toBe(200);
  const reply = 'This is Dana from the clinic; I can help.';
  expect(
    (await admin.post(`conversations/${patient.conversationId}/reply`, { text: reply })).status,
  ).toBe(200);
  await waitFor('the reply on the WebSocket open on A', () => received.includes(reply), 10_000);
  ws.close();
});

test('a Twilio retry that reaches the other instance is answered the same and recorded once', async () => {
  const patient = newPatientNumber();
  const params = inbound(patient, 'how long does it take');
  const first = await sms(a.url, params);
  const retry = await sms(b.url, params);
  expect(first.status).toBe(200);
  expect(retry.body).toBe(first.body);
  expect(messagesOf(first.body).length).toBeGreaterThan(0);

  // And when retries arrive while the first is still being answered: three copies of each
  // message at once, on both instances.
  const racing = ['where does the catheter go in', 'what about covid', 'do I need to fast'].map(
    (text) => inbound(patient, text),
  );
  for (const params of racing) {
    const replies = await Promise.all(
      [a, b, a, b, a, b].map((instance) => sms(instance.url, params)),
    );
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
  }

  const conversationId = await conversationIdOf(store, patient);
  const said = (await store.transcriptOf(conversationId)).filter((l) => l.from === 'patient');
  expect(said.map((l) => l.text)).toEqual(['how long does it take', ...racing.map((p) => p.Body)]);
  const recorded = await store.sql.get<{ n: number }>(
    'SELECT COUNT(*) AS n FROM sms_inbound WHERE conversation_id = ?',
    [conversationId],
  );
  expect(recorded?.n).toBe(4);
});

test('the outbox sends each message once, however many instances run it', async () => {
  const patient = newPatientNumber();
  expect((await sms(a.url, inbound(patient, 'hi'))).status).toBe(200);
  const conversationId = await conversationIdOf(store, patient);
  const bodies = Array.from({ length: 30 }, (_, i) => `Staff note ${i + 1} for you.`);
  for (const body of bodies) await store.sms.enqueue(conversationId, body);
  await waitFor(
    'every message sent',
    async () => (await store.sms.outboxOf(conversationId)).every((m) => m.status === 'sent'),
    30_000,
  );
  // Time for a duplicate to show up.
  await sleep(1000);
  expect(bodies.map((body) => twilio.of(body).length)).toEqual(bodies.map(() => 1));
});

test('knowledge approved on one instance is answered on the other', async () => {
  const wording = 'how many moons until my zorblax visit ends';
  const patient = await WebChatPatient.start(b.url);
  const replyTo = async (text: string) => (await patient.after(await patient.say(text)))[0][1];
  const durationAnswer = await replyTo('how long does the procedure take');
  expect(await replyTo(wording)).not.toBe(durationAnswer);

  const admin = await StaffClient.logIn(a.url, 'admin@clinic.example');
  const draft = await admin.post<{ id: number }>('knowledge/changes', {
    kind: 'question',
    entryId: 'impella-duration',
    payload: { lang: 'en', question: wording },
  });
  expect(draft.status).toBe(201);
  expect((await admin.post(`knowledge/changes/${draft.body.id}/approve`)).status).toBe(200);

  // Instance B hears of it through the database and rebuilds its matcher, with no restart.
  await waitFor(
    'B to answer the new wording',
    async () => (await replyTo(wording)) === durationAnswer,
    15_000,
  );
});
