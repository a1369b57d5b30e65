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
import { startServer, tempDataDir, type Running } from '../support/server';

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

test('with DATA_KEY, the keys kept in the database (chat tokens, phone hashes) are sealed too', async () => {
  const settings = await running.app.store.sql.all<{ key: string; value: string }>(
    'SELECT key, value FROM settings ORDER BY key',
  );
  expect(settings.map((s) => s.key)).toEqual(['directline.signing-key', 'sms.id-key']);
  for (const s of settings) expect(s.value).toMatch(/^enc1\.k1\./);
  // The service itself still reads them: a chat started now works.
  const chat = await WebChatPatient.start(running.url);
  expect((await chat.after(await chat.say('how long does it take')))[0][0]).toBe('bot');
});

test('a key kept in clear from before DATA_KEY is sealed once DATA_KEY is set, and still works', async () => {
  const dataDir = tempDataDir();
  const before = await startServer({ DATA_DIR: dataDir });
  const chat = await WebChatPatient.start(before.url);
  const clear = await before.app.store.sql.get<{ value: string }>(
    "SELECT value FROM settings WHERE key = 'directline.signing-key'",
  );
  expect(clear!.value).not.toMatch(/^enc1\./);
  await before.close();
  const after = await startServer({ DATA_DIR: dataDir, DATA_KEY: `k1:${FieldCipher.newKey()}` });
  try {
    const sealed = await after.app.store.sql.get<{ value: string }>(
      "SELECT value FROM settings WHERE key = 'directline.signing-key'",
    );
    expect(sealed!.value).toMatch(/^enc1\./);
    // The patient's token, signed with the same key, still opens the conversation.
    const resumed = chat.via(after.url);
    expect((await resumed.after(await resumed.say('how long does it take')))[0][0]).toBe('bot');
  } finally {
    await after.close();
  }
});
