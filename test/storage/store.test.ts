import { SqlBotStorage, StateConflictError } from '../../src/storage/sql/botStateStorage';
import { PG_MIGRATIONS, SQLITE_MIGRATIONS } from '../../src/storage/sql/migrations';
import type { SqlStore } from '../../src/storage/sql/store';
import { insights } from '../../src/staff/insights';
import { FieldCipher, type Fields } from '../../src/storage/crypto';
import { ENGINES } from '../support/engines';

// One storage suite, run on each engine against a real database: a SQLite file, and a database
// on a real PostgreSQL server. "Reopen" is a restart of the service; a second open() is a second
// instance on the same data.

jest.setTimeout(30_000);

describe.each(ENGINES)('$name', (engine) => {
  const openStore = (fields?: Fields) => engine.open(fields);
  const reopen = async (store: SqlStore) => {
    await store.close();
    return engine.open();
  };
  beforeEach(() => engine.fresh());
  afterEach(() => engine.cleanup());

  const tables = async (store: SqlStore) =>
    (
      await store.sql.all<{ name: string }>(
        engine.name === 'sqlite'
          ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
          : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      )
    ).map((r) => r.name);
  const migrations = (store: SqlStore) =>
    store.sql.all('SELECT version, applied_at FROM schema_migrations ORDER BY version');
  const MIGRATIONS = engine.name === 'sqlite' ? SQLITE_MIGRATIONS : PG_MIGRATIONS;

  describe('migrations', () => {
    test('the first open creates the whole schema', async () => {
      const store = await openStore();
      expect(await tables(store)).toEqual(
        expect.arrayContaining([
          'activities',
          'bot_state',
          'conversations',
          'escalations',
          'schema_migrations',
          'settings',
          'transcript',
          'turns',
        ]),
      );
      expect(await migrations(store)).toEqual(
        MIGRATIONS.map((_, i) => ({ version: i + 1, applied_at: expect.any(String) })),
      );
    });

    test('reopening applies nothing again and keeps the data', async () => {
      let store = await openStore();
      const first = await migrations(store);
      await store.createConversation('c1', 'directline');
      store = await reopen(store);
      expect(await migrations(store)).toEqual(first);
      expect(await store.conversationOpen('c1')).toBe(true);
    });
  });

  describe('conversations and their activities', () => {
    test('sequence numbers count per conversation, from 0, and survive a restart', async () => {
      let store = await openStore();
      await store.createConversation('a', 'directline');
      await store.createConversation('b', 'directline');
      const seq = async (c: string, text: string) =>
        (await store.appendActivity(c, { type: 'message', text })).seq;
      expect(await seq('a', 'a0')).toBe(0);
      expect(await seq('a', 'a1')).toBe(1);
      expect(await seq('b', 'b0')).toBe(0);

      store = await reopen(store);
      expect((await store.appendActivity('a', { type: 'message', text: 'a2' })).seq).toBe(2);
      const all = await store.activitiesAfter('a', -1);
      expect(all.map((s) => [s.seq, s.activity.text])).toEqual([
        [0, 'a0'],
        [1, 'a1'],
        [2, 'a2'],
      ]);
      // Every stored activity has its own id, which names its conversation.
      expect(new Set(all.map((s) => s.activity.id)).size).toBe(3);
      expect((await store.activitiesAfter('b', -1)).map((s) => s.activity.text)).toEqual(['b0']);
    });

    test('activitiesAfter(watermark) gives only what came after it', async () => {
      const store = await openStore();
      await store.createConversation('a', 'directline');
      for (const text of ['zero', 'one', 'two', 'three'])
        await store.appendActivity('a', { type: 'message', text, nested: { keep: [1, 2] } });
      const after = await store.activitiesAfter('a', 1);
      expect(after.map((s) => [s.seq, s.activity.text])).toEqual([
        [2, 'two'],
        [3, 'three'],
      ]);
      expect(after[0].activity.nested).toEqual({ keep: [1, 2] });
      expect(await store.activitiesAfter('a', 3)).toEqual([]);
      expect(await store.activitiesAfter('nobody', -1)).toEqual([]);
    });

    test('an activity for a conversation that was never created is refused', async () => {
      const store = await openStore();
      // A database error is not always an Error to jest's eyes, so read its message.
      const refusal = await store.appendActivity('ghost', { type: 'message' }).then(
        () => 'stored',
        (err: { message?: string }) => err.message,
      );
      expect(refusal).not.toBe('stored');
      expect(await store.conversationOpen('ghost')).toBe(false);
    });

    test('text with a NUL character is kept (PostgreSQL cannot store NUL: it becomes U+FFFD)', async () => {
      const store = await openStore();
      await store.appendTranscript({
        conversationId: 'n',
        at: '2026-01-01T00:00:00.000Z',
        from: 'patient',
        text: 'a\u0000b',
      });
      const [line] = await store.transcriptOf('n');
      expect(line.text).toBe(engine.name === 'postgres' ? 'a\ufffdb' : 'a\u0000b');
    });

    test('creating a conversation twice keeps it and its history', async () => {
      const store = await openStore();
      await store.createConversation('a', 'directline');
      await store.appendActivity('a', { type: 'message', text: 'kept' });
      await store.createConversation('a', 'sms');
      expect((await store.activitiesAfter('a', -1)).map((s) => s.activity.text)).toEqual(['kept']);
    });

    test("a conversation's language is its latest turn's, also across a restart", async () => {
      const turn = (conversationId: string, lang: 'en' | 'es') =>
        store.recordTurn({
          conversationId,
          action: 'answer',
          lang,
          entryId: 'duration',
          confidence: 0.9,
          ranked: [],
        });
      let store = await openStore();
      await store.createConversation('a', 'sms');
      await store.createConversation('b', 'sms');
      expect(await store.staff.channelOf('a')).toEqual({ channel: 'sms', lang: null });
      await turn('a', 'es');
      expect(await store.staff.channelOf('a')).toEqual({ channel: 'sms', lang: 'es' });
      await turn('a', 'es');
      await turn('a', 'en');
      await store.close();
      store = await openStore();
      expect(await store.staff.channelOf('a')).toEqual({ channel: 'sms', lang: 'en' });
      expect(await store.staff.channelOf('b')).toEqual({ channel: 'sms', lang: null });
    });
  });

  describe('transcripts and escalations', () => {
    test('survive close and reopen, in order, with every field', async () => {
      let store = await openStore();
      const lines = [
        {
          conversationId: 'c1',
          at: '2025-01-01T10:00:00.000Z',
          from: 'patient' as const,
          text: 'hi',
        },
        {
          conversationId: 'c1',
          at: '2025-01-01T10:00:01.000Z',
          from: 'bot' as const,
          text: '¡Hola!',
        },
        {
          conversationId: 'c2',
          at: '2025-01-01T10:00:02.000Z',
          from: 'patient' as const,
          text: 'x',
        },
        {
          conversationId: 'c1',
          at: '2025-01-01T10:00:03.000Z',
          from: 'staff' as const,
          text: 'Hi',
        },
      ];
      for (const line of lines) await store.appendTranscript(line);
      const urgent = await store.createEscalation({
        conversationId: 'c1',
        channel: 'directline',
        reason: 'emergency',
        priority: 'urgent',
        lang: 'es',
        considered: [],
      });
      const unsure = await store.createEscalation({
        conversationId: 'c1',
        channel: 'sms',
        reason: 'topic',
        priority: 'normal',
        lang: 'en',
        considered: [{ id: 'impella-duration', confidence: 0.41 }],
        topic: 'billing',
      });
      expect(urgent.id).not.toBe(unsure.id);

      store = await reopen(store);
      expect(await store.transcriptOf('c1')).toEqual(
        lines.filter((l) => l.conversationId === 'c1'),
      );
      const kept = await store.escalationsOf('c1');
      expect(kept).toHaveLength(2);
      expect(kept).toEqual(expect.arrayContaining([urgent, unsure]));
      expect(await store.escalationsOf('c2')).toEqual([]);
    });
  });

  describe('setting()', () => {
    test('keeps the first value, across restarts', async () => {
      let store = await openStore();
      expect(await store.setting('directline.signing-key', () => 'first')).toBe('first');
      expect(await store.setting('directline.signing-key', () => 'second')).toBe('first');
      store = await reopen(store);
      expect(await store.setting('directline.signing-key', () => 'third')).toBe('first');
      expect(await store.setting('other', () => 'own value')).toBe('own value');
    });

    test('a second connection reads the value the first one made', async () => {
      const a = await openStore();
      const b = await openStore();
      expect(await a.setting('directline.signing-key', () => 'from a')).toBe('from a');
      expect(await b.setting('directline.signing-key', () => 'from b')).toBe('from a');
    });
  });

  describe('SqlBotStorage (botbuilder state) with eTags', () => {
    test('a new item gets an eTag; read returns what was written', async () => {
      const storage = new SqlBotStorage((await openStore()).sql);
      expect(await storage.read(['conv/state'])).toEqual({});
      await storage.write({
        'conv/state': { dialogState: { stack: [{ id: 'main' }] }, lang: 'es' },
      });
      const { 'conv/state': item } = await storage.read(['conv/state', 'missing']);
      expect(item).toEqual({
        dialogState: { stack: [{ id: 'main' }] },
        lang: 'es',
        eTag: expect.any(String),
      });
      expect(item.eTag).not.toBe('');
      expect(item.eTag).not.toBe('*');
    });

    test('a write with the current eTag succeeds and changes the eTag', async () => {
      const storage = new SqlBotStorage((await openStore()).sql);
      await storage.write({ k: { n: 1 } });
      const { k: first } = await storage.read(['k']);
      await storage.write({ k: { ...first, n: 2 } });
      const { k: second } = await storage.read(['k']);
      expect(second.n).toBe(2);
      expect(second.eTag).not.toBe(first.eTag);
    });

    test('a write with a stale eTag throws and changes nothing', async () => {
      const storage = new SqlBotStorage((await openStore()).sql);
      await storage.write({ k: { n: 1 } });
      const { k: stale } = await storage.read(['k']);
      await storage.write({ k: { ...stale, n: 2 } });
      await expect(storage.write({ k: { ...stale, n: 3 } })).rejects.toThrow(StateConflictError);
      expect((await storage.read(['k'])).k.n).toBe(2);
    });

    test('a conflict on one key writes none of the others in that call', async () => {
      const storage = new SqlBotStorage((await openStore()).sql);
      await storage.write({ k: { n: 1 } });
      const { k: stale } = await storage.read(['k']);
      await storage.write({ k: { ...stale, n: 2 } });
      await expect(storage.write({ other: { n: 9 }, k: { ...stale, n: 3 } })).rejects.toThrow(
        StateConflictError,
      );
      expect(await storage.read(['other'])).toEqual({});
    });

    test("eTag '*' (and no eTag) overwrites whatever is there", async () => {
      const storage = new SqlBotStorage((await openStore()).sql);
      await storage.write({ k: { n: 1 } });
      await storage.write({ k: { n: 2, eTag: '*' } });
      expect((await storage.read(['k'])).k.n).toBe(2);
      await storage.write({ k: { n: 3 } });
      expect((await storage.read(['k'])).k.n).toBe(3);
    });

    test('delete removes items; deleting a missing key is not an error', async () => {
      const storage = new SqlBotStorage((await openStore()).sql);
      await storage.write({ a: { n: 1 }, b: { n: 2 } });
      await storage.delete(['a', 'never-there']);
      expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
    });

    test('an eTag read before a delete does not overwrite the item written after it', async () => {
      const storage = new SqlBotStorage((await openStore()).sql);
      await storage.write({ k: { owner: 'first turn' } });
      const { k: old } = await storage.read(['k']);
      await storage.delete(['k']);
      await storage.write({ k: { owner: 'new conversation' } });
      await expect(storage.write({ k: { ...old, owner: 'late turn' } })).rejects.toThrow(
        StateConflictError,
      );
      expect((await storage.read(['k'])).k.owner).toBe('new conversation');
    });

    test('state survives close and reopen', async () => {
      let store = await openStore();
      await new SqlBotStorage(store.sql).write({ 'user/profile': { lang: 'es' } });
      store = await reopen(store);
      const { 'user/profile': profile } = await new SqlBotStorage(store.sql).read(['user/profile']);
      expect(profile.lang).toBe('es');
    });

    test('two instances: the second writer with the same eTag gets a conflict', async () => {
      const one = new SqlBotStorage((await openStore()).sql);
      const two = new SqlBotStorage((await openStore()).sql);
      await one.write({ k: { n: 0 } });
      const [{ k: seenByOne }, { k: seenByTwo }] = await Promise.all([
        one.read(['k']),
        two.read(['k']),
      ]);
      expect(seenByOne.eTag).toBe(seenByTwo.eTag);
      await one.write({ k: { ...seenByOne, n: 1 } });
      await expect(two.write({ k: { ...seenByTwo, n: 2 } })).rejects.toThrow(StateConflictError);
      expect((await two.read(['k'])).k.n).toBe(1);
      // Having read again, the second instance writes on top.
      const { k: fresh } = await two.read(['k']);
      await two.write({ k: { ...fresh, n: 2 } });
      expect((await one.read(['k'])).k.n).toBe(2);
    });
  });

  describe('SMS store', () => {
    test('contacts, opt-out, webhook replies and the outbox lifecycle', async () => {
      let store = await openStore();
      await store.sms.saveContact('sms_a', '+15550000002', '+15550009999');
      await store.sms.saveContact('sms_a', '+19999999999', '+15550009999');
      expect(await store.sms.contact('sms_a')).toEqual({
        patientNumber: '+15550000002',
        clinicNumber: '+15550009999',
        optedOut: false,
      });
      await store.sms.setOptedOut('sms_a', true);
      expect((await store.sms.contact('sms_a'))?.optedOut).toBe(true);

      await store.sms.recordInbound('SM1', 'sms_a', '<Response/>');
      await store.sms.recordInbound('SM1', 'sms_a', '<Response>other</Response>');
      expect(await store.sms.inboundReply('SM1')).toBe('<Response/>');
      expect(await store.sms.inboundReply('SM2')).toBeUndefined();

      const first = await store.sms.enqueue('sms_a', 'one');
      const second = await store.sms.enqueue('sms_a', 'two');
      expect(second).toBeGreaterThan(first);
      const [m1] = await store.sms.claimDue(new Date(), 1);
      expect(m1.body).toBe('one');
      await store.sms.markRetry(m1.id, new Date(Date.now() + 60_000), '503: busy');
      const [m2] = await store.sms.claimDue(new Date(), 5);
      expect(m2.body).toBe('two');
      await store.sms.markSent(m2.id, 'SMabc');
      await store.sms.recordDelivery('SMabc', 'delivered');
      await store.sms.recordDelivery('SMabc', 'sent');
      // A retry comes due once its time has passed.
      const [again] = await store.sms.claimDue(new Date(Date.now() + 61_000), 5);
      expect([again.body, again.attempts]).toEqual(['one', 2]);

      store = await reopen(store);
      // Left "sending" by the restart: marked failed, never resent.
      expect(await store.sms.releaseInterrupted()).toBe(1);
      expect(
        (await store.sms.outboxOf('sms_a')).map((m) => [m.body, m.status, m.delivery]),
      ).toEqual([
        ['one', 'failed', null],
        ['two', 'sent', 'delivered'],
      ]);
    });

    test('releaseInterrupted(olderThan) leaves a send claimed just now alone', async () => {
      const store = await openStore();
      await store.sms.saveContact('sms_b', '+15550000003', '+15550009999');
      await store.sms.enqueue('sms_b', 'in flight elsewhere');
      await store.sms.claimDue(new Date(), 1);
      expect(await store.sms.releaseInterrupted(new Date(Date.now() - 120_000))).toBe(0);
      expect((await store.sms.outboxOf('sms_b'))[0].status).toBe('sending');
    });
  });

  describe('staff store', () => {
    test('accounts, sessions, claim, resolve, the queue and the audit log', async () => {
      const store = await openStore();
      const admin = await store.staff.addStaff('Admin@Clinic.example', 'admin', 'hash', null);
      const nurse = await store.staff.addStaff('nurse@clinic.example', 'staff', null, 'setup');
      expect((await store.staff.credentials('ADMIN@clinic.example'))?.id).toBe(admin.id);
      const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
      expect((await store.staff.bySetupToken('setup', dayAgo))?.id).toBe(nurse.id);
      // Issued before the cut-off: expired.
      expect(await store.staff.bySetupToken('setup', new Date().toISOString())).toBeUndefined();
      // A new link replaces the old one.
      await store.staff.issueSetupLink(nurse.id, 'again');
      expect(await store.staff.bySetupToken('setup', dayAgo)).toBeUndefined();
      expect((await store.staff.bySetupToken('again', dayAgo))?.id).toBe(nurse.id);
      await store.staff.createSession('tok', admin.id, 'csrf', '2999-01-01T00:00:00.000Z');
      await store.staff.createSession('old', admin.id, 'csrf', '2000-01-01T00:00:00.000Z');
      expect((await store.staff.session('tok'))?.member.email).toBe('admin@clinic.example');
      expect(await store.staff.session('old')).toBeUndefined();
      // A new password ends every session; a disabled account has none and cannot be used.
      await store.staff.setPassword(admin.id, 'hash2');
      expect(await store.staff.session('tok')).toBeUndefined();
      await store.staff.createSession('tok2', admin.id, 'csrf', '2999-01-01T00:00:00.000Z');
      expect(await store.staff.setDisabled('ADMIN@clinic.example', true)).toBe(true);
      expect(await store.staff.session('tok2')).toBeUndefined();
      expect(await store.staff.credentials('admin@clinic.example')).toMatchObject({
        disabled: true,
      });
      expect(await store.staff.setDisabled('nobody@clinic.example', true)).toBe(false);
      await store.staff.setDisabled('admin@clinic.example', false);
      await store.staff.createSession('tok', admin.id, 'csrf', '2999-01-01T00:00:00.000Z');
      expect(await store.staff.setRole('nurse@clinic.example', 'admin')).toBe(true);
      expect(
        (await store.staff.listStaff()).map((a) => [a.email, a.role, a.disabled, a.hasPassword]),
      ).toEqual([
        ['admin@clinic.example', 'admin', false, true],
        ['nurse@clinic.example', 'admin', false, false],
      ]);
      await store.staff.setRole('nurse@clinic.example', 'staff');

      await store.createConversation('c1', 'directline');
      await store.appendTranscript({
        conversationId: 'c1',
        at: new Date().toISOString(),
        from: 'patient',
        text: 'I need a person',
      });
      await store.createEscalation({
        conversationId: 'c1',
        channel: 'directline',
        reason: 'human',
        priority: 'normal',
        lang: 'en',
        considered: [],
      });
      await store.createConversation('c2', 'sms');
      await store.createEscalation({
        conversationId: 'c2',
        channel: 'sms',
        reason: 'emergency',
        priority: 'urgent',
        lang: 'es',
        considered: [],
      });
      const queue = await store.staff.queue();
      expect(queue.map((q) => [q.conversationId, q.reason, q.lastPatientMessage])).toEqual([
        ['c2', 'emergency', null],
        ['c1', 'human', 'I need a person'],
      ]);

      expect(await store.staff.claim('c1', admin.id)).toBe(true);
      expect(await store.staff.claim('c1', nurse.id)).toBe(false);
      expect(await store.ensureConversation('c1', 'webchat')).toBe('staff');
      expect(await store.staff.resolve('c1', admin.id)).toBe(true);
      expect(await store.ensureConversation('c1', 'webchat')).toBe('bot');
      expect(
        (await store.staff.handoffs('c1')).map((h) => [h.staffId, h.endedAt !== null]),
      ).toEqual([[admin.id, true]]);
      expect((await store.staff.queue()).map((q) => q.conversationId)).toEqual(['c2']);

      await store.staff.audit({
        staffId: admin.id,
        action: 'view',
        conversationId: 'c1',
        detail: null,
      });
      await store.staff.audit({
        staffId: nurse.id,
        action: 'reveal',
        conversationId: 'c2',
        detail: 'x',
      });
      expect((await store.staff.auditLog({})).map((e) => e.action)).toEqual(['reveal', 'view']);
      expect((await store.staff.auditLog({ staffId: admin.id })).map((e) => e.action)).toEqual([
        'view',
      ]);
      expect(await store.staff.auditLog({ action: 'reveal', conversationId: 'c1' })).toEqual([]);
    });
  });

  describe('encryption at rest (DATA_KEY)', () => {
    const k1 = `k1:${FieldCipher.newKey()}`;
    const k2 = `k2:${FieldCipher.newKey()}`;
    const NUMBER = '+15558675309';
    const TEXT = 'my husband Bartholomew took his warfarin twice';

    async function fill(store: SqlStore) {
      await store.createConversation('c', 'sms');
      await store.appendTranscript({
        conversationId: 'c',
        at: '2026-01-01T00:00:00.000Z',
        from: 'patient',
        text: TEXT,
      });
      await store.appendActivity('c', { type: 'message', text: TEXT });
      await store.sms.saveContact('c', NUMBER, '+15550009999');
      await store.sms.recordInbound('SMx', 'c', `<Response><Message>${TEXT}</Message></Response>`);
      await store.sms.enqueue('c', `Re: ${TEXT}`);
      await new SqlBotStorage(store.sql, store.fields).write({
        'sms/conversations/c': { last: TEXT },
      });
      // A nurse teaches the bot the patient's own wording.
      await store.teaching.propose({
        kind: 'question',
        entryId: 'impella-duration',
        payload: { lang: 'en', question: TEXT },
        proposedBy: 'nurse',
      });
    }

    async function raw(store: SqlStore): Promise<string> {
      const parts: unknown[] = [];
      for (const table of [
        'transcript',
        'activities',
        'sms_contacts',
        'sms_inbound',
        'sms_outbox',
        'bot_state',
        'knowledge_changes',
      ])
        parts.push(await store.sql.all(`SELECT * FROM ${table}`));
      return JSON.stringify(parts);
    }

    async function readBack(store: SqlStore) {
      expect((await store.transcriptOf('c')).map((l) => l.text)).toEqual([TEXT]);
      expect((await store.activitiesAfter('c', -1))[0].activity.text).toBe(TEXT);
      expect((await store.sms.contact('c'))?.patientNumber).toBe(NUMBER);
      expect(await store.sms.inboundReply('SMx')).toContain(TEXT);
      expect((await store.sms.outboxOf('c'))[0].body).toBe(`Re: ${TEXT}`);
      const state = await new SqlBotStorage(store.sql, store.fields).read(['sms/conversations/c']);
      expect(state['sms/conversations/c'].last).toBe(TEXT);
      expect((await store.teaching.list('draft'))[0].payload).toMatchObject({ question: TEXT });
    }

    test('numbers and words are unreadable in the database and read back whole', async () => {
      const store = await openStore(new FieldCipher(k1));
      await fill(store);
      const stored = await raw(store);
      expect(stored).not.toMatch(/Bartholomew|warfarin|8675309/);
      await readBack(store);
      // Also where the console reads them: the queue and the teaching impact.
      expect(await store.teaching.patientMessages(10)).toEqual([TEXT]);
    });

    test('rotation: a new key first still reads the old data; rekey moves it all to the new key', async () => {
      const before = await openStore(new FieldCipher(k1));
      await fill(before);
      await before.close();
      const rotated = await openStore(new FieldCipher(`${k2},${k1}`));
      await readBack(rotated);
      expect(await rotated.rekey(new FieldCipher(`${k2},${k1}`))).toBeGreaterThanOrEqual(8);
      expect(await raw(rotated)).not.toMatch(/enc1\.k1\./);
      await rotated.close();
      const newOnly = await openStore(new FieldCipher(k2));
      await readBack(newOnly);
    });

    test('turning encryption on: rekey seals what was stored in clear', async () => {
      const plain = await openStore();
      await fill(plain);
      expect(await raw(plain)).toMatch(/Bartholomew/);
      await plain.close();
      const sealed = await openStore(new FieldCipher(k1));
      await readBack(sealed);
      await sealed.rekey(new FieldCipher(k1));
      expect(await raw(sealed)).not.toMatch(/Bartholomew|warfarin|8675309/);
      await readBack(sealed);
    });
  });

  describe('retention', () => {
    test('purgeBefore removes old messages and keeps open work, opt-outs and recent talk', async () => {
      const store = await openStore();
      const old = '2020-01-01T00:00:00.000Z';
      for (const id of ['old-done', 'old-open', 'new']) await store.createConversation(id, 'sms');
      for (const id of ['old-done', 'old-open', 'new']) {
        await store.appendActivity(id, { type: 'message', text: `${id} said` });
        await store.appendTranscript({ conversationId: id, at: old, from: 'patient', text: 'x' });
      }
      await store.appendTranscript({
        conversationId: 'new',
        at: new Date().toISOString(),
        from: 'patient',
        text: 'recent',
      });
      await store.createEscalation({
        conversationId: 'old-open',
        channel: 'sms',
        reason: 'human',
        priority: 'normal',
        lang: 'en',
        considered: [],
      });
      await store.sms.saveContact('old-done', '+15550000010', '+15550009999');
      await store.sms.saveContact('old-open', '+15550000011', '+15550009999');
      await store.sms.setOptedOut('old-open', true);
      // Staff messages' delivery records: an old one, and an old one whose alert is still up.
      for (const [id, alerted] of [
        ['old-done', null],
        ['old-open', old],
      ])
        await store.sql.run(
          'INSERT INTO staff_messages (conversation_id, at, staff_id, channel, outbox_id, alerted_at) VALUES (?, ?, ?, ?, ?, ?)',
          [id, old, null, 'sms', null, alerted],
        );
      // Make the "old" conversations' rows old.
      await store.sql.run(
        "UPDATE activities SET created_at = ? WHERE conversation_id IN ('old-done', 'old-open')",
        [old],
      );
      await store.sql.run(
        "UPDATE conversations SET created_at = ? WHERE id IN ('old-done', 'old-open')",
        [old],
      );
      const removed = await store.purgeBefore(new Date('2024-01-01T00:00:00.000Z'));
      expect(removed).toMatchObject({
        transcript: 3,
        activities: 2,
        conversations: 1,
        staffMessages: 1,
      });
      expect(await store.conversationOpen('old-done')).toBe(false);
      // Its escalation is open: the conversation stays for staff, its old words do not.
      expect(await store.conversationOpen('old-open')).toBe(true);
      expect(await store.transcriptOf('old-open')).toEqual([]);
      expect((await store.staff.queue()).map((q) => q.conversationId)).toEqual(['old-open']);
      expect((await store.transcriptOf('new')).map((l) => l.text)).toEqual(['recent']);
      expect(await store.activitiesAfter('new', -1)).toHaveLength(1);
      // A STOP is honoured for good; a finished conversation's number is gone.
      expect((await store.sms.contact('old-open'))?.optedOut).toBe(true);
      expect(await store.sms.contact('old-done')).toBeUndefined();
    });
  });

  describe('teaching and insights', () => {
    test('drafts are decided once; insights read the same tables on both engines', async () => {
      const store = await openStore();
      const draft = await store.teaching.propose({
        kind: 'question',
        entryId: 'impella-duration',
        payload: { lang: 'en', question: 'how long am I in there' },
        proposedBy: 'nurse',
      });
      expect(draft).toMatchObject({
        status: 'draft',
        payload: { question: 'how long am I in there' },
      });
      expect(await store.teaching.decide(draft.id, 'approved', 'admin')).toBe(true);
      expect(await store.teaching.decide(draft.id, 'rejected', 'admin')).toBe(false);
      expect((await store.teaching.list('approved')).map((c) => c.id)).toEqual([draft.id]);
      expect(await store.teaching.list('draft')).toEqual([]);

      await store.createConversation('c1', 'directline');
      const at = new Date().toISOString();
      await store.appendTranscript({ conversationId: 'c1', at, from: 'patient', text: 'parking?' });
      await store.createEscalation({
        conversationId: 'c1',
        channel: 'directline',
        reason: 'topic',
        priority: 'normal',
        lang: 'en',
        considered: [],
      });
      await store.recordTurn({
        conversationId: 'c1',
        action: 'escalate',
        lang: 'en',
        entryId: null,
        confidence: 0.2,
        ranked: [],
      });
      await store.appendTranscript({
        conversationId: 'c1',
        at: new Date(Date.now() + 90_000).toISOString(),
        from: 'staff',
        text: 'Lot B',
      });
      const seen = await insights(store.sql);
      expect(seen.perDay).toEqual([
        { day: at.slice(0, 10), channel: 'directline', lang: 'en', messages: 1 },
      ]);
      expect(seen.actions).toEqual({ escalate: 1 });
      expect(seen.medianStaffReplySeconds).toBeGreaterThanOrEqual(89);
      expect(seen.unanswered).toEqual([{ example: 'parking?', count: 1 }]);
      expect(await store.teaching.patientMessages(10)).toEqual(['parking?']);
    });
  });
});

// Several instances share one database only on PostgreSQL (SQLite is one process's file).
describe('postgres: several instances on one database', () => {
  const engine = ENGINES.find((e) => e.name === 'postgres')!;
  const openStore = (fields?: Fields) => engine.open(fields);
  beforeEach(() => engine.fresh());
  afterEach(() => engine.cleanup());

  test('instances starting at once agree on one signing key', async () => {
    const stores = await Promise.all([openStore(), openStore(), openStore()]);
    const values = await Promise.all(
      stores.map((s, i) => s.setting('directline.signing-key', () => `from ${i}`)),
    );
    expect(new Set(values).size).toBe(1);
  });

  test('activities appended at once through two instances get distinct, gapless watermarks', async () => {
    const a = await openStore();
    const b = await openStore();
    await a.createConversation('c', 'directline');
    const appended = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).appendActivity('c', { type: 'message', text: `m${i}` }),
      ),
    );
    const seqs = appended.map((x) => x.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const history = await b.activitiesAfter('c', -1);
    expect(history).toHaveLength(40);
    // What appendActivity returned is what the history holds.
    for (const x of appended) expect(history[x.seq]).toEqual(x);
  });

  test('exclusive() runs one holder of a key at a time across instances; other keys go on', async () => {
    const a = await openStore();
    const b = await openStore();
    const log: string[] = [];
    const hold = (store: SqlStore, key: string, name: string) =>
      store.exclusive(key, async () => {
        log.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 80));
        log.push(`${name} out`);
      });
    await Promise.all([hold(a, 'conv-1', 'a1'), hold(b, 'conv-1', 'b1'), hold(b, 'conv-2', 'b2')]);
    const i = (x: string) => log.indexOf(x);
    // The two holders of conv-1 never overlap, in whichever order they got the lock.
    const [first, second] = i('a1 in') < i('b1 in') ? ['a1', 'b1'] : ['b1', 'a1'];
    expect(i(`${first} out`)).toBeLessThan(i(`${second} in`));
    // conv-2 did not wait for conv-1.
    expect(i('b2 in')).toBeLessThan(i(`${second} in`));
  });

  test('the outbox: instances claiming at once take each message exactly once', async () => {
    const a = await openStore();
    const b = await openStore();
    await a.sms.saveContact('sms_x', '+15550000001', '+15550009999');
    for (let i = 0; i < 30; i++) await a.sms.enqueue('sms_x', `message ${i}`);
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).sms.claimDue(new Date(), 4)),
    );
    const ids = claims.flat().map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(30);
    expect(claims.flat().every((m) => m.to === '+15550000001' && m.attempts === 1)).toBe(true);
    expect(await a.sms.claimDue(new Date(), 10)).toEqual([]);
  });
});
