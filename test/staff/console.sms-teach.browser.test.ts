import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/globalSetup';
import { startServer, type Running } from '../support/server';
import { addStaff, PASSWORD, WebChatPatient } from '../fixtures/staff/staff';
import {
  TwilioStandIn,
  localhostOf,
  messagesOf,
  newPatientNumber,
  smsLine,
  twilioEnv,
  waitFor,
} from '../fixtures/sms/twilio';

// The rest of the staff loop, driven through the console in a real Chromium: a reply to a
// patient who texted (it leaves through the Twilio stand-in), and teaching the bot a wording
// that an admin approves, after which the bot answers it.
jest.setTimeout(120_000);

let twilio: TwilioStandIn;
let server: Running;
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];

async function logIn(email: string): Promise<void> {
  await page.goto(`${localhostOf(server.url)}/staff/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL(/\/staff$/), page.click('button[type=submit]')]);
  await page.waitForSelector('#me:not(:empty)');
}

beforeAll(async () => {
  twilio = await new TwilioStandIn().start();
  server = await startServer(
    twilioEnv({ TWILIO_API_BASE: twilio.url, SMS_SENDS_PER_SECOND: '20' }),
  );
  await addStaff(server.app, 'admin@clinic.test', 'admin');
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'faqbot-teach-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await logIn('admin@clinic.test');
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await twilio?.close();
});

test('a staff reply typed in the console reaches a patient who texted, by SMS', async () => {
  const phone = newPatientNumber();
  const text = smsLine(server.url, localhostOf(server.url));
  const first = await text(phone, 'I need to talk to a real person please');
  expect(messagesOf(first.body).join(' ')).toMatch(/member of our staff/);

  const item = page.locator('#queue li', { hasText: 'I need to talk to a real person please' });
  await item.waitFor();
  await item.click();
  await page.waitForSelector('#conversation-meta:has-text("SMS")');
  await page.click('#claim');
  await page.waitForSelector('#conversation-meta:has-text("with admin")');
  await page.fill('#reply', 'Hi, this is nurse Ana from the clinic. How can I help?');
  await page.click('#reply-form button[type=submit]');
  await page.waitForSelector('#transcript li.staff:has-text("nurse Ana")');

  await waitFor('the SMS to the patient', () =>
    twilio.accepted.some((r) => r.form.To === phone && r.form.Body.includes('nurse Ana')),
  );
  expect(dialogs).toEqual([]);
});

test('a wording taught in the console and approved by an admin is answered by the bot', async () => {
  const wording = 'what is the thingamajig for my ticker';
  const patient = await WebChatPatient.start(server.url);
  const id = await patient.say(wording);
  expect((await patient.after(id)).map(([, t]) => t).join(' ')).toMatch(
    /passed your question to our staff/,
  );

  await page.goto(
    `${localhostOf(server.url)}/staff?c=${encodeURIComponent(patient.conversationId)}`,
  );
  await page.waitForSelector('#conversation-title:not(:empty)');
  // The form starts empty: staff write the wording they mean to teach.
  await expect(page.locator('#teach-text').inputValue()).resolves.toBe('');
  await page.fill('#teach-text', wording);
  await page.selectOption('#teach-entry', 'impella-what');
  await page.click('#teach-form button[type=submit]');
  await page.waitForSelector('#status:has-text("Proposed")');

  // Before approving, the console shows the past message whose answer would change.
  const change = page.locator('#changes > li', { hasText: wording });
  await change.locator('.impact li', { hasText: 'past message' }).waitFor();
  await change.locator('.impact li', { hasText: `${wording}: escalate → impella-what` }).waitFor();
  await change.locator('button', { hasText: 'Approve' }).click();
  await page.waitForSelector('#changes-panel', { state: 'hidden' });

  const again = await WebChatPatient.start(server.url);
  const asked = await again.say(wording);
  expect((await again.after(asked)).map(([, t]) => t).join(' ')).toMatch(
    /world’s smallest portable heart pump/,
  );
});
