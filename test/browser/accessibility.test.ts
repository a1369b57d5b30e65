import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startServer, type Running } from '../support/server';
import { axeViolations, tabTo } from '../fixtures/staff/browser';
import { ask, openBrowser, sendBox, waitForBotText, type Browser } from './support';

// Every page a patient sees, checked by axe-core with every rule on, in English and Spanish, on a
// desktop and a phone, before and with a conversation open; and the chat used by keyboard alone
// on a phone, where it sits behind the "Chat with us" button.

jest.setTimeout(120_000);

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SITE = join(__dirname, '..', 'fixtures', 'site');
const DURATION_EN = 'The duration of the Impella procedure is variable';

let impella: Running;
let site: Running;
let b: Browser;

beforeAll(async () => {
  [impella, site] = await Promise.all([
    startServer({ TOKEN_RATE_LIMIT_PER_MINUTE: '1000' }),
    startServer({
      KNOWLEDGE_DIR: SITE,
      TOKEN_RATE_LIMIT_PER_MINUTE: '1000',
      SMS_MAX_SEGMENTS: '1',
    }),
  ]);
  b = await openBrowser();
});

afterAll(async () => {
  await b?.close();
  await Promise.all([impella?.close(), site?.close()]);
});

/** Web Chat is rendered; on a phone it is behind the "Chat with us" button, so not visible yet. */
async function waitForChat(page: Page): Promise<void> {
  await page.locator('#webchat[data-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 });
}

/** On a phone the chat opens with its button; on a desktop it is beside the page. */
async function openChat(page: Page): Promise<void> {
  const launcher = page.locator('#chat-open');
  if (await launcher.isVisible()) await launcher.click();
  await sendBox(page).waitFor({ state: 'visible', timeout: 30_000 });
}

async function check(page: Page, what: string): Promise<void> {
  expect({ page: what, violations: await axeViolations(page) }).toEqual({
    page: what,
    violations: [],
  });
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('on a %s', (name, size) => {
  test.each([
    ['English', '/?lang=en', 'how long does it take'],
    ['Spanish', '/?lang=es', '¿cuánto dura?'],
  ])('the %s page, then with a conversation open, has no axe violation', async (lang, path, q) => {
    const page = b.page;
    await page.setViewportSize(size);
    await page.goto(`${impella.url}${path}`);
    await waitForChat(page);
    await check(page, `${lang} ${name}, landing`);

    await openChat(page);
    await sendBox(page).fill(q);
    await sendBox(page).press('Enter');
    await waitForBotText(page, lang === 'English' ? DURATION_EN : 'La duración');
    // An unclear question: the choices are buttons in the conversation.
    await sendBox(page).fill('the catheter thing');
    await sendBox(page).press('Enter');
    await page.locator('.webchat__suggested-action').first().waitFor();
    await check(page, `${lang} ${name}, conversation open with choices`);
  });

  test('a site with many procedures (menu, answers with their source), and an answer page', async () => {
    const page = b.page;
    await page.setViewportSize(size);
    await page.goto(`${site.url}/?p=pacemaker`);
    await waitForChat(page);
    await check(page, `site ${name}, pacemaker page`);
    await openChat(page);
    // Read from the pacemaker's discharge sheet: the answer links the PDF.
    await ask(page, 'when can I drive after my pacemaker', 'Source');
    await check(page, `site ${name}, an answer with its source link`);

    // The page a cut SMS links to, with the whole answer, in each language: the pacemaker page
    // is in English only, so the Spanish page says so before the clinic's English text.
    for (const [lang, says] of [
      ['en', 'The procedure takes about 1 to 2 hours.'],
      ['es', 'Esta información solo está disponible en inglés'],
    ]) {
      await page.goto(`${site.url}/a/pacemaker.duration?lang=${lang}`);
      const text = await page.locator('main').innerText();
      expect(text).toContain(says);
      expect(text).toContain('1 to 2 hours');
      await check(page, `site ${name}, the answer page (${lang})`);
    }
  });
});

test('on a phone, the chat is used by keyboard alone: open, ask, read, close', async () => {
  const page = b.page;
  await page.setViewportSize(PHONE);
  await page.goto(`${impella.url}/`);
  await waitForChat(page);
  await tabTo(page, '#chat-open');
  await page.keyboard.press('Enter');
  // The send box takes the focus; the question goes with Enter.
  expect(await page.evaluate(() => document.activeElement?.closest('#chat') !== null)).toBe(true);
  await page.keyboard.type('how long does it take');
  await page.keyboard.press('Enter');
  await waitForBotText(page, DURATION_EN);
  // Closing returns the focus to the button that opened the chat.
  await tabTo(page, '#chat-close');
  await page.keyboard.press('Enter');
  expect(await page.locator('#chat').isVisible()).toBe(false);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('chat-open');
});
