import { openPgStore } from '../../src/storage/open';
import type { SqlStore } from '../../src/storage/sql/store';
import { TwilioStandIn, sleep, twilioEnv, waitFor } from '../fixtures/sms/twilio';
import { createTestDatabase } from '../support/postgres';
import { startServer, type Running } from '../support/server';
import { TcpProxy } from '../support/tcpProxy';

// On-call paging while the database goes away (PostgreSQL behind a proxy the test cuts): an
// urgent escalation already stored is paged once the database is back; meanwhile the pager's
// failing rounds neither crash the service nor lose the page.

jest.setTimeout(60_000);

const ONCALL = ['+15557770001'];
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let proxy: TcpProxy;
let running: Running;
let direct: SqlStore;
const twilio = new TwilioStandIn();

beforeAll(async () => {
  await twilio.start();
  db = await createTestDatabase();
  const target = new URL(db.url);
  proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  running = await startServer(
    twilioEnv({
      DATABASE_URL: viaProxy.toString(),
      TWILIO_API_BASE: twilio.url,
      ONCALL_NUMBERS: ONCALL.join(','),
      SMS_SENDS_PER_SECOND: '20',
    }),
  );
  direct = await openPgStore(db.url, 2, () => undefined);
});

afterAll(async () => {
  await running?.close();
  await proxy?.close();
  await direct?.close();
  await db?.drop();
  await twilio.close();
});

test('the database failing while staff are paged: the service runs on, and the page goes out after', async () => {
  proxy.cut();
  // Stored by another instance just before the outage; this one must page it.
  await direct.createEscalation({
    conversationId: 'c_during_outage',
    channel: 'directline',
    reason: 'emergency',
    priority: 'urgent',
    lang: 'en',
    considered: [],
  });
  // Several paging rounds (every 2 s) fail meanwhile.
  await sleep(5000);
  expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  expect(twilio.accepted).toHaveLength(0);

  proxy.restore();
  await waitFor('the page', () => twilio.accepted.length >= 1, 20_000);
  expect(twilio.accepted[0].form.Body).toContain('/staff?c=c_during_outage');
  await sleep(2500);
  expect(twilio.accepted).toHaveLength(1);
});
