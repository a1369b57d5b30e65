import {
  conversationIdOf,
  inbound,
  localhostOf,
  messagesOf,
  newPatientNumber,
  postForm,
  twilioEnv,
} from '../fixtures/sms/twilio';
import { WebChatPatient } from '../fixtures/staff/staff';
import { startServer, type Running } from '../support/server';

// "delete my data" / "borrar mis datos": asked, confirmed, and everything said is gone, audited.

let running: Running;

beforeAll(async () => {
  running = await startServer(twilioEnv({ TWILIO_API_BASE: 'http://127.0.0.1:9' }));
});

afterAll(async () => {
  await running?.close();
});

test('web chat: "delete my data", then YES, removes the conversation and audits it', async () => {
  const chat = await WebChatPatient.start(running.url);
  await chat.say('my name is Ana and I have a question: how long does it take');
  const ask = await chat.say('please delete my data');
  expect((await chat.after(ask))[0][1]).toMatch(/reply YES/);
  const yes = await chat.say('yes');
  // The widget's open stream showed the confirmation; then the conversation is closed: its
  // token reads nothing more (and the page starts a new conversation).
  expect(yes).toMatch(/.+/);
  const closed = await fetch(
    `${running.url}/v3/directline/conversations/${chat.conversationId}/activities`,
    { headers: { Authorization: `Bearer ${chat.token}` } },
  );
  expect(closed.status).toBe(403);

  const store = running.app.store;
  const left = await store.transcriptOf(chat.conversationId);
  expect(left.map((l) => l.from)).toEqual(['bot']);
  expect(left.map((l) => l.text).join(' ')).not.toMatch(/Ana/);
  const audit = await store.staff.auditLog({ conversationId: chat.conversationId });
  expect(audit.map((a) => [a.action, a.staffId])).toEqual([['patient-deleted-data', null]]);
});

test('anything but yes keeps the data, and a question after the prompt is still answered', async () => {
  const chat = await WebChatPatient.start(running.url);
  await chat.say('hello, I am Luis');
  await chat.say('delete my data');
  const q = await chat.say('where does the catheter go in');
  const replies = (await chat.after(q)).map(([, text]) => text);
  expect(replies[0]).toMatch(/Nothing was deleted/);
  expect(replies.length).toBeGreaterThan(1);
  const said = (await running.app.store.transcriptOf(chat.conversationId)).map((l) => l.text);
  expect(said).toContain('hello, I am Luis');
});

test('SMS in Spanish: "borrar mis datos", then "sí", removes the messages and the number', async () => {
  const patient = newPatientNumber();
  const sms = (text: string) =>
    postForm(`${running.url}/api/sms`, inbound(patient, text), {
      signedUrl: `${localhostOf(running.url)}/api/sms`,
    });
  await sms('cuanto dura el procedimiento');
  const prompt = await sms('quiero borrar mis datos');
  expect(messagesOf(prompt.body).join(' ')).toMatch(/responda SÍ/);
  const done = await sms('sí');
  expect(messagesOf(done.body).join(' ')).toMatch(/Listo/);
  const store = running.app.store;
  const id = await conversationIdOf(store, patient);
  expect((await store.transcriptOf(id)).map((l) => l.from)).toEqual(['bot']);
  expect(await store.sms.contact(id)).toBeUndefined();
});
