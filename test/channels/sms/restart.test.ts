import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite, SqliteDriver } from '../../../src/storage/sql/sqliteDriver';
import { SqlStore } from '../../../src/storage/sql/store';
import { LocalBus } from '../../../src/storage/bus';
import { spawnServer, tempDataDir, type Spawned, killHard } from '../../support/server';
import {
  TwilioStandIn,
  conversationIdOf,
  created,
  freePort,
  newPatientNumber,
  sleep,
  smsLine,
  twilioEnv,
  twilioError,
  waitFor,
} from '../../fixtures/sms/twilio';

// The service as its own process, killed with messages still in its outbox, started again on the
// same data folder: every queued message reaches Twilio, and only once. Each start takes seconds.
jest.setTimeout(90_000);

const BODIES = [1, 2, 3, 4, 5].map((n) => `Staff reply number ${n}: please call us back.`);

const twilio = new TwilioStandIn();
const dataDir = tempDataDir();
const spawned: Spawned[] = [];
let store: SqlStore | undefined;
let port: number;

async function start(): Promise<Spawned> {
  const s = await spawnServer(
    dataDir,
    port,
    twilioEnv({
      TWILIO_API_BASE: twilio.url,
      SMS_SENDS_PER_SECOND: '20',
      // Long enough that, after the first refused attempt, nothing is in flight for a while.
      SMS_RETRY_BASE_MS: '1500',
      SMS_MAX_ATTEMPTS: '50',
    }),
  );
  // spawnServer reads stderr; keep stdout flowing too, so the child never blocks.
  s.child.stdout!.resume();
  spawned.push(s);
  return s;
}

beforeAll(async () => {
  await twilio.start();
  port = await freePort();
});

afterAll(async () => {
  for (const s of spawned) await killHard(s);
  await store?.close();
  await twilio.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('messages queued when the service is killed are all sent, once each, after a restart', async () => {
  twilio.answer = () => twilioError(503, 20503, 'Service Unavailable');
  const first = await start();

  // A patient texts in, so the service knows their number; then staff replies are queued.
  const patient = newPatientNumber();
  const reply = await smsLine(first.url, first.url)(patient, 'how long does it take');
  expect(reply.status).toBe(200);
  store = new SqlStore(
    new SqliteDriver(openSqlite(join(dataDir, 'faqbot.sqlite'))),
    new LocalBus(),
  );
  const conversationId = await conversationIdOf(store, patient);
  for (const body of BODIES) await store.sms.enqueue(conversationId, body);

  // Each tried once and refused: queued for a retry, none in flight.
  const rows = () => store!.sms.outboxOf(conversationId);
  await waitFor('every message tried once', async () =>
    (await rows()).every((m) => m.status === 'queued' && m.attempts === 1),
  );
  await killHard(first);
  expect((await rows()).map((m) => [m.body, m.status])).toEqual(BODIES.map((b) => [b, 'queued']));
  expect(twilio.accepted).toHaveLength(0);

  twilio.answer = created;
  await start();
  await waitFor(
    'every message sent',
    async () => (await rows()).every((m) => m.status === 'sent'),
    30_000,
  );
  // Time for any duplicate to show up.
  await sleep(2000);
  const perBody = Object.fromEntries(
    BODIES.map((b) => [b, twilio.of(b).filter((r) => r.status === 201).length]),
  );
  expect(perBody).toEqual(Object.fromEntries(BODIES.map((b) => [b, 1])));
  expect(twilio.accepted).toHaveLength(BODIES.length);
  expect(twilio.accepted.every((r) => r.form.To === patient)).toBe(true);
});

test('a message in flight when the service is killed is not sent again, and says why', async () => {
  // Twilio got it but the service never heard back: resending could reach the patient twice.
  const body = 'In flight at the kill';
  twilio.answer = (form) =>
    form.Body === body ? { ...created(form), delayMs: 5000 } : created(form);
  const patient = newPatientNumber();
  const running = spawned[spawned.length - 1];
  expect((await smsLine(running.url, running.url)(patient, 'hi')).status).toBe(200);
  const conversationId = await conversationIdOf(store!, patient);
  await store!.sms.enqueue(conversationId, body);
  await waitFor('the message to reach Twilio', () => twilio.of(body).length === 1);
  expect((await store!.sms.outboxOf(conversationId))[0].status).toBe('sending');
  await killHard(running);

  await start();
  await sleep(1500);
  expect(twilio.of(body)).toHaveLength(1);
  expect((await store!.sms.outboxOf(conversationId))[0]).toMatchObject({
    status: 'failed',
    error: expect.stringContaining('interrupted'),
  });
});
