import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import restify, { type Server } from 'restify';
import { createBot } from '../../../src/core/createBot';
import { registerSms } from '../../../src/channels/sms/routes';
import { SmsWebhook } from '../../../src/channels/sms/webhook';
import { createTranslator } from '../../../src/i18n';
import { KNOWLEDGE_DIR, loadKnowledgeDir } from '../../../src/knowledge/load';
import { loadMatcherResources } from '../../../src/core/matcherResources';
import { openSqliteStore } from '../../../src/storage/open';
import type { SqlStore } from '../../../src/storage/sql/store';
import { tempDataDir } from '../../support/server';
import {
  AUTH_TOKEN,
  CLINIC_NUMBER,
  inbound,
  messagesOf,
  newPatientNumber,
  postForm,
} from '../../fixtures/sms/twilio';

// The per-number rate limit of POST /api/sms, on routes built here with the real bot and store,
// so the limit can be set (the service sets it from SMS_RATE_LIMIT_PER_MINUTE).

const ENGLISH_ANSWER =
  'The duration of the Impella procedure is variable: it is different for each patient.';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

interface Routes {
  url: string;
  store: SqlStore;
  webhook: SmsWebhook;
  logs: string[];
  close(): Promise<void>;
}

/** Restify with only the SMS routes, the real bot behind them, and the logs kept. */
async function smsRoutes(smsLimitPerMinute?: number): Promise<Routes> {
  const store = openSqliteStore(join(tempDataDir(), 'faqbot.sqlite'));
  const { bot } = createBot({
    knowledge: await loadKnowledgeDir(KNOWLEDGE_DIR, 3),
    resources: loadMatcherResources(),
    store,
    clinicName: 'Lakeside Heart Clinic',
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const server: Server = restify.createServer();
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  let url = '';
  const webhook = new SmsWebhook({
    store,
    authToken: AUTH_TOKEN,
    idKey: 'rate-limit-test-key',
    logic: (ctx) => bot.run(ctx),
    t: createTranslator(),
    clinicName: 'Lakeside Heart Clinic',
    maxSegments: 3,
    publicUrl: () => url,
  });
  registerSms(server, {
    webhook,
    store: store.sms,
    authToken: AUTH_TOKEN,
    publicUrl: () => url,
    log: pino({ level: 'info' }, sink),
    smsLimitPerMinute,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    store,
    webhook,
    logs,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

const text = (r: Routes, params: Record<string, string>) => postForm(`${r.url}/api/sms`, params);

async function patientLines(r: Routes, patient: string): Promise<string[]> {
  const lines = await r.store.transcriptOf(r.webhook.conversationId(patient, CLINIC_NUMBER));
  return lines.filter((l) => l.from === 'patient').map((l) => l.text);
}

describe('with the limit set to 3 a minute', () => {
  let r: Routes;

  beforeAll(async () => {
    r = await smsRoutes(3);
  });

  afterAll(async () => {
    await r.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  test('the 4th text in a minute is kept in the transcript and answered with an empty TwiML', async () => {
    const patient = newPatientNumber();
    for (let i = 1; i <= 3; i++) {
      const reply = await text(r, inbound(patient, 'how long does the procedure take'));
      expect(messagesOf(reply.body)).toEqual([ENGLISH_ANSWER]);
    }
    const over = await text(r, inbound(patient, 'and how long is the recovery?'));
    expect(over.status).toBe(200);
    expect(over.contentType).toMatch(/^text\/xml/);
    expect(over.body).toBe(EMPTY_TWIML);
    expect(await patientLines(r, patient)).toEqual([
      'how long does the procedure take',
      'how long does the procedure take',
      'how long does the procedure take',
      'and how long is the recovery?',
    ]);
  });

  test('a Twilio retry of a limited text gets the same empty reply and is kept once', async () => {
    const patient = newPatientNumber();
    for (let i = 0; i < 3; i++) await text(r, inbound(patient, `question ${i}`));
    const params = inbound(patient, 'one more question');
    expect((await text(r, params)).body).toBe(EMPTY_TWIML);
    expect((await text(r, params)).body).toBe(EMPTY_TWIML);
    const lines = await patientLines(r, patient);
    expect(lines.filter((l) => l === 'one more question')).toHaveLength(1);
  });

  test('the limit is per number: another patient is answered meanwhile', async () => {
    const busy = newPatientNumber();
    for (let i = 0; i < 4; i++) await text(r, inbound(busy, 'hello'));
    const other = await text(r, inbound(newPatientNumber(), 'how long does the procedure take'));
    expect(messagesOf(other.body)).toEqual([ENGLISH_ANSWER]);
  });

  test('over the limit, an emergency is still answered and STOP or PARAR still opt out', async () => {
    const patient = newPatientNumber();
    for (let i = 0; i < 3; i++) await text(r, inbound(patient, 'hello'));
    const emergency = await text(r, inbound(patient, 'I have chest pain'));
    expect(messagesOf(emergency.body).join(' ')).toContain('Call 911 now');
    const parar = await text(r, inbound(patient, 'PARAR'));
    expect(messagesOf(parar.body)).toHaveLength(1);
    const id = r.webhook.conversationId(patient, CLINIC_NUMBER);
    expect((await r.store.sms.contact(id))?.optedOut).toBe(true);
  });

  test('a minute later the number is answered again', async () => {
    const patient = newPatientNumber();
    for (let i = 0; i < 4; i++) await text(r, inbound(patient, 'hello'));
    const later = Date.now() + 61_000;
    jest.spyOn(Date, 'now').mockImplementation(() => later);
    const reply = await text(r, inbound(patient, 'how long does the procedure take'));
    expect(messagesOf(reply.body)).toEqual([ENGLISH_ANSWER]);
  });

  test('the log says which conversation went over, never the number or the words', async () => {
    r.logs.length = 0;
    const patient = newPatientNumber();
    for (let i = 0; i < 4; i++) await text(r, inbound(patient, 'my secret words'));
    const line = r.logs.find((l) => l.includes('rate limit'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      level: 40,
      conversationId: r.webhook.conversationId(patient, CLINIC_NUMBER),
    });
    const all = r.logs.join('\n');
    expect(all).not.toContain(patient);
    expect(all).not.toContain(patient.slice(1));
    expect(all).not.toContain('my secret words');
  });
});

test('without the option the limit is 20 a minute', async () => {
  const r = await smsRoutes();
  try {
    const patient = newPatientNumber();
    for (let i = 1; i <= 20; i++)
      expect(messagesOf((await text(r, inbound(patient, `question ${i}`))).body)).not.toEqual([]);
    expect((await text(r, inbound(patient, 'question 21'))).body).toBe(EMPTY_TWIML);
    expect(await patientLines(r, patient)).toHaveLength(21);
  } finally {
    await r.close();
  }
});
