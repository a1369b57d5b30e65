import { startServer, type Running } from '../../support/server';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CLINIC_NUMBER,
  TwilioStandIn,
  conversationIdOf,
  created,
  localhostOf,
  newPatientNumber,
  postForm,
  sleep,
  smsLine,
  twilioEnv,
  twilioError,
  waitFor,
  type Answer,
} from '../../fixtures/sms/twilio';

// Later messages (staff replies) leave through the durable outbox and the real `twilio` client,
// pointed by TWILIO_API_BASE at a local stand-in that speaks Twilio's REST shape.
jest.setTimeout(60_000);

const MAX_ATTEMPTS = 4;
const RETRY_BASE_MS = 50;

const twilio = new TwilioStandIn();
let service: Running;

beforeAll(async () => {
  await twilio.start();
  service = await startServer(
    twilioEnv({
      TWILIO_API_BASE: twilio.url,
      SMS_SENDS_PER_SECOND: '20',
      SMS_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      SMS_RETRY_BASE_MS: String(RETRY_BASE_MS),
    }),
  );
});

afterAll(async () => {
  await service?.close();
  await twilio.close();
});

/** A patient who has texted the clinic, so the service knows their number. */
async function patientOf(r: Running): Promise<{ number: string; conversationId: string }> {
  const number = newPatientNumber();
  const reply = await smsLine(r.url, localhostOf(r.url))(number, 'how long does it take');
  expect(reply.status).toBe(200);
  return { number, conversationId: await conversationIdOf(r.app.store, number) };
}

/** Enqueues a message and waits until the outbox has finished with it, sent or given up. */
async function send(r: Running, conversationId: string, body: string) {
  const id = await r.app.store.sms.enqueue(conversationId, body);
  const row = async () =>
    (await r.app.store.sms.outboxOf(conversationId)).find((m) => m.id === id)!;
  await waitFor(`outbox message ${id} to settle`, async () =>
    ['sent', 'failed'].includes((await row()).status),
  );
  // Long enough for several more retries, had any been (wrongly) scheduled.
  await sleep(RETRY_BASE_MS * 8);
  return row();
}

const fail = (status: number, code: number, message: string) => () =>
  twilioError(status, code, message);

describe('the outbox through the twilio client', () => {
  test('a message reaches Twilio once, to the patient, from the clinic number', async () => {
    const patient = await patientOf(service);
    const body = 'Hello from the clinic: your appointment is confirmed.';
    const row = await send(service, patient.conversationId, body);
    expect(twilio.of(body)).toHaveLength(1);
    const [request] = twilio.of(body);
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
    expect(request.form).toEqual({
      To: patient.number,
      From: CLINIC_NUMBER,
      Body: body,
      StatusCallback: `${localhostOf(service.url)}/api/sms/status`,
    });
    expect(row).toMatchObject({ status: 'sent', attempts: 1, twilioSid: request.reply.sid });
  });

  test('429, then 500, then 201: retried with growing delays and delivered once', async () => {
    const patient = await patientOf(service);
    const body = 'Retried message';
    twilio.script({
      [body]: [fail(429, 20429, 'Too Many Requests'), fail(500, 20500, 'Internal Server Error')],
    });
    const row = await send(service, patient.conversationId, body);
    const requests = twilio.of(body);
    expect(requests.map((r) => r.status)).toEqual([429, 500, 201]);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(RETRY_BASE_MS - 5);
    expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(2 * RETRY_BASE_MS - 5);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, twilioSid: requests[2].reply.sid });
  });

  const permanent: [string, Answer, string][] = [
    [
      '21610: the patient opted out',
      twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'),
      'Twilio 400, error 21610 (the patient texted STOP)',
    ],
    [
      '21211: not a valid phone number',
      twilioError(400, 21211, "The 'To' number +15551234567 is not a valid phone number."),
      "Twilio 400, error 21211 (not a valid 'To' number)",
    ],
  ];

  test.each(permanent)(
    '%s: given up at once, with the reason, never retried',
    async (_w, a, reason) => {
      const patient = await patientOf(service);
      const body = `Permanent ${a.body.code}`;
      twilio.script({ [body]: [() => a, () => a, () => a] });
      const row = await send(service, patient.conversationId, body);
      expect(twilio.of(body)).toHaveLength(1);
      expect(row).toMatchObject({ status: 'failed', attempts: 1, twilioSid: null });
      // The reason staff read: the code and its meaning, never Twilio's text with the number.
      expect(row.error).toBe(reason);
      expect(row.error).not.toMatch(/\+?1555/);
    },
  );

  test(`503 every time: given up after SMS_MAX_ATTEMPTS (${MAX_ATTEMPTS})`, async () => {
    const patient = await patientOf(service);
    const body = 'Twilio is down';
    const down = fail(503, 20503, 'Service Unavailable');
    twilio.script({ [body]: Array.from({ length: 20 }, () => down) });
    const row = await send(service, patient.conversationId, body);
    expect(twilio.of(body).map((r) => r.status)).toEqual(Array(MAX_ATTEMPTS).fill(503));
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(row.error).toBe(`gave up after ${MAX_ATTEMPTS} attempts; last: Twilio 503, error 20503`);
  });
});

describe('delivery reports: POST /api/sms/status', () => {
  let patient: { number: string; conversationId: string };
  let sid: string;
  const statusUrl = () => `${localhostOf(service.url)}/api/sms/status`;
  const report = (status: string, extra: Record<string, string> = {}) => ({
    MessageSid: sid,
    SmsSid: sid,
    MessageStatus: status,
    SmsStatus: status,
    AccountSid: ACCOUNT_SID,
    From: CLINIC_NUMBER,
    To: patient.number,
    ApiVersion: '2010-04-01',
    ...extra,
  });
  const delivery = async () => (await service.app.store.sms.outboxOf(patient.conversationId))[0];

  beforeAll(async () => {
    patient = await patientOf(service);
    const row = await send(service, patient.conversationId, 'Your results are ready to discuss.');
    sid = row.twilioSid!;
  });

  test('unsigned or forged reports get 403 and change nothing', async () => {
    const target = `${service.url}/api/sms/status`;
    const unsigned = await postForm(target, report('delivered'), { signature: null });
    const forged = await postForm(target, report('delivered'), {
      signature: 'bm90IGEgc2lnbmF0dXJl',
    });
    expect([unsigned.status, forged.status]).toEqual([403, 403]);
    expect((await delivery()).delivery).toBeNull();
  });

  test('a signed "delivered" is recorded', async () => {
    const res = await postForm(`${service.url}/api/sms/status`, report('delivered'), {
      signedUrl: statusUrl(),
    });
    expect(res.status).toBe(204);
    expect(await delivery()).toMatchObject({ delivery: 'delivered', status: 'sent' });
  });

  test('a late "sent" that arrives after "delivered" does not undo it', async () => {
    // Twilio does not promise that status callbacks arrive in order.
    const res = await postForm(`${service.url}/api/sms/status`, report('sent'), {
      signedUrl: statusUrl(),
    });
    expect(res.status).toBe(204);
    expect((await delivery()).delivery).toBe('delivered');
  });

  test('"undelivered" with an error code records the code', async () => {
    const other = await patientOf(service);
    const row = await send(service, other.conversationId, 'Another message');
    const res = await postForm(
      `${service.url}/api/sms/status`,
      {
        ...report('undelivered', { ErrorCode: '30006' }),
        MessageSid: row.twilioSid!,
        To: other.number,
      },
      { signedUrl: statusUrl() },
    );
    expect(res.status).toBe(204);
    expect((await service.app.store.sms.outboxOf(other.conversationId))[0]).toMatchObject({
      delivery: 'undelivered',
      error: 'Twilio error 30006',
    });
  });
});

describe('the rate: SMS_SENDS_PER_SECOND=2', () => {
  const slowTwilio = new TwilioStandIn();
  let paced: Running;

  beforeAll(async () => {
    await slowTwilio.start();
    paced = await startServer(
      twilioEnv({
        TWILIO_API_BASE: slowTwilio.url,
        SMS_SENDS_PER_SECOND: '2',
        SMS_RETRY_BASE_MS: String(RETRY_BASE_MS),
      }),
    );
  });

  afterAll(async () => {
    await paced?.close();
    await slowTwilio.close();
  });

  const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]);

  async function sendFour(tag: string): Promise<number[]> {
    const patient = await patientOf(paced);
    const bodies = [1, 2, 3, 4].map((n) => `${tag} ${n}`);
    for (const body of bodies) await paced.app.store.sms.enqueue(patient.conversationId, body);
    await waitFor('four messages at Twilio', () =>
      bodies.every((b) => slowTwilio.of(b).length === 1),
    );
    return bodies.map((b) => slowTwilio.of(b)[0].at);
  }

  test('four queued messages reach Twilio at least ~450 ms apart', async () => {
    const at = await sendFour('paced');
    expect(gaps(at).filter((gap) => gap < 450)).toEqual([]);
  });

  test('the pace holds when Twilio is slow to answer', async () => {
    // One slow answer (1.3 s) must not let the sends that waited behind it go out in a burst.
    slowTwilio.answer = (form, received) =>
      form.Body === 'slow 1' && !received.some((r) => r.form.Body === 'slow 1')
        ? { ...created(form), delayMs: 1300 }
        : created(form);
    const at = await sendFour('slow');
    expect(gaps(at).filter((gap) => gap < 450)).toEqual([]);
  });
});
