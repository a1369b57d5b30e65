import { StaffClient, WebChatPatient, addStaff } from '../fixtures/staff/staff';
import { startServer, type Running } from '../support/server';

const WORDING = 'what is the gizmo they are putting in my ticker';

let server: Running;
let nurse: StaffClient;
let admin: StaffClient;

beforeAll(async () => {
  server = await startServer();
  await addStaff(server.app, 'nurse@clinic.test', 'staff');
  await addStaff(server.app, 'admin@clinic.test', 'admin');
  nurse = await StaffClient.logIn(server.url, 'nurse@clinic.test');
  admin = await StaffClient.logIn(server.url, 'admin@clinic.test');
}, 60_000);

afterAll(() => server.close());

async function botReplyTo(text: string): Promise<string[]> {
  const patient = await WebChatPatient.start(server.url);
  const id = await patient.say(text);
  return (await patient.after(id)).map(([, t]) => t);
}

test('a wording staff teach is answered once an admin approves it, without a restart', async () => {
  // Before: the bot does not know this wording and hands it to staff.
  expect((await botReplyTo(WORDING)).join(' ')).toMatch(/passed your question to our staff/);

  const draft = await nurse.post<{ id: number; status: string }>('knowledge/changes', {
    kind: 'question',
    entryId: 'impella-what',
    payload: { lang: 'en', question: WORDING },
  });
  expect(draft.status).toBe(201);
  expect(draft.body.status).toBe('draft');

  // Before approving: the past patient message that would now get a different answer.
  const impact = await admin.get<{
    changes: { message: string; before: { outcome: string }; after: { entryId: string } }[];
  }>(`knowledge/changes/${draft.body.id}/impact`);
  expect(impact.body.changes).toContainEqual(
    expect.objectContaining({
      message: WORDING,
      before: expect.objectContaining({ outcome: 'escalate' }),
      after: expect.objectContaining({ entryId: 'impella-what' }),
    }),
  );

  expect((await nurse.post(`knowledge/changes/${draft.body.id}/approve`)).status).toBe(403);
  expect((await admin.post(`knowledge/changes/${draft.body.id}/approve`)).status).toBe(200);
  expect((await admin.post(`knowledge/changes/${draft.body.id}/approve`)).status).toBe(409);

  // After: the same service answers the taught wording from the clinic's entry.
  expect((await botReplyTo(WORDING)).join(' ')).toMatch(/world’s smallest portable heart pump/);

  const audit = await admin.get<{ entries: { action: string }[] }>('audit');
  expect(audit.body.entries.map((e) => e.action)).toEqual(
    expect.arrayContaining(['knowledge-draft', 'knowledge-approve']),
  );
});

test('a new entry must come in English and Spanish and pass the knowledge build', async () => {
  const missingSpanish = await nurse.post<{ error: { message: string } }>('knowledge/changes', {
    kind: 'entry',
    entryId: 'visiting-hours',
    payload: {
      title: { en: 'Visiting hours' },
      questions: { en: ['when can family visit'] },
      answer: { en: 'Family may visit from 9 am to 8 pm.' },
    },
  });
  expect(missingSpanish.status).toBe(400);
  expect(missingSpanish.body.error.message).toMatch(/es/);

  const complete = await nurse.post<{ id: number }>('knowledge/changes', {
    kind: 'entry',
    entryId: 'visiting-hours',
    payload: {
      title: { en: 'Visiting hours', es: 'Horario de visitas' },
      questions: {
        en: ['when can family visit the patient'],
        es: ['cuándo puede visitar la familia al paciente'],
      },
      answer: {
        en: 'Family may visit from 9 am to 8 pm.',
        es: 'La familia puede visitar de 9 a. m. a 8 p. m.',
      },
    },
  });
  expect(complete.status).toBe(201);
  expect((await admin.post(`knowledge/changes/${complete.body.id}/approve`)).status).toBe(200);
  expect((await botReplyTo('when can family visit the patient?')).join(' ')).toMatch(
    /9 am to 8 pm/,
  );
});

test('a change id that is not a whole number in digits is no change (404), not a 500', async () => {
  const draft = await nurse.post<{ id: number }>('knowledge/changes', {
    kind: 'question',
    entryId: 'impella-what',
    payload: { lang: 'en', question: 'what is the little pump gadget' },
  });
  expect(draft.status).toBe(201);
  const impact = (id: string) => admin.get(`knowledge/changes/${id}/impact`);
  expect((await impact(String(draft.body.id))).status).toBe(200);
  // Each of these was once read as a number: "1e0" as 1, "0x1" as 1, " 1" as 1.
  for (const id of ['1e0', '0x1', '%201', '1.0', '-1', '0', '1e30', 'abc'])
    expect((await impact(id)).status).toBe(404);
});

test('the preview runs the taught wording through the whole turn and names the rule that still wins', async () => {
  // Asked once, so it is among the past messages too.
  expect((await botReplyTo('should i stop my warfarin before the procedure')).join(' ')).toMatch(
    /your own care/,
  );
  const draft = await nurse.post<{ id: number }>('knowledge/changes', {
    kind: 'question',
    entryId: 'impella-preparing',
    payload: { lang: 'en', question: 'should i stop my warfarin before the procedure' },
  });
  const impact = await admin.get<{
    taught: {
      text: string;
      outcome: string;
      overriddenBy: { rule: string; detail: string | null } | null;
    }[];
    changes: { message: string }[];
  }>(`knowledge/changes/${draft.body.id}/impact`);
  expect(impact.status).toBe(200);
  // The safety check for the patient's own care runs first: teaching cannot change that.
  expect(impact.body.taught).toEqual([
    {
      text: 'should i stop my warfarin before the procedure',
      outcome: 'personal',
      entryId: null,
      overriddenBy: { rule: 'personal', detail: expect.stringMatching(/\S/) },
    },
  ]);
  // And no past message would be answered differently: the preview says so truthfully.
  expect(impact.body.changes.map((c) => c.message)).not.toContain(
    'should i stop my warfarin before the procedure',
  );
  await admin.post(`knowledge/changes/${draft.body.id}/reject`);

  // A wording nothing overrides is answered with the taught entry.
  const plain = await nurse.post<{ id: number }>('knowledge/changes', {
    kind: 'question',
    entryId: 'impella-preparing',
    payload: { lang: 'en', question: 'what should a person do the night before the pump thing' },
  });
  const ok = await admin.get<{ taught: { entryId: string; overriddenBy: unknown }[] }>(
    `knowledge/changes/${plain.body.id}/impact`,
  );
  expect(ok.body.taught).toEqual([
    expect.objectContaining({ entryId: 'impella-preparing', overriddenBy: null }),
  ]);
  await admin.post(`knowledge/changes/${plain.body.id}/reject`);
});
