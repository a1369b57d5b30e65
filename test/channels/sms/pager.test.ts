import pino from 'pino';
import { createTranslator } from '../../../src/i18n';
import { OnCallPager, shouldPage } from '../../../src/channels/sms/pager';
import type { SqlStore } from '../../../src/storage/sql/store';
import { ENGINES } from '../../support/engines';

// Paging on-call staff, on each engine: every urgent escalation is settled once (paged or held
// back by the limits), the pages are in the outbox with it, and the page that goes out after a
// hold says how many were held.

jest.setTimeout(30_000);

const NUMBERS = ['+15557770001', '+15557770002'];

test.each([
  [{ total: 0, conversation: 0 }, true],
  [{ total: 9, conversation: 0 }, true],
  [{ total: 10, conversation: 0 }, false],
  [{ total: 1, conversation: 1 }, false],
])('shouldPage(%o) with 10 an hour is %s', (counts, expected) => {
  expect(shouldPage(counts, { perHour: 10, conversationMinutes: 15 })).toBe(expected);
});

describe.each(ENGINES)('$name', (engine) => {
  let store: SqlStore;
  let clock = Date.now();
  beforeEach(async () => {
    await engine.fresh();
    store = await engine.open();
    clock = Date.now();
  });
  afterEach(() => engine.cleanup());

  const pager = (perHour: number) =>
    new OnCallPager({
      store: store.pager,
      numbers: NUMBERS,
      clinicNumber: '+15550009999',
      consoleUrl: () => 'https://chat.clinic.example.org',
      clinicName: 'Heartwell',
      limits: { perHour, conversationMinutes: 15 },
      t: createTranslator(),
      log: pino({ level: 'silent' }),
      now: () => clock,
    });
  const urgent = (conversationId: string) =>
    store.createEscalation({
      conversationId,
      channel: 'directline',
      reason: 'emergency',
      priority: 'urgent',
      lang: 'en',
      considered: [],
    });
  const pagesQueued = async () =>
    (
      await store.sql.all<{ body: string }>(
        "SELECT body FROM sms_outbox WHERE conversation_id LIKE 'oncall%' ORDER BY id",
      )
    ).map((r) => r.body);

  test('an urgent escalation is paged to every number once, however many rounds run', async () => {
    await urgent('c_one');
    const p = pager(10);
    await Promise.all([p.round(), p.round(), pager(10).round()]);
    await p.round();
    const bodies = await pagesQueued();
    expect(bodies).toHaveLength(NUMBERS.length);
    expect(bodies[0]).toBe(
      'Heartwell: URGENT patient message waiting. https://chat.clinic.example.org/staff?c=c_one',
    );
  });

  test('a normal escalation pages nobody', async () => {
    await store.createEscalation({
      conversationId: 'c_calm',
      channel: 'directline',
      reason: 'human',
      priority: 'normal',
      lang: 'en',
      considered: [],
    });
    await pager(10).round();
    expect(await pagesQueued()).toEqual([]);
  });

  test('over the hourly limit pages are held, and the next page says how many', async () => {
    const p = pager(1);
    await urgent('c_a');
    await p.round();
    await urgent('c_b');
    await urgent('c_c');
    await p.round();
    expect(await pagesQueued()).toHaveLength(NUMBERS.length);
    clock += 61 * 60_000;
    await urgent('c_d');
    await p.round();
    const bodies = await pagesQueued();
    expect(bodies).toHaveLength(2 * NUMBERS.length);
    expect(bodies[NUMBERS.length]).toContain('/staff?c=c_d');
    expect(bodies[NUMBERS.length]).toContain('(2 more urgent escalations were not paged');
    // Told once: the page after the next hour's first says nothing of them.
    clock += 61 * 60_000;
    await urgent('c_e');
    await p.round();
    expect((await pagesQueued()).at(-1)).not.toContain('more urgent');
  });
});
