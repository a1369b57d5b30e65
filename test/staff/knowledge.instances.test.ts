import { StaffClient, WebChatPatient, addStaff } from '../fixtures/staff/staff';
import { createTestDatabase } from '../support/postgres';
import { startServer, type Running } from '../support/server';

// Two instances of the service on one PostgreSQL database: what an admin publishes on the
// Knowledge page of one is answered by the other, which rebuilds its knowledge in place.
jest.setTimeout(120_000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let a: Running;
let b: Running;

beforeAll(async () => {
  db = await createTestDatabase();
  a = await startServer({ DATABASE_URL: db.url });
  b = await startServer({ DATABASE_URL: db.url });
  await addStaff(a.app, 'admin@clinic.test', 'admin');
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
});

async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what} did not happen within 15 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a wording published on one instance is answered on the other, without a restart', async () => {
  const wording = 'how many moons does the zorblax pump stay in';
  const patient = await WebChatPatient.start(b.url);
  const replyTo = async (text: string) => (await patient.after(await patient.say(text)))[0][1];
  const durationAnswer = await replyTo('how long does the procedure take');
  expect(await replyTo(wording)).not.toBe(durationAnswer);

  const admin = await StaffClient.logIn(a.url, 'admin@clinic.test');
  expect(
    (
      await admin.post('knowledge/entries/impella-duration/questions', {
        lang: 'en',
        question: wording,
      })
    ).status,
  ).toBe(201);
  expect((await admin.post('knowledge/publish')).status).toBe(200);
  await eventually(
    'B answering the published wording',
    async () => (await replyTo(wording)) === durationAnswer,
  );
});
