import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import {
  spawnServer,
  startServer,
  tempDataDir,
  type Running,
  type Spawned,
} from '../support/server';
import {
  ARTIFACTS,
  after,
  ask,
  freePort,
  openBrowser,
  rawGet,
  recordTraffic,
  screenshot,
  sendBox,
  transcript,
  waitForBotText,
  waitForChat,
  type Browser,
} from './support';
import { addStaff, StaffClient } from '../fixtures/staff/staff';

// A name with characters HTML must escape, and a colour no default uses.
const CLINIC_NAME = "St. Mary's Heart & Vascular";
const CLINIC_COLOR = '#7A1F5C';
const CLINIC_ACCENT_COLOR = '#F6EAF1';
const rgb = (hex: string) =>
  `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

const DURATION_EN = 'The duration of the Impella procedure is variable';
const DURATION_ES = 'La duración';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

jest.setTimeout(60_000);

let server: Running;
/** The page as a patient opens it. With no PUBLIC_URL the service names itself localhost. */
let site: string;
const browsers = new Set<Browser>();
const metrics: Record<string, unknown> = {};

async function browser(): Promise<Browser> {
  const b = await openBrowser();
  browsers.add(b);
  return b;
}

async function closeBrowser(b: Browser): Promise<void> {
  browsers.delete(b);
  await b.close();
}

/** Any alert/confirm/prompt is a script the patient's text (or ours) managed to run. */
function failOnDialog(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return dialogs;
}

beforeAll(async () => {
  server = await startServer({ CLINIC_NAME, CLINIC_COLOR, CLINIC_ACCENT_COLOR });
  site = `http://localhost:${new URL(server.url).port}`;
});

afterAll(async () => {
  await Promise.allSettled([...browsers].map((b) => b.close()));
  await server?.close();
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'browser-metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
});

test('the English page loads everything from the service alone, in the clinic name and colours', async () => {
  const b = await browser();
  const traffic = recordTraffic(b.context);
  const errors: string[] = [];
  b.page.on('pageerror', (e) => errors.push(e.message));

  await b.page.goto(`${site}/`);
  await waitForChat(b.page);
  await waitForBotText(b.page, CLINIC_NAME);

  expect(await b.page.getAttribute('html', 'lang')).toBe('en');
  expect(await b.page.locator('header h1').innerText()).toBe(CLINIC_NAME);
  expect(await b.page.title()).toContain(CLINIC_NAME);
  const colours = await b.page.evaluate(() => ({
    header: getComputedStyle(document.querySelector('header')!).backgroundColor,
    chatTitle: getComputedStyle(document.querySelector('aside h2')!).backgroundColor,
  }));
  expect(colours).toEqual({ header: rgb(CLINIC_COLOR), chatTitle: rgb(CLINIC_ACCENT_COLOR) });

  const own = new URL(site).host;
  const foreign = [...traffic.requests, ...traffic.sockets].filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    const url = new URL(u);
    return url.host !== own || !['http:', 'ws:'].includes(url.protocol);
  });
  expect(foreign).toEqual([]);
  // The log is only worth something if it saw the page's own traffic, stream included.
  expect(traffic.requests).toEqual(
    expect.arrayContaining([`${site}/`, `${site}/webchat/webchat.js`, `${site}/static/app.js`]),
  );
  expect(traffic.sockets.some((u) => u.startsWith(`ws://${own}/v3/directline/`))).toBe(true);
  expect(errors).toEqual([]);
  await closeBrowser(b);
});

test('on a 1280x800 desktop the whole chat, send box included, shows without scrolling', async () => {
  const b = await browser();
  await b.page.setViewportSize(DESKTOP);
  await b.page.goto(`${site}/`);
  await waitForChat(b.page);
  const box = await sendBox(b.page).boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y + box!.height).toBeLessThanOrEqual(DESKTOP.height);
  await closeBrowser(b);
});

test('the Web Chat bundle is served gzipped', async () => {
  const res = await rawGet(`${server.url}/webchat/webchat.js`, { 'Accept-Encoding': 'gzip' });
  expect(res.status).toBe(200);
  expect(res.headers['content-encoding']).toBe('gzip');
  const plain = gunzipSync(res.body);
  expect(plain.toString('utf8', 0, 2000)).toMatch(/\S/);
  metrics.webchatJs = { bytes: plain.length, gzippedBytes: res.body.length };
});

test('a patient asks in English, then on the Spanish page in Spanish', async () => {
  const en = await browser();
  const started = Date.now();
  await en.page.goto(`${site}/`);
  await waitForChat(en.page);
  const said = await ask(en.page, 'how long does it take', DURATION_EN);
  metrics.firstAnswerMs = Date.now() - started;
  expect(after(said, 'how long does it take')[0]).toMatchObject({ from: 'bot' });
  expect(after(said, 'how long does it take')[0].text).toContain(DURATION_EN);
  await screenshot(en.page, 'en-desktop', DESKTOP, 'top');
  await screenshot(en.page, 'en-phone-top', PHONE, 'top');
  await screenshot(en.page, 'en-phone-chat', PHONE, 'chat');
  await closeBrowser(en);

  const es = await browser();
  await es.page.goto(`${site}/`);
  await waitForChat(es.page);
  await es.page.getByRole('link', { name: 'Español' }).click();
  await es.page.waitForURL(`${site}/?lang=es`);
  await waitForChat(es.page);
  expect(await es.page.getAttribute('html', 'lang')).toBe('es');
  const placeholder = await sendBox(es.page).getAttribute('placeholder');
  expect(placeholder).not.toBe('Type your message');
  expect(placeholder).toMatch(/mensaje/i);

  const question = '¿cuánto dura el procedimiento?';
  const answer = after(await ask(es.page, question, DURATION_ES), question);
  expect(answer[0]).toMatchObject({ from: 'bot' });
  expect(answer[0].text).toContain(DURATION_ES);
  await screenshot(es.page, 'es-desktop', DESKTOP, 'top');
  await screenshot(es.page, 'es-phone-top', PHONE, 'top');
  await screenshot(es.page, 'es-phone-chat', PHONE, 'chat');
  await closeBrowser(es);
});

test('an unclear question gets choices as buttons, and a choice gets its answer', async () => {
  const b = await browser();
  await b.page.goto(`${site}/`);
  await waitForChat(b.page);
  await ask(b.page, 'instructions?', 'Did you mean');
  const choices = b.page.locator('#webchat .webchat__suggested-actions__button');
  await choices.first().waitFor();
  expect(await choices.allInnerTexts()).toEqual(
    expect.arrayContaining(['Preparing for the procedure', 'After the procedure']),
  );

  const before = (await transcript(b.page)).length;
  await choices.filter({ hasText: 'Preparing for the procedure' }).click();
  await waitForBotText(b.page, 'Pre Procedure Instructions', before);
  const bot = (await transcript(b.page)).slice(before).filter((s) => s.from === 'bot');
  expect(bot[0].text).toContain('Pre Procedure Instructions');
  await closeBrowser(b);
});

test('an emergency gets the emergency reply first', async () => {
  const b = await browser();
  await b.page.goto(`${site}/`);
  await waitForChat(b.page);
  const said = await ask(b.page, 'I have chest pain', 'Call 911');
  const reply = after(said, 'I have chest pain');
  expect(reply[0].from).toBe('bot');
  expect(reply[0].text).toContain('911');
  expect(reply[0].text).toMatch(/emergency/i);
  await closeBrowser(b);
});

test('a reload shows the conversation again, once', async () => {
  const b = await browser();
  await b.page.goto(`${site}/`);
  await waitForChat(b.page);
  const question = 'how long does it take';
  const before = await ask(b.page, question, DURATION_EN);

  await b.page.reload();
  await waitForChat(b.page);
  await waitForBotText(b.page, DURATION_EN);
  // Give a late duplicate (history replayed twice, or history and stream both) time to show.
  await b.page.waitForTimeout(1500);
  const again = await transcript(b.page);
  expect(again.map((s) => [s.from, s.text])).toEqual(before.map((s) => [s.from, s.text]));
  expect(again.filter((s) => s.text === question)).toHaveLength(1);
  expect(again.filter((s) => s.text.includes(DURATION_EN))).toHaveLength(1);
  expect(again.filter((s) => /fail/i.test(s.status))).toEqual([]);
  await closeBrowser(b);
});

test('"delete my data": the confirmation shows, then the chat starts over in a new conversation', async () => {
  const b = await browser();
  await b.page.goto(`${site}/`);
  await waitForChat(b.page);
  await ask(b.page, 'my name is Ana, how long does it take', DURATION_EN);
  const first = await b.page.evaluate(() => window.localStorage.getItem('faqbot.session'));
  await ask(b.page, 'delete my data', 'reply YES');
  await ask(b.page, 'yes', 'Done: what was said in this conversation has been deleted.');
  // A few seconds later: a fresh conversation, its welcome, nothing of the old one.
  await b.page.waitForFunction(
    (old) => {
      const s = window.localStorage.getItem('faqbot.session');
      return s !== null && s !== old && JSON.parse(s).started === true;
    },
    first,
    { timeout: 15_000 },
  );
  await waitForBotText(b.page, 'virtual assistant');
  const now = await transcript(b.page);
  expect(now.map((m) => m.text).join(' ')).not.toContain('Ana');
  const answered = await ask(b.page, 'how long does it take', DURATION_EN);
  expect(answered.filter((m) => /fail/i.test(m.status))).toEqual([]);
  await closeBrowser(b);
});

test("after its token ran out, the widget comes back to the conversation, with staff's reply", async () => {
  const b = await browser();
  await b.page.goto(`${site}/`);
  await waitForChat(b.page);
  await ask(b.page, 'I want to talk to a person', 'Someone will reply here');
  const conversationId = await b.page.evaluate(
    () => JSON.parse(window.localStorage.getItem('faqbot.session')!).conversationId as string,
  );
  await addStaff(server.app, 'resume-nurse@clinic.example.org');
  const nurse = await StaffClient.logIn(server.url, 'resume-nurse@clinic.example.org');
  expect(
    (
      await nurse.post(`conversations/${conversationId}/reply`, {
        text: 'Hello, this is Maria from the clinic.',
      })
    ).status,
  ).toBe(200);
  // The patient comes back after the token expired (an hour, a night): it is of no use now.
  await b.page.evaluate(() => {
    const s = JSON.parse(window.localStorage.getItem('faqbot.session')!);
    s.token = 'expired.token';
    s.expiresAt = Date.now() - 60_000;
    window.localStorage.setItem('faqbot.session', JSON.stringify(s));
  });
  await b.page.reload();
  await waitForChat(b.page);
  await waitForBotText(b.page, 'Hello, this is Maria from the clinic.');
  const seen = (await transcript(b.page)).map((m) => m.text).join(' ');
  expect(seen).toContain('I want to talk to a person');
  expect(
    await b.page.evaluate(
      () => JSON.parse(window.localStorage.getItem('faqbot.session')!).conversationId,
    ),
  ).toBe(conversationId);
  await closeBrowser(b);
});

describe('a restart of the service', () => {
  let spawned: Spawned | undefined;

  afterEach(async () => {
    if (spawned && spawned.child.exitCode === null && spawned.child.signalCode === null) {
      spawned.child.kill('SIGTERM');
      await spawned.exited;
    }
  });

  test('after kill -9 and a new start on the same data, the history is there and the bot answers', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    spawned = await spawnServer(dataDir, port);
    const b = await browser();
    await b.page.goto(`${spawned.url}/`);
    await waitForChat(b.page);
    const question = 'how long does it take';
    await ask(b.page, question, DURATION_EN);

    spawned.child.kill('SIGKILL');
    await spawned.exited;
    spawned = await spawnServer(dataDir, port);

    await b.page.reload();
    await waitForChat(b.page);
    await waitForBotText(b.page, DURATION_EN);
    const history = await transcript(b.page);
    expect(history.filter((s) => s.from === 'patient').map((s) => s.text)).toEqual([question]);

    const next = 'what is impella';
    const said = await ask(b.page, next, 'smallest portable heart pump');
    expect(after(said, next)[0]).toMatchObject({ from: 'bot' });
    expect(said.filter((s) => s.text === question)).toHaveLength(1);
    await closeBrowser(b);
  }, 120_000);
});

test('hostile text runs nothing and shows literally', async () => {
  const b = await browser();
  const dialogs = failOnDialog(b.page);
  await b.page.goto(`${site}/`);
  await waitForChat(b.page);
  const hostile = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>'];
  for (const text of hostile) {
    const said = await ask(b.page, text, ''); // any reply
    expect(said.filter((s) => s.from === 'patient').map((s) => s.text)).toContain(text);
  }
  // An image that fails to load fires onerror at once; wait a moment in case.
  await b.page.waitForTimeout(1000);
  expect(dialogs).toEqual([]);
  expect(await b.page.locator('#webchat img[src="x"]').count()).toBe(0);
  expect(await b.page.locator('#webchat script').count()).toBe(0);
  await closeBrowser(b);
});

// The service's own helper hands out http://127.0.0.1:<port>, and with no settings `npm start`
// listens on every address; a patient or the IT person may open the page by address, not by name.
test('the chat works when the page is opened by IP address rather than "localhost"', async () => {
  const b = await browser();
  const problems: string[] = [];
  b.page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  b.page.on('requestfailed', (r) => void problems.push(`${r.url()}: ${r.failure()?.errorText}`));
  await b.page.goto(`${server.url}/`);
  await waitForChat(b.page);
  const said = await ask(b.page, 'how long does it take', DURATION_EN).catch((e: Error) => {
    throw new Error(`${e.message}\nwhat the browser reported:\n${problems.join('\n')}`);
  });
  expect(after(said, 'how long does it take')[0].text).toContain(DURATION_EN);
  await closeBrowser(b);
});
