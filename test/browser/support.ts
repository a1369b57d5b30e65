import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/globalSetup';

export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');

const TRANSCRIPT_ITEM = '#webchat .webchat__basic-transcript__activity';
const FROM_USER = '.webchat__stacked-layout--from-user';

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh profile each time: no localStorage, so a new patient with a new conversation. */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'faqbot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Every URL the context asks for: HTTP(S) requests of any page or worker, and WebSockets of
 * every page (Playwright reports those per page only).
 */
export function recordTraffic(context: BrowserContext): { requests: string[]; sockets: string[] } {
  const log = { requests: [] as string[], sockets: [] as string[] };
  context.on('request', (r) => log.requests.push(r.url()));
  const watch = (p: Page) => p.on('websocket', (ws) => log.sockets.push(ws.url()));
  context.pages().forEach(watch);
  context.on('page', watch);
  return log;
}

export { freePort } from '../../src/http/freePort';

/** What the service sends over the wire, not what a client decoded. */
export function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

export function sendBox(page: Page): Locator {
  return page.locator('[data-id="webchat-sendbox-input"]');
}

/** app.js marks the widget once Web Chat is rendered; the send box then takes input. */
export async function waitForChat(page: Page): Promise<void> {
  await page.locator('#webchat[data-ready="true"]').waitFor({ timeout: 30_000 });
  await sendBox(page).waitFor({ state: 'visible', timeout: 30_000 });
}

export interface Said {
  from: 'patient' | 'bot';
  text: string;
  status: string;
}

/** The transcript as the patient reads it, in order (the page's own article is not included). */
export function transcript(page: Page): Promise<Said[]> {
  return page.evaluate(
    ([item, fromUser]) =>
      Array.from(document.querySelectorAll(item)).map((a) => ({
        from: a.querySelector(fromUser) ? ('patient' as const) : ('bot' as const),
        text: Array.from(a.querySelectorAll('.webchat__bubble__content'))
          .map((b) => (b as HTMLElement).innerText.trim())
          .join('\n'),
        status:
          (a.querySelector('.webchat__activity-status') as HTMLElement | null)?.innerText ?? '',
      })),
    [TRANSCRIPT_ITEM, FROM_USER],
  );
}

/** Waits until a bot message after the first `after` transcript items contains `text`. */
export async function waitForBotText(page: Page, text: string, after = 0): Promise<void> {
  try {
    await page.waitForFunction(
      ([item, fromUser, n, want]) =>
        Array.from(document.querySelectorAll(item))
          .slice(Number(n))
          .some((a) => !a.querySelector(fromUser) && (a.textContent ?? '').includes(want)),
      [TRANSCRIPT_ITEM, FROM_USER, String(after), text],
      { timeout: 30_000 },
    );
  } catch (err) {
    // Say what the patient saw instead, not just that something timed out.
    const seen = await transcript(page).catch(() => []);
    throw new Error(
      `no bot message containing "${text}" within 30 s (${(err as Error).message.split('\n')[0]}); ` +
        `transcript: ${JSON.stringify(seen, null, 1)}`,
    );
  }
}

/** The patient types a message and presses Enter; resolves when `reply` shows after it. */
export async function ask(page: Page, message: string, reply: string): Promise<Said[]> {
  const before = (await transcript(page)).length;
  const box = sendBox(page);
  await box.fill(message);
  await box.press('Enter');
  await waitForBotText(page, reply, before);
  return transcript(page);
}

/** Items after the patient's (last) message with this exact text. */
export function after(said: Said[], message: string): Said[] {
  const i = said.map((s) => s.from === 'patient' && s.text === message).lastIndexOf(true);
  if (i < 0) throw new Error(`the patient's message "${message}" is not in the transcript`);
  return said.slice(i + 1);
}

/**
 * A viewport screenshot in artifacts/. `at: 'top'` is what a patient sees on landing; `at: 'chat'`
 * the chat, opened with the page's "Chat with us" button on a phone, as the patient would.
 */
export async function screenshot(
  page: Page,
  name: string,
  size: { width: number; height: number },
  at: 'top' | 'chat',
): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.setViewportSize(size);
  if (at === 'top') await page.evaluate(() => window.scrollTo(0, 0));
  else if (await page.locator('#chat-open').isVisible()) await page.locator('#chat-open').click();
  else await page.locator('aside').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}
