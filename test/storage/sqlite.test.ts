import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SqliteBotStorage, StateConflictError } from '../../src/storage/sqlite/botStateStorage';
import { MIGRATIONS } from '../../src/storage/sqlite/migrations';
import { openSqlite, SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { tempDataDir } from '../support/server';

// The SQLite engine against a real file: what one run writes, the next run reads.

let dir: string;
let file: string;
const open: SqliteStore[] = [];

function openStore(): SqliteStore {
  const store = new SqliteStore(openSqlite(file));
  open.push(store);
  return store;
}

async function reopen(store: SqliteStore): Promise<SqliteStore> {
  await store.close();
  return openStore();
}

beforeEach(() => {
  dir = tempDataDir();
  // A folder that does not exist yet: the first start creates it.
  file = join(dir, 'data', 'faqbot.sqlite');
});

afterEach(async () => {
  while (open.length) await open.pop()!.close();
  rmSync(dir, { recursive: true, force: true });
});

const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
const migrations = (db: Database.Database) =>
  db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();

describe('migrations', () => {
  test('the first open creates the folder, the file and the whole schema', () => {
    const store = openStore();
    expect(tables(store.db)).toEqual(
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
    expect(migrations(store.db)).toEqual(
      MIGRATIONS.map((_, i) => ({ version: i + 1, applied_at: expect.any(String) })),
    );
  });

  test('reopening applies nothing again and keeps the data', async () => {
    let store = openStore();
    const first = migrations(store.db);
    await store.createConversation('c1', 'directline');
    store = await reopen(store);
    expect(migrations(store.db)).toEqual(first);
    expect(await store.conversationExists('c1')).toBe(true);
  });
});

describe('conversations and their activities', () => {
  test('sequence numbers count per conversation, from 0, and survive a restart', async () => {
    let store = openStore();
    await store.createConversation('a', 'directline');
    await store.createConversation('b', 'directline');
    expect(await store.appendActivity('a', { type: 'message', text: 'a0' })).toBe(0);
    expect(await store.appendActivity('a', { type: 'message', text: 'a1' })).toBe(1);
    expect(await store.appendActivity('b', { type: 'message', text: 'b0' })).toBe(0);

    store = await reopen(store);
    expect(await store.appendActivity('a', { type: 'message', text: 'a2' })).toBe(2);
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
    const store = openStore();
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
    const store = openStore();
    // better-sqlite3's SqliteError is not always an Error to jest's eyes, so read its message.
    const refusal = await store.appendActivity('ghost', { type: 'message' }).then(
      () => 'stored',
      (err: { message?: string }) => err.message,
    );
    expect(refusal).toMatch(/FOREIGN KEY/);
    expect(await store.conversationExists('ghost')).toBe(false);
  });

  test('creating a conversation twice keeps it and its history', async () => {
    const store = openStore();
    await store.createConversation('a', 'directline');
    await store.appendActivity('a', { type: 'message', text: 'kept' });
    await store.createConversation('a', 'sms');
    expect((await store.activitiesAfter('a', -1)).map((s) => s.activity.text)).toEqual(['kept']);
  });
});

describe('transcripts and escalations', () => {
  test('survive close and reopen, in order, with every field', async () => {
    let store = openStore();
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
      { conversationId: 'c2', at: '2025-01-01T10:00:02.000Z', from: 'patient' as const, text: 'x' },
      { conversationId: 'c1', at: '2025-01-01T10:00:03.000Z', from: 'staff' as const, text: 'Hi' },
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
    expect(await store.transcriptOf('c1')).toEqual(lines.filter((l) => l.conversationId === 'c1'));
    const kept = await store.escalationsOf('c1');
    expect(kept).toHaveLength(2);
    expect(kept).toEqual(expect.arrayContaining([urgent, unsure]));
    expect(await store.escalationsOf('c2')).toEqual([]);
  });
});

describe('setting()', () => {
  test('keeps the first value, across restarts', async () => {
    let store = openStore();
    expect(await store.setting('directline.signing-key', () => 'first')).toBe('first');
    expect(await store.setting('directline.signing-key', () => 'second')).toBe('first');
    store = await reopen(store);
    expect(await store.setting('directline.signing-key', () => 'third')).toBe('first');
    expect(await store.setting('other', () => 'own value')).toBe('own value');
  });

  test('two instances on one file agree on the one value', async () => {
    const a = openStore();
    const b = openStore();
    const values = await Promise.all([
      a.setting('directline.signing-key', () => 'from a'),
      b.setting('directline.signing-key', () => 'from b'),
    ]);
    expect(values[0]).toBe(values[1]);
  });
});

describe('SqliteBotStorage (botbuilder state) with eTags', () => {
  test('a new item gets an eTag; read returns what was written', async () => {
    const storage = new SqliteBotStorage(openStore().db);
    expect(await storage.read(['conv/state'])).toEqual({});
    await storage.write({ 'conv/state': { dialogState: { stack: [{ id: 'main' }] }, lang: 'es' } });
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
    const storage = new SqliteBotStorage(openStore().db);
    await storage.write({ k: { n: 1 } });
    const { k: first } = await storage.read(['k']);
    await storage.write({ k: { ...first, n: 2 } });
    const { k: second } = await storage.read(['k']);
    expect(second.n).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
  });

  test('a write with a stale eTag throws and changes nothing', async () => {
    const storage = new SqliteBotStorage(openStore().db);
    await storage.write({ k: { n: 1 } });
    const { k: stale } = await storage.read(['k']);
    await storage.write({ k: { ...stale, n: 2 } });
    await expect(storage.write({ k: { ...stale, n: 3 } })).rejects.toThrow(StateConflictError);
    expect((await storage.read(['k'])).k.n).toBe(2);
  });

  test('a conflict on one key writes none of the others in that call', async () => {
    const storage = new SqliteBotStorage(openStore().db);
    await storage.write({ k: { n: 1 } });
    const { k: stale } = await storage.read(['k']);
    await storage.write({ k: { ...stale, n: 2 } });
    await expect(storage.write({ other: { n: 9 }, k: { ...stale, n: 3 } })).rejects.toThrow(
      StateConflictError,
    );
    expect(await storage.read(['other'])).toEqual({});
  });

  test("eTag '*' (and no eTag) overwrites whatever is there", async () => {
    const storage = new SqliteBotStorage(openStore().db);
    await storage.write({ k: { n: 1 } });
    await storage.write({ k: { n: 2, eTag: '*' } });
    expect((await storage.read(['k'])).k.n).toBe(2);
    await storage.write({ k: { n: 3 } });
    expect((await storage.read(['k'])).k.n).toBe(3);
  });

  test('delete removes items; deleting a missing key is not an error', async () => {
    const storage = new SqliteBotStorage(openStore().db);
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    await storage.delete(['a', 'never-there']);
    expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
  });

  test('an eTag read before a delete does not overwrite the item written after it', async () => {
    const storage = new SqliteBotStorage(openStore().db);
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
    let store = openStore();
    await new SqliteBotStorage(store.db).write({ 'user/profile': { lang: 'es' } });
    store = await reopen(store);
    const { 'user/profile': profile } = await new SqliteBotStorage(store.db).read(['user/profile']);
    expect(profile.lang).toBe('es');
  });

  test('two instances on one file: the second writer with the same eTag gets a conflict', async () => {
    const one = new SqliteBotStorage(openStore().db);
    const two = new SqliteBotStorage(openStore().db);
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
