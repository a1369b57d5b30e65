import { join } from 'node:path';
import { openSqliteStore } from '../../src/storage/open';
import {
  TwilioStandIn,
  conversationIdOf,
  freePort,
  smsLine,
  twilioEnv,
  twilioError,
  waitFor,
} from '../fixtures/sms/twilio';
import { spawnServer, tempDataDir } from '../support/server';

// What a patient writes is health information: it must not reach the logs, at any level.
test('the service logs no message text, even at debug level', async () => {
  const port = await freePort();
  const server = await spawnServer(tempDataDir(), port, { LOG_LEVEL: 'trace' });
  let logs = '';
  server.child.stdout!.on('data', (c: Buffer) => (logs += c.toString()));
  server.child.stderr!.on('data', (c: Buffer) => (logs += c.toString()));
  try {
    const secret = 'my cousin Zebulon takes warfarin and his chest hurts';
    const t = (await (
      await fetch(`${server.url}/api/webchat/token`, { method: 'POST' })
    ).json()) as {
      token: string;
      conversationId: string;
    };
    const auth = { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' };
    await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: auth });
    const posted = await fetch(
      `${server.url}/v3/directline/conversations/${t.conversationId}/activities`,
      {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ type: 'message', text: secret }),
      },
    );
    expect(posted.status).toBe(200);
    const history = (await (
      await fetch(`${server.url}/v3/directline/conversations/${t.conversationId}/activities`, {
        headers: auth,
      })
    ).json()) as { activities: { text?: string }[] };
    // The patient's message was handled (stored and answered), so there was something to leak.
    expect(history.activities.map((a) => a.text)).toContain(secret);
    expect(logs).toContain('request');
    expect(logs).not.toMatch(/Zebulon|warfarin|chest hurts/i);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}, 60_000);

test('nor a phone number or text message, from the SMS webhook and the outbox', async () => {
  const twilio = await new TwilioStandIn().start();
  // Twilio refuses every send, so the outbox logs its failures too.
  twilio.answer = () => twilioError(400, 21211, 'invalid To number');
  const port = await freePort();
  const dataDir = tempDataDir();
  const server = await spawnServer(
    dataDir,
    port,
    twilioEnv({ LOG_LEVEL: 'trace', TWILIO_API_BASE: twilio.url }),
  );
  let logs = '';
  server.child.stdout!.on('data', (c: Buffer) => (logs += c.toString()));
  server.child.stderr!.on('data', (c: Buffer) => (logs += c.toString()));
  try {
    const patient = '+15557654321';
    const text = 'my wife Philippa missed her eliquis dose';
    const reply = await smsLine(server.url, server.url)(patient, text);
    expect(reply.status).toBe(200);
    // A staff-style message through the outbox to the same number, refused by Twilio.
    const store = openSqliteStore(join(dataDir, 'faqbot.sqlite'));
    try {
      await store.sms.enqueue(await conversationIdOf(store, patient), 'call Philippa back');
    } finally {
      await store.close();
    }
    await waitFor('the refused send to be logged', () => logs.includes('SMS not delivered'));
    expect(logs).not.toMatch(/Philippa|eliquis/i);
    // The number in any of its forms: +1 555 765 4321, 5557654321, 7654321.
    expect(logs).not.toMatch(/765[\s.-]?4321/);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await twilio.close();
  }
}, 60_000);
