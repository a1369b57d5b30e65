import { smsLength } from '../../src/language/smsLength';
import { knowledgeFolder } from '../fixtures/staff/knowledgeFolder';
import { StaffClient, WebChatPatient, addStaff } from '../fixtures/staff/staff';
import { createTestDatabase } from '../support/postgres';
import { startServer, type Running } from '../support/server';

// The Knowledge page's API on each storage engine: what every staff member reads, what only an
// admin may change, and that publishing rebuilds the serving knowledge in place, with
// staff-written Spanish given to patients only once approved and published.
jest.setTimeout(120_000);

interface EntryView {
  id: string;
  status: string;
  questions: { en: string[]; es: string[] };
  answers: { en: { web: string; sms: string }; es: { web: string; sms: string } };
  spanish: {
    served: string | null;
    draft: { text: string; approved: boolean } | null;
    reviewPending: boolean;
  };
  sourceChanged: boolean;
  unpublished: { kind: string }[];
}
interface Listing {
  groups: {
    procedure: { id: string; name: string } | null;
    sources: { source: string; url: string | null; entries: EntryView[] }[];
  }[];
  unpublished: number;
  canEdit: boolean;
}

const ENGINES = [
  { name: 'sqlite', database: async () => ({ env: {}, drop: async () => undefined }) },
  {
    name: 'postgres',
    database: async () => {
      const db = await createTestDatabase();
      return { env: { DATABASE_URL: db.url }, drop: db.drop };
    },
  },
];

const entriesOf = (l: Listing) => l.groups.flatMap((g) => g.sources.flatMap((s) => s.entries));

describe.each(ENGINES)('$name', ({ database }) => {
  let server: Running;
  let drop: () => Promise<void>;
  let nurse: StaffClient;
  let admin: StaffClient;

  beforeAll(async () => {
    const db = await database();
    drop = db.drop;
    server = await startServer({
      KNOWLEDGE_DIR: knowledgeFolder(),
      // One text message a reply, so the sample site's longer sections are cut.
      SMS_MAX_SEGMENTS: '1',
      ...db.env,
    });
    await addStaff(server.app, 'nurse@clinic.test', 'staff');
    await addStaff(server.app, 'admin@clinic.test', 'admin');
    nurse = await StaffClient.logIn(server.url, 'nurse@clinic.test');
    admin = await StaffClient.logIn(server.url, 'admin@clinic.test');
  });

  afterAll(async () => {
    await server.close();
    await drop();
  });

  const listing = async (who = admin, query = '') => {
    const r = await who.get<Listing>(`knowledge/entries${query}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const entry = async (id: string) => entriesOf(await listing()).find((e) => e.id === id)!;
  const replyTo = async (text: string, locale: 'en' | 'es' = 'en') => {
    const patient = await WebChatPatient.start(server.url, locale);
    const id = await patient.say(text);
    return (await patient.after(id)).map(([, t]) => t).join('\n');
  };
  const actions = async () =>
    (
      await admin.get<{ entries: { action: string; detail: string | null; staffEmail: string }[] }>(
        'audit',
      )
    ).body.entries;

  test('staff read entries by procedure and source, with replies, wordings, Spanish and status', async () => {
    const l = await listing(nurse);
    expect(l.canEdit).toBe(false);
    expect(l.groups.map((g) => g.procedure?.id ?? null)).toEqual([
      'ablation',
      'echo',
      'holter',
      'stent',
      null,
    ]);
    const holter = l.groups.find((g) => g.procedure?.id === 'holter')!;
    expect(holter.sources.map((s) => s.source)).toEqual(['procedures/holter.txt']);
    const all = entriesOf(l);
    const byId = (id: string) => all.find((e) => e.id === id)!;
    expect(byId('ablation.what')).toMatchObject({ status: 'translated' });
    expect(byId('ablation.what').spanish.served).toMatch(/\S/);
    expect(byId('ablation.what').questions.en.length).toBeGreaterThan(0);
    expect(byId('stent.what')).toMatchObject({ status: 'untranslated', spanish: { served: null } });
    // A re-fetch found the holter page changed: its entries await review.
    expect(byId('holter.what')).toMatchObject({ status: 'source changed', sourceChanged: true });
    // An English-only entry in Spanish: the English, said to be English only, as patients get it.
    expect(byId('stent.what').answers.es.web).toContain(
      byId('stent.what').answers.en.web.slice(0, 40),
    );
    for (const e of all) {
      expect(smsLength(e.answers.en.sms).segments).toBe(1);
    }
    // A long section is cut for SMS and ends with the link to the whole answer.
    const longest = [...all].sort((a, b) => b.answers.en.web.length - a.answers.en.web.length)[0];
    expect(smsLength(longest.answers.en.web).segments).toBeGreaterThan(1);
    expect(longest.answers.en.sms).toMatch(
      new RegExp(`\\.\\.\\. http\\S+/a/${longest.id.replace(/\./g, '\\.')}\\?lang=en$`),
    );

    expect(
      entriesOf(await listing(nurse, '?status=untranslated')).every(
        (e) => e.status === 'untranslated',
      ),
    ).toBe(true);
    expect(entriesOf(await listing(nurse, '?procedure=stent')).map((e) => e.id)).toContain(
      'stent.what',
    );
    expect(
      entriesOf(await listing(nurse, '?procedure=clinic')).every((e) => !e.id.startsWith('stent')),
    ).toBe(true);
    expect((await nurse.get('knowledge/entries?status=bogus')).status).toBe(400);

    // One audited view a session, however often the page refreshes.
    const views = (await actions()).filter((a) => a.action === 'view-knowledge');
    expect(views).toEqual([expect.objectContaining({ staffEmail: 'nurse@clinic.test' })]);
  });

  test('only an admin changes the knowledge, with the CSRF token; no session is a 401', async () => {
    const wording = { lang: 'en', question: 'is the holter thing heavy' };
    expect((await nurse.post('knowledge/entries/holter.what/questions', wording)).status).toBe(403);
    expect((await nurse.post('knowledge/publish')).status).toBe(403);
    expect(
      (await admin.post('knowledge/entries/holter.what/questions', wording, { csrf: false }))
        .status,
    ).toBe(403);
    expect((await fetch(`${server.url}/api/staff/knowledge/entries`)).status).toBe(401);
    expect((await admin.post('knowledge/entries/no-such/questions', wording)).status).toBe(404);
    expect(
      (await admin.post('knowledge/entries/holter.what/questions', { lang: 'fr', question: 'x' }))
        .status,
    ).toBe(400);
    expect((await entry('holter.what')).unpublished).toEqual([]);
  });

  test('a wording an admin adds is answered once published, without a restart', async () => {
    const WORDING = 'what is the zorblax box they clip on me for a day';
    expect(await replyTo(WORDING)).toMatch(/passed your question to our staff/);
    const added = await admin.post('knowledge/entries/holter.what/questions', {
      lang: 'en',
      question: WORDING,
    });
    expect(added.status).toBe(201);
    // Not live before Publish.
    expect(await replyTo(WORDING)).toMatch(/passed your question to our staff/);
    expect((await listing()).unpublished).toBe(1);
    const published = await admin.post<{ published: unknown[] }>('knowledge/publish');
    expect(published.status).toBe(200);
    expect(published.body.published).toHaveLength(1);
    const holter = await entry('holter.what');
    expect(holter.questions.en).toContain(WORDING);
    expect(await replyTo(WORDING)).toContain(holter.answers.en.web.slice(0, 60));
    expect((await admin.post('knowledge/publish')).status).toBe(409);
    expect((await actions()).map((a) => a.action)).toEqual(
      expect.arrayContaining(['knowledge-question', 'knowledge-publish']),
    );
  });

  test('staff-written Spanish reaches patients only once approved and published', async () => {
    const ASK = 'qué es el aparatito zorblax del stent';
    const SPANISH = 'TEXTO DE PRUEBA: respuesta en español escrita por el personal.';
    expect(
      (await admin.post('knowledge/entries/stent.what/questions', { lang: 'es', question: ASK }))
        .status,
    ).toBe(201);
    const written = await admin.post('knowledge/entries/stent.what/spanish', { answer: SPANISH });
    expect(written.status).toBe(201);
    expect(await entry('stent.what')).toMatchObject({
      status: 'awaiting review',
      spanish: { served: null, draft: { text: SPANISH, approved: false } },
    });
    // Publishing now publishes the wording, not the unapproved Spanish.
    expect((await admin.post('knowledge/publish')).status).toBe(200);
    const before = await replyTo(ASK, 'es');
    expect(before).not.toContain(SPANISH);
    expect(before).toContain((await entry('stent.what')).answers.en.web.slice(0, 40));

    expect((await nurse.post('knowledge/entries/stent.what/spanish/approve')).status).toBe(403);
    expect((await admin.post('knowledge/entries/stent.what/spanish/approve')).status).toBe(200);
    expect((await admin.post('knowledge/entries/stent.what/spanish/approve')).status).toBe(409);
    expect(await replyTo(ASK, 'es')).not.toContain(SPANISH);
    const pageSays = async () => (await fetch(`${server.url}/?p=stent&lang=es`)).text();
    expect(await pageSays()).not.toContain(SPANISH);
    expect((await admin.post('knowledge/publish')).status).toBe(200);
    expect(await replyTo(ASK, 'es')).toContain(SPANISH);
    // The clinic's page beside the chat shows it too.
    expect(await pageSays()).toContain(SPANISH);
    expect(await entry('stent.what')).toMatchObject({
      status: 'translated',
      spanish: { served: SPANISH, draft: null },
    });
    expect((await actions()).map((a) => a.action)).toEqual(
      expect.arrayContaining(['knowledge-spanish', 'knowledge-spanish-approve']),
    );
  });

  test('a changed page is marked reviewed; what the build refuses is not published', async () => {
    expect((await admin.post('knowledge/entries/holter.after/source-reviewed')).status).toBe(201);
    expect((await admin.post('knowledge/entries/holter.after/source-reviewed')).status).toBe(409);
    const published = await admin.post<{ published: unknown[] }>('knowledge/publish');
    expect(published.status).toBe(200);
    expect(published.body.published).toHaveLength(1);
    expect(await entry('holter.after')).toMatchObject({
      sourceChanged: false,
      status: 'untranslated',
    });
    expect((await admin.post('knowledge/entries/holter.after/source-reviewed')).status).toBe(409);
    expect((await actions()).map((a) => a.action)).toContain('knowledge-source-reviewed');

    // A broken link fails the knowledge build: refused, with the reason; patients get the old.
    await admin.post('knowledge/entries/echo.forms/spanish', { answer: 'Vea http//clinica' });
    await admin.post('knowledge/entries/echo.forms/spanish/approve');
    const refused = await admin.post<{ error: { message: string } }>('knowledge/publish');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/broken link/);
    expect(await entry('echo.forms')).toMatchObject({
      status: 'untranslated',
      spanish: { served: null, draft: { approved: true } },
    });
  });
});
