import type { Page } from 'playwright-core';
import { startServer, type Running } from '../support/server';
import { addStaff, StaffClient, WebChatPatient } from '../fixtures/staff/staff';
import {
  axeViolations,
  DESKTOP,
  logInByKeyboard,
  openBrowser,
  PHONE,
  screenshot,
  type Opened,
} from '../fixtures/staff/browser';
import { randomToken, sha256 } from '../../src/staff/passwords';

// axe-core, every rule on, finds nothing on any staff page, on a desktop and on a phone: log-in,
// account set-up, the console with a conversation open, insights, history with a conversation
// open, and the audit log. Each page is screenshotted as it was checked (artifacts/).
jest.setTimeout(180_000);

let server: Running;
let site: string;
let browser: Opened;
let setupToken: string;
let conversationId: string;

beforeAll(async () => {
  server = await startServer({ CLINIC_NAME: 'Lakeside Heart Clinic' });
  site = `http://localhost:${new URL(server.url).port}`;
  const ana = await addStaff(server.app, 'ana@clinic.example.org', 'admin');
  await server.app.store.staff.setDisplayName(ana.id, 'Ana Ruiz, RN');
  setupToken = randomToken();
  await server.app.store.staff.addStaff(
    'new@clinic.example.org',
    'staff',
    null,
    sha256(setupToken),
  );

  // Conversations to show: one handled by staff in Spanish, one answered, one emergency.
  const nurse = await StaffClient.logIn(server.url, 'ana@clinic.example.org');
  const maria = await WebChatPatient.start(server.url, 'es');
  await maria.say('¿Cómo me preparo para el procedimiento?');
  await maria.say('quiero hablar con una enfermera');
  conversationId = maria.conversationId;
  await nurse.post(`conversations/${conversationId}/reply`, {
    text: 'Hola, soy Ana, enfermera de la clínica. ¿En qué puedo ayudarle?',
  });
  await maria.history(); // her widget receives the reply: it shows as delivered
  const other = await WebChatPatient.start(server.url);
  await other.say('how long does it take');
  const scared = await WebChatPatient.start(server.url);
  await scared.say('I have chest pain');
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Checks the page at both sizes; `ready` waits for what the page draws after loading. */
async function check(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await ready();
    await page.waitForTimeout(150);
    expect({ page: name, size, violations: await axeViolations(page) }).toEqual({
      page: name,
      size,
      violations: [],
    });
    await screenshot(page, name, size);
  }
  await page.setViewportSize(DESKTOP);
}

test('the log-in and set-up pages', async () => {
  const { page } = browser;
  await page.goto(`${site}/staff/login`);
  await check(page, 'login', () => page.waitForSelector('form'));
  await page.goto(`${site}/staff/setup?token=${setupToken}`);
  await check(page, 'setup', () => page.waitForSelector('input[name=name]'));
});

test('the console with a conversation open, insights, history and the audit log', async () => {
  const { page } = browser;
  await logInByKeyboard(page, site, 'ana@clinic.example.org');
  await page.goto(`${site}/staff?c=${encodeURIComponent(conversationId)}`);
  await check(page, 'conversation', () =>
    page.waitForSelector('#transcript li.staff .delivery:has-text("Delivered")'),
  );
  // The patient's Spanish is marked as Spanish for screen readers; the console's words as English.
  expect(await page.getAttribute('#transcript', 'lang')).toBe('es');
  expect(await page.getAttribute('#transcript li.staff .delivery', 'lang')).toBe('en');
  await page.goto(`${site}/staff`);
  await check(page, 'queue', () => page.waitForSelector('#queue li.urgent'));

  await page.goto(`${site}/staff/insights`);
  await check(page, 'insights', () => page.waitForSelector('#action-figures tbody tr'));
  // The donut's figures are written out, not only drawn.
  expect(await page.locator('#action-figures tbody tr').first().innerText()).toMatch(
    /^Answered\s+\d+\s+\d+%$/,
  );

  await page.goto(`${site}/staff/history`);
  await page.waitForSelector('#results tbody tr');
  await page.locator('#results tbody tr button.link').first().click();
  await check(page, 'history', () => page.waitForSelector('#past-transcript li'));

  await page.goto(`${site}/staff/audit`);
  await check(page, 'audit', () =>
    page.waitForSelector('#entries td:has-text("ana@clinic.example.org")'),
  );
  expect(browser.errors).toEqual([]);
});
