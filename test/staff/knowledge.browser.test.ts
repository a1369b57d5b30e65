import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { knowledgeFolder } from '../fixtures/staff/knowledgeFolder';
import { addStaff, WebChatPatient } from '../fixtures/staff/staff';
import {
  ARTIFACTS,
  axeViolations,
  DESKTOP,
  focusVisible,
  logInByKeyboard,
  openBrowser,
  PHONE,
  screenshot,
  tabTo,
  type Opened,
} from '../fixtures/staff/browser';
import { startServer, type Running } from '../support/server';

// The Knowledge page in a real Chromium: axe-core finds nothing on it (an entry open, with its
// forms), an admin adds a wording and publishes it with the keyboard alone and the bot answers
// it at once; a staff member who is not an admin reads the same page without the forms.
jest.setTimeout(180_000);

const WORDING = 'what is the whirligig tube they put in my artery';
const ENTRY = 'details[data-entry="stent.what"]';

let server: Running;
let site: string;
let admin: Opened;
let nurse: Opened;

beforeAll(async () => {
  server = await startServer({
    CLINIC_NAME: 'Lakeside Heart Clinic',
    KNOWLEDGE_DIR: knowledgeFolder(),
  });
  site = `http://localhost:${new URL(server.url).port}`;
  await addStaff(server.app, 'ana@clinic.example.org', 'admin');
  await addStaff(server.app, 'bo@clinic.example.org', 'staff');
  admin = await openBrowser();
  nurse = await openBrowser();
});

afterAll(async () => {
  await admin?.close();
  await nurse?.close();
  await server?.close();
});

async function openKnowledge(page: Page, email: string): Promise<void> {
  await logInByKeyboard(page, site, email);
  await tabTo(page, 'header a[href="/staff/knowledge"]');
  await Promise.all([page.waitForURL(/\/staff\/knowledge$/), page.keyboard.press('Enter')]);
  await page.waitForSelector(ENTRY);
}

async function enter(page: Page): Promise<void> {
  expect(await focusVisible(page)).toBe(true);
  await page.keyboard.press('Enter');
}

async function botReplyTo(text: string): Promise<string> {
  const patient = await WebChatPatient.start(server.url);
  const id = await patient.say(text);
  return (await patient.after(id)).map(([, t]) => t).join('\n');
}

test('an admin adds a wording and publishes it with the keyboard; axe finds nothing', async () => {
  const { page } = admin;
  expect(await botReplyTo(WORDING)).toMatch(/passed your question to our staff/);
  await openKnowledge(page, 'ana@clinic.example.org');

  // Open the entry, type the wording, add it: no mouse anywhere.
  await tabTo(page, `${ENTRY} summary`, 300);
  await enter(page);
  await tabTo(page, `${ENTRY} .k-add-question input`);
  await page.keyboard.type(WORDING);
  await tabTo(page, `${ENTRY} .k-add-question button`);
  await enter(page);
  await page.waitForSelector('#k-status-line:has-text("Wording added")');
  // The focus is back on the entry, which stays open, with the wording waiting.
  expect(await page.evaluate(() => document.activeElement?.closest('details')?.dataset.entry)).toBe(
    'stent.what',
  );
  await page.waitForSelector(`${ENTRY}[open] .k-unpublished li:has-text("${WORDING}")`);
  expect(await page.locator('#k-waiting').innerText()).toBe('1 change waiting to be published.');

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150);
    expect({ size, violations: await axeViolations(page) }).toEqual({ size, violations: [] });
    await screenshot(page, 'knowledge', size);
  }
  // The top of the page and the open entry, for the README.
  await page.setViewportSize({ width: DESKTOP.width, height: 1100 });
  await page.locator(ENTRY).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'staff-knowledge-entry-desktop.png') });
  await page.setViewportSize(DESKTOP);

  await tabTo(page, '#k-publish', 300);
  await enter(page);
  await page.waitForSelector('#k-status-line:has-text("Published 1 change")');
  await page.waitForSelector(`${ENTRY} .k-questions li:has-text("${WORDING}")`);
  expect(await page.locator('#k-publish').isDisabled()).toBe(true);
  expect(await botReplyTo(WORDING)).toContain(
    (await page.locator(`${ENTRY} .k-reply p`).first().innerText()).slice(0, 40),
  );
  expect(admin.errors).toEqual([]);
  expect(admin.dialogs).toEqual([]);
});

test('a staff member who is not an admin reads the page without its forms', async () => {
  const { page } = nurse;
  await openKnowledge(page, 'bo@clinic.example.org');
  await page.locator(`${ENTRY} summary`).focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${ENTRY}[open] .k-replies`);
  expect(await page.locator('.k-action').count()).toBe(0);
  expect(await page.locator('.k-publish').isHidden()).toBe(true);
  expect(await page.locator(`${ENTRY} .k-status`).innerText()).toBe('untranslated');
  expect(await axeViolations(page)).toEqual([]);

  // Filtered to what a re-fetch found changed: the holter page's entries only.
  await page.selectOption('#k-status', 'source changed');
  await page.fill('#k-text', 'monitor');
  await page.click('#k-form button[type=submit]');
  await page.waitForSelector('details[data-entry="holter.while-you-wear-the-monitor"]');
  await page.waitForSelector(ENTRY, { state: 'detached' });
  const shown = await page.$$eval('details[data-entry]', (ds) =>
    ds.map((d) => (d as HTMLElement).dataset.entry),
  );
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.every((id) => id?.startsWith('holter.'))).toBe(true);
  expect(nurse.errors).toEqual([]);
});
