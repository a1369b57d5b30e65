import { join } from 'node:path';
import { groupSimilar } from '../../src/staff/insights';
import { ARTIFACTS, openBrowser, recordTraffic } from '../browser/support';
import { StaffClient, WebChatPatient, addStaff, PASSWORD } from '../fixtures/staff/staff';
import { startServer, type Running } from '../support/server';

interface InsightsBody {
  perDay: { day: string; channel: string; lang: string; messages: number }[];
  actions: Record<string, number>;
  medianStaffReplySeconds: number | null;
  unanswered: { example: string; count: number }[];
}

let server: Running;
let nurse: StaffClient;

beforeAll(async () => {
  server = await startServer();
  await addStaff(server.app, 'nurse@clinic.test', 'staff');
  nurse = await StaffClient.logIn(server.url, 'nurse@clinic.test');
  const a = await WebChatPatient.start(server.url);
  await a.say('how long does it take');
  await a.say('what is the wifi password in the waiting room');
  const b = await WebChatPatient.start(server.url, 'es');
  await b.say('¿cuál es la contraseña del wifi?');
  await b.say('quiero hablar con una enfermera');
  await nurse.post(`conversations/${b.conversationId}/reply`, {
    text: 'Hola, soy la enfermera Ana.',
  });
}, 90_000);

afterAll(() => server.close());

test('insights count messages by day, channel and language, what the bot did, and staff reply time', async () => {
  const { status, body } = await nurse.get<InsightsBody>('insights');
  expect(status).toBe(200);
  const today = new Date().toISOString().slice(0, 10);
  expect(body.perDay).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ day: today, channel: 'directline', lang: 'en', messages: 2 }),
      expect.objectContaining({ day: today, channel: 'directline', lang: 'es', messages: 2 }),
    ]),
  );
  expect(body.actions.answer).toBeGreaterThanOrEqual(1);
  expect(body.actions.escalate).toBeGreaterThanOrEqual(3);
  expect(body.medianStaffReplySeconds).not.toBeNull();
  expect(body.unanswered.map((u) => u.example)).toContain(
    'what is the wifi password in the waiting room',
  );
});

test('insights need a session', async () => {
  expect((await fetch(`${server.url}/api/staff/insights`)).status).toBe(401);
});

test('similar unanswered questions are grouped, most frequent first', () => {
  expect(
    groupSimilar([
      'where do I park my car',
      'where can I park the car?',
      'do you take medicare',
      'PARK car where',
    ]),
  ).toEqual([
    { example: 'where do I park my car', count: 3 },
    { example: 'do you take medicare', count: 1 },
  ]);
});

test('the insights page draws its charts with the locally served Chart.js', async () => {
  const browser = await openBrowser();
  try {
    const traffic = recordTraffic(browser.context);
    const page = await browser.context.newPage();
    await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}/staff/login`);
    await page.fill('input[name=email]', 'nurse@clinic.test');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}/staff/insights`);
    await page.waitForFunction(() => {
      const chart = (window as unknown as { Chart?: { getChart(id: string): unknown } }).Chart;
      return Boolean(chart?.getChart('per-day') && chart.getChart('actions'));
    });
    await page.waitForSelector('#unanswered li');
    expect(await page.locator('#median').innerText()).toMatch(/min/);
    await page.screenshot({ path: join(ARTIFACTS, 'staff-insights-desktop.png'), fullPage: true });
    expect(traffic.requests.filter((u) => !u.includes('localhost'))).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60_000);
