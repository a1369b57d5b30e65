import { openPgStore } from '../../src/storage/open';
import type { SqlStore } from '../../src/storage/sql/store';
import {
  TwilioStandIn,
  conversationIdOf,
  inbound,
  localhostOf,
  messagesOf,
  newPatientNumber,
  postForm,
  twilioEnv,
  waitFor,
} from '../fixtures/sms/twilio';
import { WebChatPatient } from '../fixtures/staff/staff';
import { createTestDatabase } from '../support/postgres';
import { startServer, type Running } from '../support/server';
import { TcpProxy } from '../support/tcpProxy';

// The database goes away under a running service (PostgreSQL behind a proxy the test cuts):
// the SMS webhook answers 503 so Twilio retries, web chat gets 503 so the widget resends,
// /readyz fails, and once the database is back the service carries on by itself.

jest.setTimeout(60_000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let proxy: TcpProxy;
let running: Running;
let store: SqlStore;
const twilio = new TwilioStandIn();

beforeAll(async () => {
  await twilio.start();
  db = await createTestDatabase();
  const target = new URL(db.url);
  proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  running = await startServer(
    twilioEnv({ DATABASE_URL: viaProxy.toString(), TWILIO_API_BASE: twilio.url }),
  );
  // The test's own look at the data goes straight to the database.
  store = await openPgStore(db.url, 2, () => undefined);
});

afterAll(async () => {
  await running?.close();
  await proxy?.close();
  await store?.close();
  await db?.drop();
  await twilio.close();
});

const sms = (params: Record<string, string>) =>
  postForm(`${running.url}/api/sms`, params, { signedUrl: `${localhostOf(running.url)}/api/sms` });

test('database gone: 503 for SMS and web chat, /readyz fails; back: it recovers, nothing lost', async () => {
  const patient = newPatientNumber();
  const chat = await WebChatPatient.start(running.url);
  expect((await sms(inbound(patient, 'hi'))).status).toBe(200);
  expect((await fetch(`${running.url}/readyz`)).status).toBe(200);

  proxy.cut();
  const message = inbound(patient, 'how long does the procedure take');
  const refused = await sms(message);
  expect(refused.status).toBe(503);
  expect(refused.retryAfter).toBe('5');
  expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'StorageUnavailable' } });
  await expect(chat.say('where does the catheter go in')).rejects.toThrow(/503/);
  const ready = await fetch(`${running.url}/readyz`);
  expect(ready.status).toBe(503);
  // Alive all the same: a load balancer keeps it and waits.
  expect((await fetch(`${running.url}/healthz`)).status).toBe(200);

  proxy.restore();
  await waitFor(
    '/readyz to pass again',
    async () => (await fetch(`${running.url}/readyz`)).status === 200,
    20_000,
  );
  // Twilio's retry of the refused message is answered, and the message is kept once.
  const retried = await sms(message);
  expect(retried.status).toBe(200);
  expect(messagesOf(retried.body).join(' ')).toMatch(/duration/i);
  const conversationId = await conversationIdOf(store, patient);
  const said = (await store.transcriptOf(conversationId)).filter((l) => l.from === 'patient');
  expect(said.map((l) => l.text)).toEqual(['hi', 'how long does the procedure take']);
  // The widget's resend goes through too.
  const id = await chat.say('where does the catheter go in');
  expect((await chat.after(id))[0][0]).toBe('bot');
});
