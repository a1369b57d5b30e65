import { TwilioStandIn, twilioEnv, waitFor } from '../fixtures/sms/twilio';
import { WebChatPatient } from '../fixtures/staff/staff';
import { startServer, type Running } from '../support/server';

const ONCALL = ['+15557770001', '+15557770002'];

let twilio: TwilioStandIn;
let server: Running;

beforeAll(async () => {
  twilio = await new TwilioStandIn().start();
  server = await startServer(
    twilioEnv({
      TWILIO_API_BASE: twilio.url,
      ONCALL_NUMBERS: ONCALL.join(','),
      SMS_SENDS_PER_SECOND: '20',
    }),
  );
}, 60_000);

afterAll(async () => {
  await server.close();
  await twilio.close();
});

test('an urgent escalation pages every on-call number by SMS, with a console link and no patient data', async () => {
  const patient = await WebChatPatient.start(server.url);
  await patient.say('my dad collapsed and is not breathing');
  await waitFor('both pages', () => twilio.accepted.length >= ONCALL.length);
  const pages = twilio.accepted.map((r) => r.form);
  expect(pages.map((p) => p.To).sort()).toEqual(ONCALL);
  for (const page of pages) {
    expect(page.Body).toMatch(/URGENT/);
    expect(page.Body).toContain(`/staff?c=${encodeURIComponent(patient.conversationId)}`);
    expect(page.Body).not.toMatch(/collapsed|breathing/);
  }
});

test('a question that is not urgent pages nobody', async () => {
  const before = twilio.received.length;
  const patient = await WebChatPatient.start(server.url);
  await patient.say('can I talk to a nurse?');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(twilio.received.length).toBe(before);
});

test('five emergencies from one patient page each on-call number once', async () => {
  const before = twilio.accepted.length;
  const patient = await WebChatPatient.start(server.url);
  for (let i = 0; i < 5; i++) await patient.say('I am having a heart attack');
  await waitFor('the pages', () => twilio.accepted.length >= before + ONCALL.length);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const pages = twilio.accepted.slice(before).map((r) => r.form);
  expect(pages.map((p) => p.To).sort()).toEqual(ONCALL);
  // All five are still urgent in the staff queue: only the paging was held back.
  const urgent = (await server.app.store.escalationsOf(patient.conversationId)).filter(
    (e) => e.priority === 'urgent',
  );
  expect(urgent).toHaveLength(5);
});
