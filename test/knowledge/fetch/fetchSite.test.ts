import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchSite, type FetchReport } from '../../../src/knowledge/fetch/fetchSite';
import { FetchError } from '../../../src/knowledge/fetch/http';
import { readManifest } from '../../../src/knowledge/fetch/manifest';
import { loadKnowledgeDir } from '../../../src/knowledge/load';
import { prepSheet, SiteServer } from './siteServer';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'knowledge', 'fetch-site');
const ROOT = join(__dirname, '..', '..', '..');

describe('npm run knowledge -- fetch, against a local site', () => {
  const site = new SiteServer(FIXTURE);
  const dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
  const progress: string[] = [];
  let first: FetchReport;

  beforeAll(async () => {
    await site.start();
    first = await fetchSite({
      url: `${site.url}/clinic/`,
      dir,
      maxBytes: 1024 * 1024,
      progress: (line) => progress.push(line),
    });
  }, 60_000);
  afterAll(() => site.stop());

  it('saves the pages under the address, their PDF and their Spanish version, by the site’s paths', () => {
    expect(first.new.sort()).toEqual([
      'clinic/angiogram.html',
      'clinic/index.html',
      'clinic/tilt-test.html',
      'docs/angiogram-prep.pdf',
      'es/clinic/angiogram.html',
    ]);
    expect(readFileSync(join(dir, 'clinic/angiogram.html'), 'utf8')).toContain(
      '<h1>Angiogram</h1>',
    );
    expect(readFileSync(join(dir, 'docs/angiogram-prep.pdf')).subarray(0, 5).toString()).toBe(
      '%PDF-',
    );
    // Outside the given path, and not a document or a translation of one of its pages: left alone.
    expect(site.requested('/about.html')).toBe(false);
  });

  it('honours robots.txt, for every crawler and for its own name', () => {
    expect(site.requested('/clinic/private/notes.html')).toBe(false);
    expect(site.requested('/clinic/staff-only/roster.html')).toBe(false);
    expect(first.skipped).toEqual(
      expect.arrayContaining([
        { url: `${site.url}/clinic/private/notes.html`, why: 'robots.txt disallows it' },
        { url: `${site.url}/clinic/staff-only/roster.html`, why: 'robots.txt disallows it' },
      ]),
    );
    expect(site.log[0].path).toBe('/robots.txt');
    expect(site.log.every((l) => l.agent.startsWith('ClinicFaqBot/'))).toBe(true);
  });

  it('leaves another host, a redirect to one, a huge page and a download alone, saying why', () => {
    const why = Object.fromEntries(first.skipped.map((s) => [s.url.replace(site.url, ''), s.why]));
    expect(why).toMatchObject({
      'http://elsewhere.invalid/clinic/angiogram.html': 'another site',
      '/clinic/huge.html': 'too large',
      '/clinic/download.html': 'not a page (application/octet-stream)',
    });
    expect(existsSync(join(dir, 'clinic/huge.html'))).toBe(false);
  });

  it('asks at most 2 requests a second, and writes a progress line per page', () => {
    // No three requests within any one second.
    const times = site.log.map((l) => l.at);
    const spans = times.slice(2).map((t, i) => t - times[i]);
    expect(Math.min(...spans)).toBeGreaterThanOrEqual(1000);
    expect(progress.filter((l) => /^\[\d+\/200\] /.test(l))).toEqual([
      '[1/200] clinic/index.html',
      '[2/200] clinic/angiogram.html',
      '[3/200] clinic/tilt-test.html',
      '[4/200] es/clinic/angiogram.html',
    ]);
  });

  it('records each file’s address, so answers link the page they come from', async () => {
    expect(readManifest(dir)?.files['clinic/angiogram.html']).toMatchObject({
      url: `${site.url}/clinic/angiogram.html`,
      state: 'new',
      reviewPending: false,
    });
    const kb = await loadKnowledgeDir(dir, 3);
    const duration = kb.entries.find((e) => e.id === 'angiogram.duration')!;
    expect(duration.provenance?.url).toBe(`${site.url}/clinic/angiogram.html`);
    expect(duration.answer).toEqual({ en: 'About 1 hour.', es: 'Alrededor de 1 hora.' });
    const item = kb.entries.find((e) => e.provenance?.document)!;
    expect(item.provenance?.document?.url).toBe(`${site.url}/docs/angiogram-prep.pdf`);
  });

  describe('fetching again after the site changed', () => {
    let second: FetchReport;
    beforeAll(async () => {
      const page = join(site.root, 'clinic/angiogram.html');
      writeFileSync(page, readFileSync(page, 'utf8').replace('About 1 hour.', 'About 2 hours.'));
      rmSync(join(site.root, 'clinic/tilt-test.html'));
      site.pdf = prepSheet(['Do not eat or drink anything after midnight.']);
      second = await fetchSite({ url: `${site.url}/clinic/`, dir, maxBytes: 1024 * 1024 });
    }, 60_000);

    it('reports new, changed and removed pages', () => {
      expect(second.new).toEqual([]);
      expect(second.changed).toEqual(['clinic/angiogram.html']);
      expect(second.removed).toEqual(['clinic/tilt-test.html']);
      expect(second.unchanged.sort()).toEqual([
        'clinic/index.html',
        'docs/angiogram-prep.pdf',
        'es/clinic/angiogram.html',
      ]);
    });

    it('withdraws the removed page’s entries and marks the changed page’s for staff review', async () => {
      expect(existsSync(join(dir, 'clinic/tilt-test.html'))).toBe(false);
      const manifest = readManifest(dir)!;
      expect(manifest.files['clinic/angiogram.html']).toMatchObject({
        state: 'changed',
        reviewPending: true,
      });
      expect(manifest.files['clinic/tilt-test.html']).toMatchObject({ state: 'removed' });
      const kb = await loadKnowledgeDir(dir, 3);
      expect(kb.entries.filter((e) => e.procedure === 'tilt-test')).toEqual([]);
      const duration = kb.entries.find((e) => e.id === 'angiogram.duration')!;
      expect(duration).toMatchObject({ answer: { en: 'About 2 hours.' }, sourceChanged: true });
    });
  });
});

describe('the development site, served and fetched from its home page', () => {
  it('saves what the folder copy has, and builds the same procedures from it', async () => {
    const site = await new SiteServer(join(__dirname, '..', '..', 'fixtures', 'site')).start();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
      const report = await fetchSite({ url: `${site.url}/`, dir });
      expect(report.skipped.filter((s) => s.why !== 'another site')).toEqual([]);
      const kb = await loadKnowledgeDir(dir, 3);
      expect(kb.procedures.map((p) => p.id).sort()).toEqual([
        'ablation',
        'cardiac-catheterization',
        'cardioversion',
        'carotid-ultrasound',
        'echocardiogram',
        'holter-monitor',
        'loop-recorder',
        'pacemaker',
        'peripheral-angioplasty',
        'stress-test',
        'tavr',
      ]);
      expect(
        kb.translations
          .filter((t) => t.pairedWith)
          .map((t) => t.page)
          .sort(),
      ).toEqual([
        'index.html',
        'procedures/cardioversion.html',
        'procedures/loop-recorder.html',
        'procedures/peripheral-angioplasty.html',
      ]);
      const cardioversion = kb.entries.find((e) => e.id === 'cardioversion.after')!;
      expect(cardioversion.provenance?.url).toBe(`${site.url}/procedures/cardioversion.html`);
    } finally {
      await site.stop();
    }
  }, 90_000);
});

/** A port nothing listens on: one the system just gave out and took back. */
function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('a site that cannot be fetched', () => {
  it('says so in one line for a closed port', async () => {
    const port = await closedPort();
    const dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
    await expect(fetchSite({ url: `http://127.0.0.1:${port}/`, dir })).rejects.toEqual(
      new FetchError(`cannot reach 127.0.0.1:${port}: connection refused`),
    );
  });

  it('refuses a start address that is not an HTML page, and one that is not an address', async () => {
    const site = await new SiteServer(FIXTURE).start();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
      await expect(fetchSite({ url: `${site.url}/clinic/download.html`, dir })).rejects.toThrow(
        'is not an HTML page (application/octet-stream)',
      );
      await expect(fetchSite({ url: 'clinic.example', dir })).rejects.toThrow(
        'is not a web address',
      );
    } finally {
      await site.stop();
    }
  });

  it('the command exits non-zero with the reason on stderr and nothing saved', async () => {
    const port = await closedPort();
    const dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/knowledge.ts', 'fetch', `http://127.0.0.1:${port}/`],
      {
        cwd: ROOT,
        env: { ...process.env, KNOWLEDGE_DIR: dir },
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `knowledge fetch: cannot reach 127.0.0.1:${port}: connection refused\n`,
    );
    expect(run.stdout).toBe('');
    expect(readManifest(dir)).toBeUndefined();
  });
});
