import { StaffClient, WebChatPatient, addStaff } from '../fixtures/staff/staff';
import { startServer, type Running } from '../support/server';

// The shipped knowledge's Spanish is a translation marked for the clinic's review: patients get
// it, said to await review, and an admin approves it on the Knowledge page.
jest.setTimeout(60_000);

interface EntryView {
  id: string;
  status: string;
  spanish: { served: string | null; reviewPending: boolean };
}

let server: Running;
let admin: StaffClient;

beforeAll(async () => {
  server = await startServer();
  await addStaff(server.app, 'admin@clinic.test', 'admin');
  admin = await StaffClient.logIn(server.url, 'admin@clinic.test');
});

afterAll(() => server.close());

const entry = async (id: string) => {
  const r = await admin.get<{
    groups: { sources: { entries: EntryView[] }[] }[];
  }>('knowledge/entries');
  return r.body.groups
    .flatMap((g) => g.sources.flatMap((s) => s.entries))
    .find((e) => e.id === id)!;
};

test('an admin approves the clinic’s marked translation; patients get the same words', async () => {
  const before = await entry('impella-what');
  expect(before).toMatchObject({ status: 'awaiting review', spanish: { reviewPending: true } });
  const spanish = before.spanish.served!;

  expect((await admin.post('knowledge/entries/impella-what/spanish/approve')).status).toBe(200);
  expect((await admin.post('knowledge/entries/impella-what/spanish/approve')).status).toBe(409);
  // Approved, not yet published: still marked for review.
  expect((await entry('impella-what')).spanish.reviewPending).toBe(true);
  expect((await admin.post('knowledge/publish')).status).toBe(200);
  expect(await entry('impella-what')).toMatchObject({
    status: 'translated',
    spanish: { served: spanish, reviewPending: false },
  });
  expect((await admin.post('knowledge/entries/impella-what/spanish/approve')).status).toBe(409);
  // Other entries' translations still await their own review.
  expect((await entry('impella-how')).status).toBe('awaiting review');

  const patient = await WebChatPatient.start(server.url, 'es');
  const id = await patient.say('¿Qué es el Impella?');
  const reply = (await patient.after(id)).map(([, t]) => t).join('\n');
  expect(reply).toContain(spanish.slice(0, 40));
});
