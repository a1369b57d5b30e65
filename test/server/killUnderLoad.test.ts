import { join } from 'node:path';
import { openSqliteStore } from '../../src/storage/open';
import {
  conversationIdOf,
  freePort,
  inbound,
  newPatientNumber,
  postForm,
  sleep,
  twilioEnv,
} from '../fixtures/sms/twilio';
import { WebChatPatient } from '../fixtures/staff/staff';
import { killHard, spawnServer, tempDataDir } from '../support/server';

// kill -9 in the middle of a stream of messages, then a restart on the same data: every
// message that was acknowledged (2xx) is in its conversation. Writes are grouped into one commit
// per event-loop turn, and a reply is only sent once its commit is on disk: this is the check.

jest.setTimeout(90_000);

test('kill -9 under load: every acknowledged message survives the restart', async () => {
  const dataDir = tempDataDir();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = twilioEnv({
    TWILIO_API_BASE: 'http://127.0.0.1:9',
    MESSAGE_RATE_LIMIT_PER_MINUTE: '10000',
    TOKEN_RATE_LIMIT_PER_MINUTE: '10000',
  });
  const first = await spawnServer(dataDir, port, env);
  const patients = Array.from({ length: 12 }, () => newPatientNumber());
  const chats = await Promise.all(Array.from({ length: 4 }, () => WebChatPatient.start(base)));
  const acknowledged: { patient: string; text: string }[] = [];
  const chatAcknowledged: { chat: WebChatPatient; id: string }[] = [];
  let stop = false;
  const smsLoops = patients.map(async (patient) => {
    for (let n = 0; !stop; n++) {
      const text = `question ${n} about how long it takes`;
      const res = await postForm(`${base}/api/sms`, inbound(patient, text), {
        signedUrl: `${base}/api/sms`,
      }).catch(() => undefined);
      if (res?.status === 200) acknowledged.push({ patient, text });
    }
  });
  const chatLoops = chats.map(async (chat) => {
    for (let n = 0; !stop; n++) {
      const id = await chat.say(`chat question ${n}: where does the catheter go`).catch(() => '');
      if (id) chatAcknowledged.push({ chat, id });
    }
  });
  await sleep(1500);
  await killHard(first);
  stop = true;
  await Promise.all([...smsLoops, ...chatLoops]);
  expect(acknowledged.length).toBeGreaterThan(20);
  expect(chatAcknowledged.length).toBeGreaterThan(5);

  const second = await spawnServer(dataDir, port, env);
  try {
    const store = openSqliteStore(join(dataDir, 'faqbot.sqlite'));
    try {
      for (const patient of patients) {
        const said = (await store.transcriptOf(await conversationIdOf(store, patient)))
          .filter((l) => l.from === 'patient')
          .map((l) => l.text);
        const acked = acknowledged.filter((a) => a.patient === patient).map((a) => a.text);
        expect(said).toEqual(expect.arrayContaining(acked));
      }
    } finally {
      await store.close();
    }
    // The widget's history after the restart holds every message the endpoint acknowledged.
    for (const chat of chats) {
      const ids = new Set((await chat.history()).map((m) => m.id));
      const acked = chatAcknowledged.filter((a) => a.chat === chat).map((a) => a.id);
      expect(acked.filter((id) => !ids.has(id))).toEqual([]);
    }
  } finally {
    await killHard(second);
  }
});
