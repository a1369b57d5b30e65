import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadKnowledgeDir } from '../src/knowledge/load';
import { writePdf, type PdfLine } from '../src/knowledge/pdf/writePdf';
import { loadMatcherResources } from '../src/core/matcherResources';
import { buildMatcher } from '../src/matching/matcher';

// Knowledge build figures: each folder is built in a fresh process, so its peak memory is its own.

const ROOT = join(__dirname, '..');

interface Figures {
  entries: number;
  procedures: number;
  buildMs: number;
  indexMs: number;
  baseMiB: number;
  peakMiB: number;
}

/** In the child: reads the folder, builds the index, reports the times and the memory. */
async function measure(dir: string): Promise<void> {
  const resources = loadMatcherResources();
  global.gc?.();
  const baseMiB = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  const kb = await loadKnowledgeDir(dir, 3);
  const t1 = performance.now();
  buildMatcher(kb.entries, resources);
  const t2 = performance.now();
  const figures: Figures = {
    entries: kb.entries.length,
    procedures: kb.procedures.length,
    buildMs: t1 - t0,
    indexMs: t2 - t1,
    baseMiB,
    peakMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

const WORDS =
  'patient heart rhythm valve artery catheter sedation bandage shower driving medicine fasting monitor recovery wound clinic nurse doctor dressing activity'.split(
    ' ',
  );

/** Sheets as clinics print them (fonts embedded), when the fixture site is there to copy. */
function printedSheets(): string[] {
  const docs = join(ROOT, 'test', 'fixtures', 'site', 'docs');
  if (!existsSync(docs)) return [];
  return readdirSync(docs)
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => join(docs, f));
}

/** A procedure page in the clinic template, with its instruction sheet. */
function generatedPage(dir: string, n: number, sheets: string[]): void {
  const w = (k: number) => WORDS[(n * 7 + k * 3) % WORDS.length];
  const sentence = (k: number) =>
    `Your ${w(k)} and ${w(k + 1)} are checked by the ${w(k + 2)} before the ${w(k + 3)}.`;
  const sections = ['What to expect', 'Risks', 'Recovery', `Can I ${w(4)} after it?`]
    .map(
      (h, k) =>
        `<h2>${h}</h2>\n<p>${sentence(k)} ${sentence(k + 5)}</p>\n<ul><li>${sentence(k + 1)}</li><li>${sentence(k + 2)}</li></ul>`,
    )
    .join('\n');
  const html = `<!doctype html><html lang="en"><head><title>Procedure ${n}</title></head><body>
<header><nav><a href="/">Home</a> <a href="/procedures/">Procedures</a></nav></header>
<div class="covid-banner" role="note"><p>Our clinic is following PPE precautions &amp; maintaining social distancing</p></div>
<main><h1>Procedure ${n}</h1>
<p><strong>Also known as:</strong> ${w(1)} ${w(2)} test</p><p><strong>Duration:</strong> About ${(n % 5) + 1} hours</p>
<p>${sentence(0)} ${sentence(9)}</p>
${sections}
<h3>Preparing for the procedure:</h3><p><a href="../docs/procedure-${n}-pre.pdf">Download Pre Procedure Instructions</a></p>
</main><footer><p>Clinic footer</p></footer></body></html>`;
  writeFileSync(join(dir, 'procedures', `procedure-${n}.html`), html);
  const sheet = join(dir, 'docs', `procedure-${n}-pre.pdf`);
  if (sheets.length) return copyFileSync(sheets[n % sheets.length], sheet);
  const lines: PdfLine[] = [
    { text: `Procedure ${n}: Before Your Procedure`, x: 72, y: 720, size: 16, bold: true },
  ];
  let y = 690;
  for (let g = 0; g < 4; g++) {
    lines.push({ text: `${w(g)} and ${w(g + 2)}`, x: 72, y, size: 12, bold: true });
    y -= 18;
    for (let i = 0; i < 3; i++, y -= 15)
      lines.push({ text: sentence(g * 3 + i), x: 86, y, size: 11 });
    y -= 8;
  }
  writeFileSync(sheet, writePdf([lines]));
}

function run(dir: string): Figures | string {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', __filename, '--measure', dir],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (child.status !== 0) return (child.stderr || 'failed').trim().split('\n')[0];
  return JSON.parse(child.stdout) as Figures;
}

function row(label: string, f: Figures | string): string {
  if (typeof f === 'string') return `  ${label}: not measured (${f})\n`;
  return `  ${label}: ${f.entries} entries, ${f.procedures} procedures; pages and PDFs read in ${f.buildMs.toFixed(0)} ms, index built in ${f.indexMs.toFixed(0)} ms; peak resident memory ${f.peakMiB.toFixed(0)} MiB (${f.baseMiB.toFixed(0)} MiB before the build: word lists and lexicon)\n`;
}

/** `npm run bench` rows: building the knowledge from a clinic's site and from 50 generated pages. */
export function benchKnowledgeBuild(): void {
  process.stdout.write('\nknowledge build (a fresh process each):\n');
  const site = ['site', join('knowledge', 'clinic-site')]
    .map((d) => join(ROOT, 'test', 'fixtures', d))
    .find(existsSync)!;
  process.stdout.write(row(`test site (${site.replace(`${ROOT}/`, '')})`, run(site)));
  const dir = mkdtempSync(join(tmpdir(), 'bench-site-'));
  try {
    mkdirSync(join(dir, 'procedures'));
    mkdirSync(join(dir, 'docs'));
    const sheets = printedSheets();
    for (let n = 1; n <= 50; n++) generatedPage(dir, n, sheets);
    const kind = sheets.length ? `copies of the ${sheets.length} fixture sheets` : 'written here';
    process.stdout.write(row(`50 generated pages, each with a PDF (${kind})`, run(dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') void measure(process.argv[3]);
