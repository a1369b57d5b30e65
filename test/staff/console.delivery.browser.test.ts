import type { Page } from 'playwright-core';
import { startServer, type Running } from '../support/server';
import { addStaff } from '../fixtures/staff/staff';
import { logInByKeyboard, openBrowser, screenshot, type Opened } from '../fixtures/staff/browser';
import {
  ACCOUNT_SID,
  CLINIC_NUMBER,
  TwilioStandIn,
  created,
  localhostOf,
  newPatientNumber,
  postForm,
  smsLine,
  twilioEnv,
  twilioError,
  waitFor,
} from '../fixtures/sms/twilio';

// What a nurse sees of a reply to a patient who texted, live in the console, as it goes through
// the Twilio stand-in: retried while Twilio is down and sent once it is back, then delivered or
// undelivered as Twilio reports; and a reply to an emergency that never gets through alerts every
// console and pages the on-call phone.
jest.setTimeout(120_000);

const ONCALL = '+15550009999';
let twilio: TwilioStandIn;
let server: Running;
let staff: Opened;
let site: string;

beforeAll(async () => {
  twilio = await new TwilioStandIn().start();
  server = await startServer(
    twilioEnv({
      TWILIO_API_BASE: twilio.url,
      SMS_SENDS_PER_SECOND: '20',
      // Long enough for the console to show the retry under load.
      SMS_RETRY_BASE_MS: '5000',
      SMS_MAX_ATTEMPTS: '2',
      ONCALL_NUMBERS: ONCALL,
    }),
  );
  site = localhostOf(server.url);
  const ana = await addStaff(server.app, 'ana@clinic.example.org', 'staff');
  await server.app.store.staff.setDisplayName(ana.id, 'Ana Ruiz, RN');
  staff = await openBrowser();
  await logInByKeyboard(staff.page, site, 'ana@clinic.example.org');
});

afterAll(async () => {
  await staff?.close();
  await server?.close();
  await twilio?.close();
});

/** The delivery line under the staff message with this text, once it reads `state`. */
async function deliveryOf(page: Page, text: string, state: string): Promise<string> {
  const line = page.locator('#transcript li.staff', { hasText: text }).locator('.delivery');
  await line.filter({ hasText: state }).waitFor({ timeout: 30_000 });
  return line.innerText();
}

/** Twilio's status callback for the message it accepted with this body. */
async function report(body: string, status: string, errorCode?: string): Promise<void> {
  const sent = twilio.accepted.find((r) => r.form.Body === body)!;
  const sid = String(sent.reply.sid);
  const res = await postForm(
    `${server.url}/api/sms/status`,
    {
      MessageSid: sid,
      SmsSid: sid,
      MessageStatus: status,
      SmsStatus: status,
      AccountSid: ACCOUNT_SID,
      From: CLINIC_NUMBER,
      To: sent.form.To,
      ApiVersion: '2010-04-01',
      ...(errorCode ? { ErrorCode: errorCode } : {}),
    },
    { signedUrl: `${site}/api/sms/status` },
  );
  expect(res.status).toBe(204);
}

async function openFromQueue(page: Page, said: string): Promise<void> {
  await page.goto(`${site}/staff`);
  await page.locator('#queue li', { hasText: said }).locator('button').click();
  await page.waitForSelector('#conversation-meta:has-text("SMS")');
}

async function reply(page: Page, text: string): Promise<void> {
  await page.fill('#reply', text);
  await page.click('#reply-form button[type=submit]');
  await page.waitForSelector(`#transcript li.staff:has-text("${text}")`);
}

test('a reply is retried while Twilio is down, then sent, delivered or undelivered, live', async () => {
  const { page } = staff;
  const down = 'Thanks for waiting, this is Ana. Your appointment is at 9 tomorrow.';
  const lost = 'Please bring your medication list.';
  twilio.script({
    [down]: [() => twilioError(503, 20500, 'Service unavailable'), created],
  });
  const phone = newPatientNumber();
  await smsLine(server.url, site)(phone, 'I need to talk to a real person please');
  await openFromQueue(page, 'I need to talk to a real person please');

  await reply(page, down);
  // Twilio answered 503: the console says it is being retried, and why.
  expect(await deliveryOf(page, down, 'Retrying')).toBe('Retrying: Twilio 503, error 20500');
  // Twilio is back: the retry goes out.
  await deliveryOf(page, down, 'Sent');
  expect(twilio.of(down).map((r) => r.status)).toEqual([503, 201]);
  await report(down, 'delivered');
  await deliveryOf(page, down, 'Delivered');

  await reply(page, lost);
  await deliveryOf(page, lost, 'Sent');
  await report(lost, 'undelivered', '30003');
  expect(await deliveryOf(page, lost, 'Failed')).toBe('Failed: Twilio error 30003');
  // Not an urgent conversation: no alert.
  expect(await page.locator('#alerts').isHidden()).toBe(true);
  // The other replies were not touched.
  expect(
    await page.locator('#transcript li.staff .delivery', { hasText: /^Delivered$/ }).count(),
  ).toBe(1);
});

test('a reply to an emergency that never gets through alerts every console and pages on-call', async () => {
  const { page } = staff;
  const never = 'Ana here: please call 911 now, I am calling you as well.';
  const override = twilio.answer;
  // Twilio stays down for this message whatever the attempt.
  twilio.answer = (form, received) =>
    form.Body === never ? twilioError(503, 20500, 'Service unavailable') : override(form, received);

  const phone = newPatientNumber();
  await smsLine(server.url, site)(phone, 'I have chest pain and can not breathe');
  await waitFor('the on-call page for the emergency', () =>
    twilio.accepted.some((r) => r.form.To === ONCALL && /URGENT patient message/.test(r.form.Body)),
  );
  const second = await openBrowser();
  await logInByKeyboard(second.page, site, 'ana@clinic.example.org');
  await openFromQueue(page, 'I have chest pain');
  await reply(page, never);

  expect(await deliveryOf(page, never, 'Failed')).toBe(
    'Failed: gave up after 2 attempts; last: Twilio 503, error 20500',
  );
  // Every open console shows the alert, with a link to the conversation.
  for (const p of [page, second.page]) {
    const alert = p.locator('#alerts[role=alert]');
    await alert.filter({ hasText: 'was not delivered' }).waitFor({ timeout: 15_000 });
    expect(await alert.innerText()).toContain('sent by Ana Ruiz, RN');
  }
  await screenshot(page, 'undelivered', 'desktop');
  // And the on-call phone is paged, with the link and never the patient's words.
  await waitFor('the undelivered-reply page', () =>
    twilio.accepted.some((r) => r.form.To === ONCALL && /NOT delivered/.test(r.form.Body)),
  );
  const page2 = twilio.accepted.find(
    (r) => r.form.To === ONCALL && /NOT delivered/.test(r.form.Body),
  )!;
  expect(page2.form.Body).toMatch(/\/staff\?c=sms_/);
  expect(page2.form.Body).not.toMatch(/chest|911/);
  expect(twilio.accepted.filter((r) => /NOT delivered/.test(r.form.Body))).toHaveLength(1);

  // Dismissed once, it is gone for everyone (on their next look) and the dismissal is audited.
  await second.page.locator('#alerts button', { hasText: 'Dismiss' }).click();
  await second.page.locator('#alerts').waitFor({ state: 'hidden' });
  await page.reload();
  await page.waitForSelector('#me:not(:empty)');
  await page.waitForTimeout(500);
  expect(await page.locator('#alerts').isHidden()).toBe(true);
  await second.close();
  expect(staff.errors).toEqual([]);
});
