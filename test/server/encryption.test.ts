import { FieldCipher } from '../../src/storage/crypto';
import {
  inbound,
  localhostOf,
  messagesOf,
  newPatientNumber,
  postForm,
  twilioEnv,
} from '../fixtures/sms/twilio';
import { WebChatPatient } from '../fixtures/staff/staff';
import { startServer, type Running } from '../support/server';

// The whole service with DATA_KEY: patients are answered as usual, staff read their words, and
// the database file holds neither their words nor their numbers.

let running: Running;

beforeAll(async () => {
  running = await startServer(
    twilioEnv({ TWILIO_API_BASE: 'http://127.0.0.1:9', DATA_KEY: `k1:${FieldCipher.newKey()}` }),
  );
});

afterAll(async () => {
  await running?.close();
});

test('with DATA_KEY, the service works and stores no patient words or numbers in clear', async () => {
  const chat = await WebChatPatient.start(running.url);
  const asked = await chat.say('Quentin here: how long does the procedure take');
  expect((await chat.after(asked))[0][1]).toMatch(/duration/i);
  await chat.say('I want to talk to a person');

  const patient = newPatientNumber();
  const reply = await postForm(
    `${running.url}/api/sms`,
    inbound(patient, 'Wilhelmina asks: where does the catheter go in'),
    { signedUrl: `${localhostOf(running.url)}/api/sms` },
  );
  expect(messagesOf(reply.body).join(' ').length).toBeGreaterThan(20);

  // Staff see the words in the queue, decrypted.
  const queue = await running.app.store.staff.queue();
  expect(queue.map((q) => q.lastPatientMessage)).toContain('I want to talk to a person');

  const sql = running.app.store.sql;
  const dump: unknown[] = [];
  for (const table of ['transcript', 'activities', 'sms_contacts', 'sms_inbound', 'bot_state'])
    dump.push(await sql.all(`SELECT * FROM ${table}`));
  const text = JSON.stringify(dump);
  expect(text).not.toMatch(/Quentin|Wilhelmina|talk to a person/);
  expect(text).not.toContain(patient.slice(2));
});
