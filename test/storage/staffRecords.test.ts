import { FieldCipher, type Fields } from '../../src/storage/crypto';
import { SqlHistoryStore } from '../../src/storage/sql/historyStore';
import { SqlStaffMessageStore } from '../../src/storage/sql/staffMessageStore';
import type { SqlStore } from '../../src/storage/sql/store';
import type { EscalationReason } from '../../src/storage/types';
import { ENGINES } from '../support/engines';

// What the console's names, history, exports, delivery states and audit read, on each engine.

jest.setTimeout(30_000);

describe.each(ENGINES)('$name', (engine) => {
  beforeEach(() => engine.fresh());
  afterEach(() => engine.cleanup());

  let clock = Date.parse('2026-11-01T09:00:00.000Z');
  const at = () => new Date((clock += 60_000)).toISOString();

  async function conversation(
    store: SqlStore,
    id: string,
    o: { channel?: string; said: string[]; escalate?: EscalationReason; staff?: string },
  ) {
    await store.ensureConversation(id, o.channel ?? 'directline');
    await store.sql.run('UPDATE conversations SET created_at = ? WHERE id = ?', [at(), id]);
    for (const text of o.said)
      await store.appendTranscript({ conversationId: id, at: at(), from: 'patient', text });
    if (o.escalate)
      await store.createEscalation({
        conversationId: id,
        channel: o.channel ?? 'directline',
        reason: o.escalate,
        priority: o.escalate === 'emergency' ? 'urgent' : 'normal',
        lang: 'en',
        considered: [{ id: 'impella-prep', confidence: 0.3 }],
      });
    if (o.staff) {
      await store.staff.claim(id, o.staff);
      await store.appendTranscript({ conversationId: id, at: at(), from: 'staff', text: 'Hello' });
    }
  }

  test('a display name is given at creation or later; until then the email names the person', async () => {
    const store = await engine.open();
    const ana = await store.staff.addStaff('Ana.R@Clinic.org', 'staff', null, null, 'Ana Ruiz');
    const bo = await store.staff.addStaff('bo@clinic.org', 'admin', null, null);
    expect(ana).toMatchObject({ name: 'Ana Ruiz', named: true });
    expect(bo).toMatchObject({ name: 'bo', named: false });
    expect(await store.staff.setDisplayName(bo.id, '  Bo Lind ')).toBe(true);
    expect((await store.staff.credentials('bo@clinic.org'))?.name).toBe('Bo Lind');
    expect((await store.staff.listStaff()).map((a) => a.name)).toEqual(['Ana Ruiz', 'Bo Lind']);
    await store.staff.createSession('t1', ana.id, 'csrf', '2999-01-01T00:00:00.000Z');
    expect((await store.staff.session('t1'))?.member.name).toBe('Ana Ruiz');
  });

  test('the queue names who claimed each conversation', async () => {
    const store = await engine.open();
    const ana = await store.staff.addStaff('ana@clinic.org', 'staff', null, null, 'Ana Ruiz');
    await conversation(store, 'c1', { said: ['a nurse please'], escalate: 'human' });
    await conversation(store, 'c2', { said: ['chest pain'], escalate: 'emergency' });
    await store.staff.claim('c1', ana.id);
    const queue = await store.staff.queue();
    expect(queue.map((q) => [q.conversationId, q.claimedByName])).toEqual([
      ['c2', null],
      ['c1', 'Ana Ruiz'],
    ]);
  });

  test('a view is recorded once per session, however often the console refreshes it', async () => {
    const store = await engine.open();
    const ana = await store.staff.addStaff('ana@clinic.org', 'staff', null, null);
    await conversation(store, 'c1', { said: ['hello'] });
    const views = await Promise.all([
      store.staff.auditViewOnce(ana.id, 's1', 'c1'),
      store.staff.auditViewOnce(ana.id, 's1', 'c1'),
    ]);
    expect(views.filter(Boolean)).toHaveLength(1);
    expect(await store.staff.auditViewOnce(ana.id, 's1', 'c1')).toBe(false);
    // A new log-in (another session) is another view.
    expect(await store.staff.auditViewOnce(ana.id, 's2', 'c1')).toBe(true);
    const log = await store.staff.auditLog({ staffEmail: 'ANA@clinic.org' });
    expect(log.map((e) => [e.action, e.staffEmail, e.conversationId])).toEqual([
      ['view-conversation', 'ana@clinic.org', 'c1'],
      ['view-conversation', 'ana@clinic.org', 'c1'],
    ]);
    expect(await store.staff.auditLog({ staffEmail: 'nobody@clinic.org' })).toEqual([]);
    expect(await store.staff.auditLog({ from: '2999-01-01' })).toEqual([]);
  });

  test("a staff SMS's state follows its outbox row and Twilio's reports", async () => {
    const store = await engine.open();
    const messages = new SqlStaffMessageStore(store.sql);
    const ana = await store.staff.addStaff('ana@clinic.org', 'staff', null, null, 'Ana Ruiz');
    await conversation(store, 'sms_1', { channel: 'sms', said: ['help'], escalate: 'emergency' });
    await store.sms.saveContact('sms_1', '+15550001111', '+15550002222');
    const outboxId = await store.sms.enqueue('sms_1', 'Calling you now');
    await messages.record({
      conversationId: 'sms_1',
      at: at(),
      staffId: ana.id,
      channel: 'sms',
      outboxId,
    });
    await messages.record({
      conversationId: 'sms_1',
      at: at(),
      staffId: ana.id,
      channel: 'directline',
      outboxId: null,
    });
    const states = async () =>
      (await messages.ofConversation('sms_1')).map((m) => [m.state, m.reason, m.staffName]);
    expect(await states()).toEqual([
      ['queued', null, 'Ana Ruiz'],
      ['delivered', null, 'Ana Ruiz'],
    ]);
    const since = new Date(Date.now() - 1000).toISOString();
    await store.sms.claimDue(new Date(), 1);
    await store.sms.markRetry(outboxId, new Date(), 'no answer from Twilio (ECONNREFUSED)');
    expect((await states())[0]).toEqual([
      'retrying',
      'no answer from Twilio (ECONNREFUSED)',
      'Ana Ruiz',
    ]);
    await store.sms.claimDue(new Date(), 1);
    await store.sms.markSent(outboxId, 'SM1');
    expect((await states())[0][0]).toBe('sent');
    await store.sms.recordDelivery('SM1', 'undelivered', '30003');
    expect((await states())[0]).toEqual(['failed', 'Twilio error 30003', 'Ana Ruiz']);
    expect((await messages.changedSince(since)).map((m) => m.state)).toEqual(['failed']);

    // The conversation had an emergency: the failure alerts, once.
    const [failed] = await messages.ofConversation('sms_1');
    expect(
      await Promise.all([messages.claimAlert(failed.id), messages.claimAlert(failed.id)]),
    ).toEqual(expect.arrayContaining([true, false]));
    expect((await messages.openAlerts()).map((m) => m.id)).toEqual([failed.id]);
    expect(await messages.acknowledge(failed.id, ana.id)).toBe(true);
    expect(await messages.acknowledge(failed.id, ana.id)).toBe(false);
    expect(await messages.openAlerts()).toEqual([]);
  });

  test('a failure on a conversation that was never urgent raises no alert', async () => {
    const store = await engine.open();
    const messages = new SqlStaffMessageStore(store.sql);
    await conversation(store, 'sms_2', { channel: 'sms', said: ['a person'], escalate: 'human' });
    const outboxId = await store.sms.enqueue('sms_2', 'Hi');
    await messages.record({
      conversationId: 'sms_2',
      at: at(),
      staffId: null,
      channel: 'sms',
      outboxId,
    });
    await store.sms.markFailed(outboxId, 'Twilio 400, error 21211');
    const [m] = await messages.ofConversation('sms_2');
    expect(m.state).toBe('failed');
    expect(await messages.claimAlert(m.id)).toBe(false);
  });

  describe('history', () => {
    const k1 = `k1:${FieldCipher.newKey()}`;

    async function filled(fields?: Fields) {
      const store = await engine.open(fields);
      const ana = await store.staff.addStaff('ana@clinic.org', 'staff', null, null);
      await conversation(store, 'c_answered', { said: ['how long does it take'] });
      await conversation(store, 'c_escalated', { said: ['qué es la bomba'], escalate: 'unsure' });
      await conversation(store, 'c_staff', {
        channel: 'sms',
        said: ['can I talk to a nurse'],
        escalate: 'human',
        staff: ana.id,
      });
      await store.staff.resolve('c_staff', ana.id);
      await conversation(store, 'c_emergency', { said: ['chest pain'], escalate: 'emergency' });
      await store.staff.resolve('c_emergency', ana.id);
      await conversation(store, 'c_waiting', { said: ['my results?'], escalate: 'personal' });
      await store.ensureConversation('c_silent', 'directline');
      // The escalated one was dealt with (resolved) without staff replying.
      await store.staff.resolve('c_escalated', ana.id);
      return store;
    }

    test('lists past conversations newest first, with their outcome, paged', async () => {
      const history = new SqlHistoryStore((await filled()).sql);
      const first = await history.history({ limit: 2 });
      expect(first.items.map((i) => [i.conversationId, i.outcome])).toEqual([
        ['c_emergency', 'emergency'],
        ['c_staff', 'staff'],
      ]);
      expect(first.items[1]).toMatchObject({
        channel: 'sms',
        messages: 2,
        firstMessage: 'can I talk to a nurse',
      });
      const second = await history.history({ limit: 2, before: first.next! });
      expect(second.items.map((i) => [i.conversationId, i.outcome])).toEqual([
        ['c_escalated', 'escalated'],
        ['c_answered', 'answered'],
      ]);
      const third = await history.history({ limit: 2, before: second.next! });
      expect(third).toEqual({ items: [], next: null, scanned: 0 });
      // Exports also take the conversations still waiting (never one where nothing was said).
      const all = await history.history({ limit: 50, includeOpen: true });
      expect(all.items.map((i) => i.conversationId)).toEqual([
        'c_waiting',
        'c_emergency',
        'c_staff',
        'c_escalated',
        'c_answered',
      ]);
    });

    test('filters by channel, outcome and date', async () => {
      const store = await filled();
      const history = new SqlHistoryStore(store.sql);
      const ids = async (f: object) =>
        (await history.history({ limit: 50, ...f })).items.map((i) => i.conversationId);
      expect(await ids({ channel: 'sms' })).toEqual(['c_staff']);
      expect(await ids({ outcome: 'answered' })).toEqual(['c_answered']);
      const started = (await history.history({ limit: 50 })).items.find(
        (i) => i.conversationId === 'c_escalated',
      )!.startedAt;
      expect(await ids({ to: started })).toEqual(['c_answered']);
      expect(await ids({ from: started })).toEqual(['c_emergency', 'c_staff', 'c_escalated']);
    });

    test('searches the words even when they are sealed, ignoring case and accents', async () => {
      const store = await filled(new FieldCipher(k1));
      const raw = await store.sql.all<{ text: string }>('SELECT text FROM transcript');
      expect(raw.map((r) => r.text).join(' ')).not.toMatch(/bomba/);
      const history = new SqlHistoryStore(store.sql, store.fields);
      const found = await history.history({ limit: 10, text: 'QUE ES' });
      expect(found.items.map((i) => i.conversationId)).toEqual(['c_escalated']);
      expect(found.items[0].firstMessage).toBe('qué es la bomba');
      // Staff words are searched too.
      expect((await history.history({ limit: 10, text: 'hello' })).items).toHaveLength(1);
      expect((await history.history({ limit: 10, text: 'nothing like this' })).items).toEqual([]);
    });

    test('unanswered questions, with the message that was not answered', async () => {
      const store = await filled(new FieldCipher(k1));
      const rows = await new SqlHistoryStore(store.sql, store.fields).unanswered();
      expect(rows.map((r) => [r.conversationId, r.reason, r.question])).toEqual([
        ['c_escalated', 'unsure', 'qué es la bomba'],
      ]);
      expect(rows[0].considered).toEqual([{ id: 'impella-prep', confidence: 0.3 }]);
    });
  });
});
