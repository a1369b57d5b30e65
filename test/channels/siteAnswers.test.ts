import { join } from 'node:path';
import {
  conversationIdOf,
  localhostOf,
  messagesOf,
  newPatientNumber,
  smsLine,
  twilioEnv,
} from '../fixtures/sms/twilio';
import { addStaff, StaffClient } from '../fixtures/staff/staff';
import { startServer, type Running } from '../support/server';

// A clinic's saved site as the knowledge, through the real channels: the procedure a question is
// about (the widget's page, an earlier answer, or asked), where each answer comes from (a link
// on the web, the whole answer behind a cut SMS's link, the source in the staff view), and the
// clinic's English words, said to be so, for a Spanish question on an English-only page.

jest.setTimeout(60_000);

const SITE = join(__dirname, '..', 'fixtures', 'site');
let s: Running;
let sms: ReturnType<typeof smsLine>;

beforeAll(async () => {
  s = await startServer(
    twilioEnv({
      KNOWLEDGE_DIR: SITE,
      TWILIO_API_BASE: 'http://127.0.0.1:9',
      SMS_MAX_SEGMENTS: '1',
      TOKEN_RATE_LIMIT_PER_MINUTE: '1000',
    }),
  );
  sms = smsLine(s.url, localhostOf(s.url));
});

afterAll(() => s.close());

/** A web-chat patient whose widget sits on `page`. */
async function webPatient(page?: string) {
  const issued = (await (await fetch(`${s.url}/api/webchat/token`, { method: 'POST' })).json()) as {
    token: string;
    conversationId: string;
  };
  const headers = { Authorization: `Bearer ${issued.token}`, 'Content-Type': 'application/json' };
  await fetch(`${s.url}/v3/directline/conversations`, { method: 'POST', headers });
  const url = `${s.url}/v3/directline/conversations/${issued.conversationId}/activities`;
  return {
    id: issued.conversationId,
    async say(text: string): Promise<string> {
      const posted = (await (
        await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            type: 'message',
            text,
            ...(page ? { channelData: { page } } : {}),
          }),
        })
      ).json()) as { id: string };
      const { activities } = (await (await fetch(url, { headers })).json()) as {
        activities: { id: string; type: string; text?: string; from: { role?: string } }[];
      };
      const at = activities.findIndex((a) => a.id === posted.id);
      return activities
        .slice(at + 1)
        .filter((a) => a.type === 'message')
        .map((a) => a.text ?? '')
        .join('\n');
    },
  };
}

test("on a procedure's page, a question naming no procedure is answered for that page", async () => {
  const patient = await webPatient('procedures/loop-recorder.html');
  const reply = await patient.say('when can i shower');
  expect(reply).toContain('Shower after 48 hours');
});

test('on the web, an answer says where its words come from, and the document is there', async () => {
  const patient = await webPatient();
  const reply = await patient.say('can i drive after my pacemaker');
  expect(reply).toContain('Do not drive for 1 week after your implant.');
  const link = /Source: \[([^\]]+)\]\(([^)]+)\)/.exec(reply);
  expect(link).not.toBeNull();
  const document = await fetch(link![2]);
  expect(document.status).toBe(200);
  expect(document.headers.get('content-type')).toBe('application/pdf');
  expect((await document.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  // Only the documents answers come from: nothing else of the knowledge folder.
  for (const other of ['/documents/procedures/pacemaker.html', '/documents/..%2F..%2Fpackage.json'])
    expect((await fetch(`${s.url}${other}`)).status).toBe(404);
});

test('by SMS, with no procedure known, the bot asks which, numbered; the answer follows, then the next one too', async () => {
  const patient = newPatientNumber();
  const asked = messagesOf((await sms(patient, 'how long does it take')).body).join('\n');
  expect(asked).toMatch(/Which procedure is your question about\? Reply with a number:/);
  const number = /(\d+)\. Cardioversion/.exec(asked)![1];
  const answer = messagesOf((await sms(patient, number)).body).join('\n');
  expect(answer).toContain('About 30 minutes');
  // The conversation is about cardioversion now.
  const next = messagesOf((await sms(patient, 'how long do they watch me after')).body).join('\n');
  expect(next).toMatch(/watched for 1 to 2 hours|1 to 2 hours/);
});

test('a cut SMS ends with a link to the whole answer, and staff see where the answer came from', async () => {
  const patient = newPatientNumber();
  const reply = messagesOf((await sms(patient, 'how is a cardioversion performed')).body).join(
    '\n',
  );
  const link = /(http:\/\/localhost:\d+\/a\/[^\s]+)/.exec(reply);
  expect(link).not.toBeNull();
  const page = await (await fetch(link![1].replace('localhost', '127.0.0.1'))).text();
  expect(page).toContain('The cardiologist gives one or more quick shocks through the pads');

  await addStaff(s.app, 'site-nurse@clinic.example.org');
  const nurse = await StaffClient.logIn(s.url, 'site-nurse@clinic.example.org');
  const id = await conversationIdOf(s.app.store, patient);
  const view = await nurse.get<{ transcript: { from: string; source?: string }[] }>(
    `conversations/${id}`,
  );
  const answered = view.body.transcript.find((l) => l.from === 'bot');
  expect(answered?.source).toMatch(/procedures\/cardioversion\.html › How it is performed/);
});

test('a Spanish question on an English-only page: said to be English only, the English words, help offered', async () => {
  const patient = await webPatient();
  const reply = await patient.say('cuanto tiempo dura el holter');
  const [notice, ...rest] = reply.split('\n\n');
  expect(notice).toBe('Esta información solo está disponible en inglés:');
  expect(rest.join(' ')).toContain('you wear the monitor for 24 or 48 hours');
  expect(reply).toContain('escriba "hablar con una persona"');
});
