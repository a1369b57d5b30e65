import { startServer, type Running } from '../support/server';
import { addStaff, WebChatPatient } from '../fixtures/staff/staff';
import {
  focusVisible,
  logInByKeyboard,
  openBrowser,
  tabTo,
  type Opened,
} from '../fixtures/staff/browser';
import type { Page } from 'playwright-core';

// Every staff task by keyboard only, in a real Chromium: log in, open a conversation from the
// queue, claim it, reply, resolve, teach a wording and approve it. No mouse click anywhere.
jest.setTimeout(120_000);

const NAME = 'Ana Ruiz, RN';
const EMAIL = 'ana@clinic.example.org';
const JOINED = 'A member of our staff has joined the conversation';
const RESOLVED = 'Our staff have finished';
const WORDING = 'what is the thingamajig for my ticker';

let server: Running;
let site: string;
let staff: Opened;

beforeAll(async () => {
  server = await startServer({ CLINIC_NAME: 'Lakeside Heart Clinic' });
  site = `http://localhost:${new URL(server.url).port}`;
  const ana = await addStaff(server.app, EMAIL, 'admin');
  await server.app.store.staff.setDisplayName(ana.id, NAME);
  staff = await openBrowser();
});

afterAll(async () => {
  await staff?.close();
  await server?.close();
});

/** Presses Enter on what has the focus, after checking that the focus can be seen. */
async function enter(page: Page): Promise<void> {
  expect(await focusVisible(page)).toBe(true);
  await page.keyboard.press('Enter');
}

test('a nurse does every console task with the keyboard alone', async () => {
  const { page } = staff;
  const patient = await WebChatPatient.start(server.url);
  await patient.say(WORDING);
  await patient.say('can I talk to a nurse?');

  await logInByKeyboard(page, site, EMAIL);
  expect(await page.locator('#me').innerText()).toContain(NAME);

  // Open the conversation from the queue: the focus lands on it.
  const item = `#queue li[data-conversation="${patient.conversationId}"] button`;
  await page.waitForSelector(item);
  await tabTo(page, item);
  await enter(page);
  await page.waitForSelector(`#conversation-title:has-text("${patient.conversationId}")`);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('conversation-title');
  // The transcript scrolls, so it takes the focus too (arrow keys scroll it).
  await tabTo(page, '#transcript');

  // Claim: the patient is told a person joined, by name; the queue says who has it.
  await tabTo(page, '#claim');
  await enter(page);
  await page.waitForSelector(`#conversation-meta:has-text("with ${NAME}")`);
  await page.waitForSelector(`${item} .meta:has-text("claimed by ${NAME}")`);
  const joined = (await patient.history()).find((a) => a.text?.startsWith(JOINED));
  expect(joined?.from).toEqual({ id: 'staff', name: NAME, role: 'bot' });
  expect(joined?.channelData).toEqual({ staff: true });

  // Reply: it reaches the widget signed with the nurse's name, and shows as delivered.
  const reply = 'Hello, this is Ana. What would you like to ask?';
  await tabTo(page, '#reply');
  await page.keyboard.type(reply);
  await tabTo(page, '#reply-form button[type=submit]');
  await enter(page);
  // Stored in the chat, but the patient's widget has not read it yet: it says so.
  await page.waitForSelector(
    `#transcript li.staff:has-text("${reply}") .delivery:has-text("not seen yet")`,
  );
  await patient.history();
  await page.waitForSelector(
    `#transcript li.staff:has-text("${reply}") .delivery:has-text("Delivered")`,
  );
  expect(await page.locator(`#transcript li.staff:has-text("${reply}") .who`).innerText()).toMatch(
    new RegExp(`^${NAME} · `),
  );
  const said = (await patient.history()).find((a) => a.text === reply);
  expect([said?.from.name, said?.channelData]).toEqual([NAME, { staff: true }]);

  // Resolve: the bot has it again and the patient is told.
  await tabTo(page, '#resolve');
  await enter(page);
  await page.waitForSelector('#conversation-meta:has-text("with the bot")');
  expect((await patient.history()).some((a) => a.text?.includes(RESOLVED))).toBe(true);

  // Teach: the form starts empty; the wording and the answer are chosen by keyboard.
  await tabTo(page, '#teach-text');
  expect(await page.inputValue('#teach-text')).toBe('');
  expect(await page.inputValue('#teach-entry')).toBe('');
  await page.keyboard.type(WORDING);
  await tabTo(page, '#teach-entry');
  for (let i = 0; i < 60 && (await page.inputValue('#teach-entry')) !== 'impella-what'; i++)
    await page.keyboard.press('ArrowDown');
  expect(await page.inputValue('#teach-entry')).toBe('impella-what');
  await tabTo(page, '#teach-form button[type=submit]');
  await enter(page);
  await page.waitForSelector('#status:has-text("Proposed")');
  const change = page.locator('#changes > li', { hasText: WORDING });
  await change.locator('.impact li', { hasText: `"${WORDING}" would get this answer.` }).waitFor();
  await change.locator('.impact li', { hasText: `${WORDING}: escalate → impella-what` }).waitFor();

  // An admin approves it, by keyboard too; the bot answers the wording at once.
  await tabTo(page, '#changes > li button.approve');
  await enter(page);
  await page.waitForSelector('#changes-panel', { state: 'hidden' });
  const again = await WebChatPatient.start(server.url);
  const asked = await again.say(WORDING);
  expect((await again.after(asked)).map(([, t]) => t).join(' ')).toMatch(
    /world’s smallest portable heart pump/,
  );

  expect(staff.dialogs).toEqual([]);
  expect(staff.errors).toEqual([]);
});
