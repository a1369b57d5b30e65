import { SqlBotStorage } from '../../src/storage/sql/botStateStorage';
import type { SqlStore } from '../../src/storage/sql/store';
import { ENGINES } from '../support/engines';

// Ids come from callers (a conversation id in a Bot Framework activity, a path parameter, an
// email typed at log-in). SQL's wildcards in one must match nothing but that exact id: "%" once
// deleted every patient's chat state. Every store method that takes an id is fed them.

jest.setTimeout(60_000);

const WILD = ['%', '_', '%%', '_%', 'c_%', '\\%', '*', "%' OR '1'='1"];
const REAL = 'c_real-conversation';

describe.each(ENGINES)('$name', (engine) => {
  let store: SqlStore;
  let state: SqlBotStorage;
  let staffId: string;
  beforeEach(async () => {
    await engine.fresh();
    store = await engine.open();
    state = new SqlBotStorage(store.sql);
    await store.ensureConversation(REAL, 'directline');
    await store.appendTranscript({
      conversationId: REAL,
      at: new Date().toISOString(),
      from: 'patient',
      text: 'hello',
    });
    await store.appendActivity(REAL, { type: 'message', text: 'hello' });
    await store.createEscalation({
      conversationId: REAL,
      channel: 'directline',
      reason: 'human',
      priority: 'normal',
      lang: 'en',
      considered: [],
    });
    await store.sms.saveContact(REAL, '+15550001111', '+15550002222');
    await store.sms.enqueue(REAL, 'a reply');
    await state.write({ [`directline/conversations/${REAL}/`]: { lang: 'en' } });
    staffId = (await store.staff.addStaff('nurse@clinic.example.org', 'staff', 'x', null)).id;
    await store.staff.claim(REAL, staffId);
  });
  afterEach(() => engine.cleanup());

  async function realIsWhole(): Promise<void> {
    expect(await store.conversationOpen(REAL)).toBe(true);
    expect((await store.transcriptOf(REAL)).map((l) => l.text)).toEqual(['hello']);
    expect(await store.activitiesAfter(REAL, -1)).toHaveLength(1);
    expect(await store.escalationsOf(REAL)).toHaveLength(1);
    expect(await store.sms.contact(REAL)).toMatchObject({ patientNumber: '+15550001111' });
    expect(await store.sms.outboxOf(REAL)).toHaveLength(1);
    expect(Object.keys(await state.read([`directline/conversations/${REAL}/`]))).toHaveLength(1);
    expect(await store.staff.ownerOf(REAL)).toEqual({ owner: 'staff', staffId });
  }

  test('reads with a wildcard id find nothing', async () => {
    for (const id of WILD) {
      expect(await store.conversationOpen(id)).toBe(false);
      expect(await store.transcriptOf(id)).toEqual([]);
      expect(await store.activitiesAfter(id, -1)).toEqual([]);
      expect(await store.escalationsOf(id)).toEqual([]);
      expect(await store.sms.contact(id)).toBeUndefined();
      expect(await store.sms.outboxOf(id)).toEqual([]);
      expect(await store.sms.inboundReply(id)).toBeUndefined();
      expect(await state.read([id, `directline/conversations/${id}/`])).toEqual({});
      expect(await store.staff.channelOf(id)).toBeUndefined();
      expect(await store.staff.ownerOf(id)).toEqual({ owner: 'bot', staffId: null });
      expect(await store.staff.handoffs(id)).toEqual([]);
      expect(await store.staff.credentials(id)).toBeUndefined();
      expect(await store.staff.session(id)).toBeUndefined();
      expect(await store.staff.bySetupToken(id, '1970-01-01T00:00:00.000Z')).toBeUndefined();
      expect(
        await store.staff.auditLog({ conversationId: id, staffId: id, action: id, limit: 10 }),
      ).toEqual([]);
    }
  });

  test('writes and deletions with a wildcard id touch no other conversation', async () => {
    for (const id of WILD) {
      await store.forgetConversation(id);
      await state.delete([id, `directline/conversations/${id}/`, `${id}/conversations/${id}/`]);
      await store.sms.setOptedOut(id, true);
      await store.staff.resolve(id, staffId);
      await store.staff.claim(id, staffId);
      await store.staff.deleteSession(id);
      await realIsWhole();
    }
  });
});
