import { join } from 'node:path';
import { startServer, type Running } from '../../support/server';

// The page the widget sits on, as a patient's browser gets it: one procedure at a time with the
// others a link away, each section's title said once, the language switch keeping the procedure.

jest.setTimeout(60_000);

const SITE = join(__dirname, '..', '..', 'fixtures', 'site');
let impella: Running;
let site: Running;

beforeAll(async () => {
  [impella, site] = await Promise.all([startServer(), startServer({ KNOWLEDGE_DIR: SITE })]);
});

afterAll(async () => {
  await Promise.all([impella.close(), site.close()]);
});

async function page(base: string, path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, html: await res.text() };
}

/** Each section's title and the first line of the text under it. */
function sections(html: string): { title: string; first: string }[] {
  return [...html.matchAll(/<h2 id="[^"]*-title">([^<]*)<\/h2><p[^>]*>([^<]*)<\/p>/g)].map((m) => ({
    title: m[1],
    first: m[2].split(/\n/)[0].trim(),
  }));
}

test('no section repeats its title as its first line', async () => {
  for (const lang of ['en', 'es']) {
    const { html } = await page(impella.url, `/?lang=${lang}`);
    const found = sections(html);
    expect(found.length).toBeGreaterThan(3);
    expect(found.filter((s) => s.first.toLowerCase() === s.title.toLowerCase())).toEqual([]);
  }
  // "Types of Impella" is its section's heading on the clinic's page: said once, by the title.
  const { html } = await page(impella.url, '/');
  expect(html.match(/Types of Impella/g)).toHaveLength(1);
});

test('a site with several procedures: each has its page, linked from the others', async () => {
  const home = await page(site.url, '/');
  const links = [...home.html.matchAll(/<li><a href="\/\?lang=en&amp;p=([^"]+)"/g)].map((m) =>
    decodeURIComponent(m[1]),
  );
  expect(links.length).toBeGreaterThan(5);
  expect(links).toContain('pacemaker');

  const pacemaker = await page(site.url, '/?p=pacemaker');
  expect(pacemaker.status).toBe(200);
  expect(pacemaker.html).toMatch(/<h1>[^<]*Pacemaker[^<]*<\/h1>/i);
  expect(pacemaker.html).toContain('aria-current="page">');
  // The widget is told which procedure its page is about.
  expect(pacemaker.html).toContain('&quot;page&quot;:&quot;pacemaker&quot;');
  // Switching language keeps the procedure.
  expect(pacemaker.html).toContain('href="/?lang=es&p=pacemaker"');
});

test('an unknown or hostile procedure gives the first page, not an error', async () => {
  for (const p of ['nope', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'x'.repeat(5000)]) {
    const res = await page(site.url, `/?p=${p}`);
    expect(res.status).toBe(200);
    expect(res.html).not.toContain('<script>alert');
    expect(res.html).toMatch(/<h1>/);
  }
});
