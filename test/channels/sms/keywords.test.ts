import { startServer, type Running } from '../../support/server';
import {
  conversationIdOf,
  localhostOf,
  messagesOf,
  newPatientNumber,
  smsLine,
  twilioEnv,
} from '../../fixtures/sms/twilio';

// STOP / START / HELP and their Spanish equivalents, texted through the real webhook.
jest.setTimeout(60_000);

const CLINIC = 'Lakeside Heart Clinic';
const PHONE = '(555) 123-4567';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const QUESTION = 'how long does the procedure take';
const ANSWER =
  'The duration of the Impella procedure is variable: it is different for each patient.';

let withPhone: Running;
let withoutPhone: Running;
let text: ReturnType<typeof smsLine>;

beforeAll(async () => {
  [withPhone, withoutPhone] = await Promise.all([
    startServer(twilioEnv({ CLINIC_NAME: CLINIC, CLINIC_PHONE: PHONE })),
    startServer(twilioEnv({ CLINIC_NAME: CLINIC })),
  ]);
  text = smsLine(withPhone.url, localhostOf(withPhone.url));
});

afterAll(async () => {
  await Promise.all([withPhone?.close(), withoutPhone?.close()]);
});

const contactOf = async (patient: string) =>
  withPhone.app.store.sms.contact(await conversationIdOf(withPhone.app.store, patient));

// [stop as typed, its language, start as typed, its language]
const optOuts: [string, 'en' | 'es', string, 'en' | 'es'][] = [
  ['STOP', 'en', 'START', 'en'],
  ['stop.', 'en', 'yes', 'en'],
  [' Stop ', 'en', 'UNSTOP', 'en'],
  ['STOPALL', 'en', 'COMENZAR', 'es'],
  ['unsubscribe', 'en', ' Start! ', 'en'],
  ['Cancel!', 'en', 'Yes.', 'en'],
  ['END', 'en', 'unstop', 'en'],
  ['quit', 'en', 'comenzar.', 'es'],
  ['PARAR', 'es', 'COMENZAR', 'es'],
  ['alto.', 'es', 'START', 'en'],
  [' Cancelar ', 'es', ' Comenzar ', 'es'],
  ['Parar!', 'es', 'yes', 'en'],
];

describe.each(optOuts)('%j then %j', (stop, stopLang, start, startLang) => {
  const patient = newPatientNumber();

  test(`after "${stop}" questions get no reply`, async () => {
    expect(messagesOf((await text(patient, QUESTION)).body)).toEqual([ANSWER]);
    const stopped = await text(patient, stop);
    expect(stopped.status).toBe(200);
    if (stopLang === 'en') {
      // Twilio confirms its own English keywords; a second confirmation would be a duplicate.
      expect(stopped.body).toBe(EMPTY_TWIML);
    } else {
      expect(messagesOf(stopped.body)).toEqual([
        'No recibirá más mensajes de este número. Responda COMENZAR para volver a recibirlos.',
      ]);
    }
    expect(await contactOf(patient)).toMatchObject({ optedOut: true });
    for (const question of [QUESTION, '¿cuánto dura el procedimiento?', 'HELP', 'AYUDA']) {
      const reply = await text(patient, question);
      expect({ question, status: reply.status, body: reply.body }).toEqual({
        question,
        status: 200,
        body: EMPTY_TWIML,
      });
    }
    // Silence is not forgetting: what the patient wrote is kept.
    const transcript = await withPhone.app.store.transcriptOf(
      await conversationIdOf(withPhone.app.store, patient),
    );
    expect(transcript.filter((l) => l.from === 'patient').map((l) => l.text)).toEqual([
      QUESTION,
      stop,
      QUESTION,
      '¿cuánto dura el procedimiento?',
      'HELP',
      'AYUDA',
    ]);
  });

  test(`"${start}" opts back in and questions are answered again`, async () => {
    const started = messagesOf((await text(patient, start)).body);
    expect(started).toEqual([
      startLang === 'en'
        ? `Welcome back to ${CLINIC}'s text line. Ask us anything about your procedure. Reply STOP to stop messages.`
        : `Bienvenido de nuevo a la línea de texto de ${CLINIC}. Pregúntenos lo que quiera sobre su procedimiento. Responda PARAR para dejar de recibir mensajes.`,
    ]);
    expect(await contactOf(patient)).toMatchObject({ optedOut: false });
    expect(messagesOf((await text(patient, QUESTION)).body)).toEqual([ANSWER]);
  });
});

// [as typed, language of the reply]
const helps: [string, 'en' | 'es'][] = [
  ['HELP', 'en'],
  ['help?', 'en'],
  [' Info ', 'en'],
  ['info.', 'en'],
  ['AYUDA', 'es'],
  ['ayuda!', 'es'],
  [' Ayúda ', 'es'],
];

describe('HELP, INFO and AYUDA', () => {
  test.each(helps)(
    '%j with CLINIC_PHONE set names the clinic, its phone and STOP',
    async (help, lang) => {
      const [reply] = messagesOf((await text(newPatientNumber(), help)).body);
      expect(reply).toContain(CLINIC);
      expect(reply).toContain(PHONE);
      expect(reply).toContain(lang === 'en' ? 'Reply STOP to stop messages.' : 'Responda PARAR');
      expect(reply).toContain(lang === 'en' ? 'we answer questions' : 'respondemos preguntas');
    },
  );

  test.each(helps)('%j without CLINIC_PHONE names the clinic and STOP', async (help, lang) => {
    const say = smsLine(withoutPhone.url, localhostOf(withoutPhone.url));
    const [reply] = messagesOf((await say(newPatientNumber(), help)).body);
    expect(reply).toContain(CLINIC);
    expect(reply).not.toMatch(lang === 'en' ? /call \(/ : /llame al \(/);
    expect(reply).toContain(lang === 'en' ? 'Reply STOP to stop messages.' : 'Responda PARAR');
  });

  test('a keyword does not stop the conversation it interrupts', async () => {
    const patient = newPatientNumber();
    await text(patient, 'HELP');
    expect(messagesOf((await text(patient, QUESTION)).body)).toEqual([ANSWER]);
    expect(await contactOf(patient)).toMatchObject({ optedOut: false });
  });
});

describe('a keyword only counts as the whole message', () => {
  test.each(['cancel my appointment', 'I want to stop by the clinic', 'end of the day?'])(
    '%j is a question, not an opt-out',
    async (message) => {
      const patient = newPatientNumber();
      const reply = await text(patient, message);
      expect(messagesOf(reply.body)).toHaveLength(1);
      expect(await contactOf(patient)).toMatchObject({ optedOut: false });
    },
  );
});
