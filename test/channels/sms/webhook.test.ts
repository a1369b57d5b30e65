import { join } from 'node:path';
import { smsLength } from '../../../src/language/smsLength';
import { startServer, type Running } from '../../support/server';
import {
  AUTH_TOKEN,
  conversationIdOf,
  inbound,
  localhostOf,
  messagesOf,
  newPatientNumber,
  postForm,
  sign,
  smsLine,
  twilioEnv,
} from '../../fixtures/sms/twilio';

// POST /api/sms as Twilio calls it, on the whole service in process: real signatures (the
// `twilio` package), real bot, real SQLite store.
jest.setTimeout(60_000);

const CLINIC = 'Lakeside Heart Clinic';
const PHONE = '(555) 123-4567';
const PUBLIC = 'https://faq.clinic.example.org';
const ENGLISH_ANSWER =
  'The duration of the Impella procedure is variable: it is different for each patient.';
const SPANISH_ANSWER =
  'La duración del procedimiento Impella es variable: es diferente para cada paciente.';

let main: Running;
let behindProxy: Running;
let text: ReturnType<typeof smsLine>;

beforeAll(async () => {
  [main, behindProxy] = await Promise.all([
    startServer(twilioEnv({ CLINIC_NAME: CLINIC, CLINIC_PHONE: PHONE })),
    startServer(twilioEnv({ PUBLIC_URL: PUBLIC })),
  ]);
  text = smsLine(main.url, localhostOf(main.url));
});

afterAll(async () => {
  await Promise.all([main?.close(), behindProxy?.close()]);
});

const count = async (r: Running, sql: string, ...args: unknown[]) =>
  (await r.app.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${sql}`, args))!.n;

/** Everything the service keeps about a patient, to show that a refused message left nothing. */
async function tracesOf(r: Running, patient: string, sid: string) {
  return {
    contacts: await count(r, 'sms_contacts WHERE patient_number = ?', patient),
    inbound: await count(r, 'sms_inbound WHERE message_sid = ?', sid),
    transcript: await r.app.store.transcriptOf(await conversationIdOf(r.app.store, patient)),
  };
}

describe('answers by TwiML', () => {
  test('an English question gets the answer as a TwiML message', async () => {
    const patient = newPatientNumber();
    const reply = await text(patient, 'how long does the procedure take');
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^text\/xml/);
    expect(reply.body).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${ENGLISH_ANSWER}</Message></Response>`,
    );
    // The conversation is the keyed hash of the two numbers; the transcript has the turn.
    const id = await conversationIdOf(main.app.store, patient);
    expect(await main.app.store.sms.contact(id)).toEqual({
      patientNumber: patient,
      clinicNumber: expect.any(String),
      optedOut: false,
    });
    const transcript = await main.app.store.transcriptOf(id);
    expect(transcript.map((l) => [l.from, l.text])).toEqual([
      ['patient', 'how long does the procedure take'],
      ['bot', ENGLISH_ANSWER],
    ]);
  });

  test('a Spanish question is answered in Spanish', async () => {
    const reply = await text(newPatientNumber(), '¿cuánto dura el procedimiento?');
    expect(reply.status).toBe(200);
    expect(messagesOf(reply.body)).toEqual([SPANISH_ANSWER]);
  });

  test('by SMS the "did you mean" choices are numbered and "2" picks the second', async () => {
    const patient = newPatientNumber();
    const offered = messagesOf((await text(patient, 'the catheter thing')).body);
    expect(offered).toEqual([
      'I want to be sure I answer the right question. Reply with a number:\n' +
        '1. Where the catheter goes in\n2. How the procedure is performed\n3. Something else',
    ]);
    const picked = messagesOf((await text(patient, '2')).body);
    expect(picked).toEqual([
      expect.stringContaining('a thin tube goes in through your arm, leg or groin'),
    ]);
  });

  test('a picture with no text gets the polite text-only reply, in both languages', async () => {
    const patient = newPatientNumber();
    const reply = await text(patient, '', {
      NumMedia: '1',
      MediaContentType0: 'image/jpeg',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM1/Media/ME1',
    });
    expect(reply.status).toBe(200);
    expect(messagesOf(reply.body)).toEqual([
      'Sorry, I can only read text. Please type your question. Solo puedo leer texto: escriba su pregunta, por favor.',
    ]);
    const transcript = await main.app.store.transcriptOf(
      await conversationIdOf(main.app.store, patient),
    );
    expect(transcript.map((l) => [l.from, l.text])).toEqual([['patient', '[media]']]);
  });
});

describe('X-Twilio-Signature', () => {
  const forgeries: [string, (url: string, p: Record<string, string>) => string | null][] = [
    ['no signature', () => null],
    ['an empty signature', () => ''],
    ['a signature made with another auth token', (url, p) => sign(url, p, `x${AUTH_TOKEN}`)],
    ['a signature of other fields', (url, p) => sign(url, { ...p, Body: 'something else' })],
    ['garbage', () => 'bm90IGEgc2lnbmF0dXJl'],
  ];

  test.each(forgeries)('%s: 403 and nothing is recorded', async (_what, forge) => {
    const patient = newPatientNumber();
    const params = inbound(patient, 'how long does the procedure take');
    const signedUrl = `${localhostOf(main.url)}/api/sms`;
    const before = await count(main, 'transcript');
    const reply = await postForm(`${main.url}/api/sms`, params, {
      signature: forge(signedUrl, params),
    });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toEqual({
      error: { code: 'Forbidden', message: expect.stringContaining('X-Twilio-Signature') },
    });
    expect(await tracesOf(main, patient, params.MessageSid)).toEqual({
      contacts: 0,
      inbound: 0,
      transcript: [],
    });
    expect(await count(main, 'transcript')).toBe(before);
  });

  test('a signature of fields named with brackets, as sent, is accepted', async () => {
    // Twilio signs each field under the name it posts; parsed into nested objects, these no
    // longer matched their signature and the message was refused.
    const patient = newPatientNumber();
    const reply = await text(patient, 'how long does the procedure take', {
      'AddOns[status]': 'successful',
      'Extra[]': 'one',
    });
    expect(reply.status).toBe(200);
    expect(messagesOf(reply.body)).toEqual([ENGLISH_ANSWER]);
  });

  test('behind a proxy only a signature of PUBLIC_URL is accepted', async () => {
    const patient = newPatientNumber();
    const params = inbound(patient, 'how long does the procedure take');
    const target = `${behindProxy.url}/api/sms`;
    for (const internal of [target, `${localhostOf(behindProxy.url)}/api/sms`]) {
      const refused = await postForm(target, params, { signedUrl: internal });
      expect({ internal, status: refused.status }).toEqual({ internal, status: 403 });
    }
    expect(await tracesOf(behindProxy, patient, params.MessageSid)).toEqual({
      contacts: 0,
      inbound: 0,
      transcript: [],
    });
    const accepted = await postForm(target, params, { signedUrl: `${PUBLIC}/api/sms` });
    expect(accepted.status).toBe(200);
    expect(messagesOf(accepted.body)).toEqual([ENGLISH_ANSWER]);
  });

  test.each(['MessageSid', 'From', 'To'])(
    'a signed request without %s gets 400 and nothing is recorded',
    async (field) => {
      const patient = newPatientNumber();
      const params = inbound(patient, 'how long does the procedure take');
      delete params[field];
      const before = await count(main, 'transcript');
      const reply = await postForm(`${main.url}/api/sms`, params, {
        signedUrl: `${localhostOf(main.url)}/api/sms`,
      });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toEqual({
        error: { code: 'BadArgument', message: expect.stringContaining(field) },
      });
      expect(await count(main, 'transcript')).toBe(before);
      expect(await count(main, 'sms_contacts WHERE patient_number = ?', patient)).toBe(0);
    },
  );
});

describe('a MessageSid Twilio retries', () => {
  test('gets byte-identical TwiML and is recorded once, also when retries overlap', async () => {
    const patient = newPatientNumber();
    const params = inbound(patient, 'how long does the procedure take');
    const signedUrl = `${localhostOf(main.url)}/api/sms`;
    const post = () => postForm(`${main.url}/api/sms`, params, { signedUrl });
    const first = await post();
    const again = await post();
    const overlapping = await Promise.all([post(), post(), post()]);
    expect(messagesOf(first.body)).toEqual([ENGLISH_ANSWER]);
    for (const r of [again, ...overlapping]) {
      expect(r.status).toBe(200);
      expect(r.contentType).toMatch(/^text\/xml/);
      expect(r.body).toBe(first.body);
    }
    const transcript = await main.app.store.transcriptOf(
      await conversationIdOf(main.app.store, patient),
    );
    expect(transcript.filter((l) => l.from === 'patient').map((l) => l.text)).toEqual([
      'how long does the procedure take',
    ]);
    expect(await count(main, 'sms_inbound WHERE message_sid = ?', params.MessageSid)).toBe(1);
  });

  test('the same text under a new MessageSid is a new message', async () => {
    const patient = newPatientNumber();
    await text(patient, 'how long does the procedure take');
    await text(patient, 'how long does the procedure take');
    const transcript = await main.app.store.transcriptOf(
      await conversationIdOf(main.app.store, patient),
    );
    expect(transcript.filter((l) => l.from === 'patient')).toHaveLength(2);
  });
});

/** Every message the patient's phone would show, with its length, for the ones over budget. */
function overBudget(replies: { sent: string; body: string }[], max: number) {
  return replies.flatMap(({ sent, body }) =>
    messagesOf(body)
      .map((m) => ({ sent, reply: m, ...smsLength(m) }))
      .filter((m) => m.segments > max),
  );
}

/** Conversations that between them produce every kind of reply the webhook gives. */
const EVERY_KIND_OF_REPLY: string[][] = [
  ['how long does the procedure take', 'the catheter thing', '2'],
  ['¿cuánto dura el procedimiento?', 'qué es impella', 'que tipos de impella hay'],
  ['what are the visiting hours', 'cual es el horario de visitas', 'what should I bring'],
  ['asdfgh', 'my dad has chest pian', 'quiero hablar con una persona'],
  ['español', 'asdfgh', 'tengo dolor de pecho'],
  ['HELP'],
  ['AYUDA'],
  ['STOP', 'START'],
  ['PARAR', 'COMENZAR'],
];

async function converse(r: Running, conversations: string[][]) {
  const say = smsLine(r.url, localhostOf(r.url));
  const replies: { sent: string; body: string }[] = [];
  for (const conversation of conversations) {
    const patient = newPatientNumber();
    for (const sent of conversation) replies.push({ sent, body: (await say(patient, sent)).body });
  }
  replies.push({
    sent: '[picture]',
    body: (await say(newPatientNumber(), '', { NumMedia: '1' })).body,
  });
  return replies;
}

describe('replies sized for SMS', () => {
  test('with the default SMS_MAX_SEGMENTS (3) no reply is longer than 3 segments', async () => {
    expect(overBudget(await converse(main, EVERY_KIND_OF_REPLY), 3)).toEqual([]);
  });

  test('a Spanish menu cut for SMS still shows every numbered choice', async () => {
    const patient = newPatientNumber();
    await text(patient, 'español');
    const [menu] = messagesOf((await text(patient, 'asdfgh')).body);
    // A choice the patient cannot see is a choice they cannot make ("5" reaches staff).
    expect(menu).toContain('4. Después del procedimiento');
    expect(menu).toContain('5. Otra cosa');
    expect(smsLength(menu).segments).toBeLessThanOrEqual(3);
  });

  describe('with SMS_MAX_SEGMENTS=1', () => {
    let tight: Running;

    beforeAll(async () => {
      // The shipped answers need up to 3 segments, so the service would refuse to start: a
      // knowledge folder whose answers fit one segment, as the start-up check demands.
      tight = await startServer(
        twilioEnv({
          CLINIC_NAME: CLINIC,
          SMS_MAX_SEGMENTS: '1',
          KNOWLEDGE_DIR: join(__dirname, '..', '..', 'fixtures', 'sms', 'one-segment'),
        }),
      );
    });

    afterAll(async () => {
      await tight?.close();
    });

    test('an answer that fits is sent whole', async () => {
      const say = smsLine(tight.url, localhostOf(tight.url));
      const reply = await say(newPatientNumber(), 'what are the visiting hours');
      expect(messagesOf(reply.body)).toEqual(['Family may visit every day from 9 am to 8 pm.']);
    });

    test('a reply too long for one segment is cut to one, ending with an ellipsis', async () => {
      const say = smsLine(tight.url, localhostOf(tight.url));
      const [menu] = messagesOf((await say(newPatientNumber(), 'asdfgh')).body);
      expect(menu).toMatch(/^Sorry, I didn't understand/);
      expect(menu).toMatch(/(…|\.\.\.)$/);
      expect(smsLength(menu).segments).toBe(1);
    });

    test('no reply of any kind is longer than 1 segment', async () => {
      expect(overBudget(await converse(tight, EVERY_KIND_OF_REPLY), 1)).toEqual([]);
    });
  });
});
