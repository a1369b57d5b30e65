import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/globalSetup';
import { startServer, type Running } from '../support/server';
import { addStaff, PASSWORD, WebChatPatient } from '../fixtures/staff/staff';

// A patient on the clinic page and a nurse in the staff console, each in their own real
// Chromium: the whole hand-over, seen by both, with nothing mocked.
jest.setTimeout(120_000);

const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const NURSE = 'nurse@clinic.example.org';
const HOSTILE = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>'];
const ASKED = "I've asked a member of our staff to join this conversation.";
const JOINED = 'A member of our staff has joined the conversation and will answer you here.';
const RESOLVED = "Thank you for waiting. Our staff have finished; I'm the virtual assistant again";

interface Opened {
  context: BrowserContext;
  page: Page;
  /** Any alert/confirm/prompt: a script someone's text managed to run. */
  dialogs: string[];
  errors: string[];
  close(): Promise<void>;
}

const opened = new Set<Opened>();

async function openBrowser(): Promise<Opened> {
  const profile = mkdtempSync(join(tmpdir(), 'faqbot-staff-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: DESKTOP,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const o: Opened = {
    context,
    page,
    dialogs,
    errors,
    async close() {
      opened.delete(o);
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  opened.add(o);
  return o;
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(ARTIFACTS, `staff-${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

const sendBox = (page: Page) => page.locator('[data-id="webchat-sendbox-input"]');

/** A message in the patient's Web Chat transcript containing this text. */
const inChat = (page: Page, text: string): Locator =>
  page.locator('#webchat .webchat__bubble__content', { hasText: text });

async function patientSays(page: Page, text: string): Promise<void> {
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
  await inChat(page, text).last().waitFor({ timeout: 30_000 });
}

let server: Running;
let site: string;

beforeAll(async () => {
  server = await startServer({ CLINIC_NAME: 'Lakeside Heart Clinic' });
  // With no PUBLIC_URL the service names itself localhost; open it by that name, as a patient.
  site = `http://localhost:${new URL(server.url).port}`;
  await addStaff(server.app, NURSE);
});

afterAll(async () => {
  await Promise.allSettled([...opened].map((o) => o.close()));
  await server?.close();
});

test('a nurse takes a web-chat patient over live, answers, and hands them back to the bot', async () => {
  const staff = await openBrowser();
  const patient = await openBrowser();

  // The nurse logs in.
  await staff.page.goto(`${site}/staff/login`);
  await screenshot(staff.page, 'login');
  await staff.page.getByLabel('Email').fill(NURSE);
  await staff.page.getByLabel('Password').fill(PASSWORD);
  await staff.page.getByRole('button', { name: 'Log in' }).click();
  await staff.page.waitForURL(`${site}/staff`);
  await staff.page.locator('#me', { hasText: NURSE }).waitFor();
  // Marks this page load: if the console reloaded, the mark would be gone.
  await staff.page.evaluate(() => {
    (window as unknown as { loadedOnce: boolean }).loadedOnce = true;
  });

  // Meanwhile another patient, elsewhere, has an emergency.
  const scared = await WebChatPatient.start(server.url);
  await scared.say('I have chest pain');

  // The patient asks for a person on the clinic page.
  await patient.page.goto(`${site}/`);
  await patient.page.locator('#webchat[data-ready="true"]').waitFor({ timeout: 30_000 });
  await sendBox(patient.page).waitFor({ state: 'visible', timeout: 30_000 });
  await patientSays(patient.page, 'can I talk to a nurse?');
  await inChat(patient.page, ASKED).waitFor({ timeout: 30_000 });
  const conversationId = await patient.page.evaluate(
    () =>
      (JSON.parse(localStorage.getItem('faqbot.session') ?? '{}') as { conversationId: string })
        .conversationId,
  );
  expect(conversationId).toMatch(/^c_/);

  // The queue shows it live, without a reload.
  const item = staff.page.locator(`#queue li[data-conversation="${conversationId}"]`);
  await item.waitFor({ timeout: 15_000 });
  expect(await staff.page.evaluate(() => 'loadedOnce' in window)).toBe(true);
  expect(await item.locator('.reason').innerText()).toBe('Asked for a person');
  expect(await item.locator('.meta').innerText()).toMatch(/^Web chat · en · waiting \d+ min$/);
  expect(await item.locator('.last').innerText()).toBe('can I talk to a nurse?');
  // The emergency is on top, marked urgent.
  const first = staff.page.locator('#queue li').first();
  expect(await first.getAttribute('data-conversation')).toBe(scared.conversationId);
  expect(await first.getAttribute('class')).toBe('urgent');
  expect(await first.locator('.reason').innerText()).toBe('Emergency');
  expect(await staff.page.locator('#urgent-badge').innerText()).toBe('1 urgent');
  await screenshot(staff.page, 'queue');

  // The nurse opens and claims it; the patient is told.
  await item.click();
  await staff.page.locator('#conversation-title', { hasText: conversationId }).waitFor();
  await staff.page
    .locator('#transcript li.patient', { hasText: 'can I talk to a nurse?' })
    .waitFor();
  await staff.page.getByRole('button', { name: 'Claim', exact: true }).click();
  await staff.page.locator('#conversation-meta', { hasText: 'with nurse' }).waitFor();
  expect(await staff.page.getByRole('button', { name: 'Claim', exact: true }).isDisabled()).toBe(
    true,
  );
  await inChat(patient.page, JOINED).waitFor({ timeout: 15_000 });

  // Hostile text reaches the console live, as text.
  for (const text of HOSTILE) await patientSays(patient.page, text);
  for (const text of HOSTILE)
    await staff.page
      .locator('#transcript li.patient', { hasText: text })
      .waitFor({ timeout: 15_000 });
  const transcriptHtml = await staff.page.locator('#transcript').innerHTML();
  expect(await staff.page.locator('#transcript img, #transcript script').count()).toBe(0);
  expect(transcriptHtml).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(transcriptHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

  // The nurse replies; the patient reads it in the widget.
  const reply = 'Hello, this is nurse Ana. What would you like to ask?';
  await staff.page.getByLabel('Reply to the patient').fill(reply);
  await staff.page.getByRole('button', { name: 'Send' }).click();
  await staff.page.locator('#transcript li.staff', { hasText: reply }).waitFor();
  // The box is emptied once the send is confirmed, which may come just after the transcript
  // (refreshed by the live feed) shows the reply.
  await staff.page.waitForFunction(
    () => (document.querySelector('#reply') as HTMLTextAreaElement | null)?.value === '',
    undefined,
    { timeout: 5_000 },
  );
  await inChat(patient.page, reply).waitFor({ timeout: 15_000 });
  // The bot said nothing to the hostile messages while the nurse had the conversation.
  expect(await inChat(patient.page, "Sorry, I didn't understand").count()).toBe(0);

  // The queue, refreshed by the reply, shows the last hostile message as text too.
  await item.locator('.last', { hasText: HOSTILE[1] }).waitFor({ timeout: 15_000 });
  expect(await staff.page.locator('#queue img, #queue script').count()).toBe(0);
  await screenshot(staff.page, 'conversation');

  // Resolved: the patient is told the bot is back.
  await staff.page.getByRole('button', { name: 'Resolve: hand back to the bot' }).click();
  await staff.page.locator('#conversation-meta', { hasText: 'with the bot' }).waitFor();
  await inChat(patient.page, RESOLVED).waitFor({ timeout: 15_000 });
  await item.waitFor({ state: 'detached', timeout: 15_000 });
  expect(await staff.page.evaluate(() => 'loadedOnce' in window)).toBe(true);

  expect(staff.dialogs).toEqual([]);
  expect(patient.dialogs).toEqual([]);
  expect(staff.errors).toEqual([]);
  await Promise.all([staff.close(), patient.close()]);
});
