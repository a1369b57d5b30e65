/**
 * Protects the labels of the fixture sites' patient messages, not the bot: every line parses, its
 * page exists, and its expected phrase is really in the clinic's text of that procedure (a page,
 * its Spanish version or a PDF it links; the FAQ for clinic-wide questions). PDFs are read through
 * the text of the printed page kept beside their source (see test/fixtures/site/README.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, normalize, relative } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures');
const ACTIONS = ['answer', 'clarify', 'escalate', 'emergency', 'smalltalk'];
const CATEGORIES = [
  'in-scope',
  'pdf',
  'faq',
  'spanish-translated',
  'spanish-untranslated',
  'no-procedure',
  'multi-turn',
  'emergency',
  'personal',
  'out-of-scope',
  'smalltalk',
];

interface Label {
  id: string;
  category: string;
  channel: 'sms' | 'web';
  text: string;
  page?: string;
  conversation?: string;
  note?: string;
  expected: {
    action: string;
    lang: 'en' | 'es';
    procedure: string | null;
    answerIncludes: string | null;
  };
}

interface Source {
  file: string;
  spanish: boolean;
  text: string;
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ndash: '–',
  mdash: '—',
  raquo: '»',
  laquo: '«',
  rarr: '→',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  middot: '·',
  times: '×',
  copy: '©',
  hellip: '…',
};

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** What a reader of the page sees: tags, scripts and styles dropped, entities decoded. */
function htmlText(html: string): string {
  const bare = html
    .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  const decoded = bare.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
  return collapse(decoded);
}

function pagesOf(site: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(site, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !entry.name.startsWith('_')) walk(rel);
      else if (/\.(html|md|txt)$/.test(entry.name) && entry.name !== 'robots.txt') out.push(rel);
    }
  };
  walk('');
  return out;
}

function pdfText(site: string, pdf: string): string {
  return collapse(readFileSync(join(site, '_src', 'pdf', basename(pdf, '.pdf') + '.txt'), 'utf8'));
}

function pageText(site: string, page: string): string {
  const raw = readFileSync(join(site, page), 'utf8');
  if (page.endsWith('.html')) return htmlText(raw);
  return collapse(raw.replace(/\*\*/g, ''));
}

/** Site-relative paths of the PDFs a page links (existing or not). */
function linkedPdfs(site: string, page: string): string[] {
  const raw = readFileSync(join(site, page), 'utf8');
  const links = [...raw.matchAll(/href=["']([^"']+\.pdf)["']/g)].map((m) => m[1]);
  return links.map((href) =>
    normalize(join(dirname(page), href))
      .split('\\')
      .join('/'),
  );
}

/** The texts a label for `procedure` may quote: its pages and the PDFs they link, or the FAQ. */
function sourcesFor(site: string, procedure: string | null): Source[] {
  const pages = pagesOf(site).filter((p) =>
    procedure === null
      ? p === 'patients/faq.html'
      : basename(p, extname(p)).replace(/ \(\d+\)$/, '') === procedure && p.includes('procedures/'),
  );
  const sources: Source[] = pages.map((p) => ({
    file: p,
    spanish: p.startsWith('es/'),
    text: pageText(site, p),
  }));
  for (const pdf of new Set(pages.flatMap((p) => linkedPdfs(site, p)))) {
    if (existsSync(join(site, pdf))) {
      sources.push({ file: pdf, spanish: pdf.startsWith('docs/es/'), text: pdfText(site, pdf) });
    }
  }
  return sources;
}

function readLabels(file: string): Label[] {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as Label;
    } catch {
      throw new Error(`${relative(FIXTURES, file)} line ${i + 1} is not JSON`);
    }
  });
}

const SETS = [
  {
    name: 'site',
    min: {
      total: 220,
      'in-scope': 60,
      pdf: 40,
      faq: 15,
      'spanish-translated': 20,
      'spanish-untranslated': 15,
      'no-procedure': 15,
      'multi-turn': 15,
      emergency: 15,
      personal: 15,
      'out-of-scope': 10,
      smalltalk: 5,
    } as Record<string, number>,
  },
  {
    name: 'site-holdout',
    min: {
      total: 80,
      'in-scope': 20,
      pdf: 12,
      faq: 6,
      'spanish-translated': 6,
      'spanish-untranslated': 5,
      'no-procedure': 5,
      'multi-turn': 5,
      emergency: 5,
      personal: 5,
      'out-of-scope': 4,
      smalltalk: 2,
    } as Record<string, number>,
  },
].map((set) => ({
  ...set,
  site: join(FIXTURES, set.name),
  labels: readLabels(join(FIXTURES, 'eval', set.name, 'messages.jsonl')),
}));

function slugOf(page: string): string {
  return basename(page, extname(page)).replace(/ \(\d+\)$/, '');
}

describe.each(SETS)('labelled messages of $name', ({ site, labels, min }) => {
  test('every line is a well-formed label with a unique id', () => {
    const problems = labels.flatMap((l) => {
      const e = l.expected ?? {};
      const bad = [
        typeof l.id !== 'string' && 'id',
        !CATEGORIES.includes(l.category) && 'category',
        !['sms', 'web'].includes(l.channel) && 'channel',
        !(typeof l.text === 'string' && l.text.trim()) && 'text',
        !ACTIONS.includes(e.action) && 'action',
        !['en', 'es'].includes(e.lang) && 'lang',
        e.action === 'answer' &&
          !(typeof e.answerIncludes === 'string' && e.answerIncludes) &&
          'answer without phrase',
        e.action !== 'answer' && e.answerIncludes !== null && 'phrase on a non-answer',
        e.action === 'clarify' && e.procedure !== null && 'clarify with a procedure',
      ].filter(Boolean);
      return bad.length ? [`${l.id}: ${bad.join(', ')}`] : [];
    });
    expect(problems).toEqual([]);
    expect(new Set(labels.map((l) => l.id)).size).toBe(labels.length);
  });

  test('every page and procedure named is in the site', () => {
    const pages = pagesOf(site);
    const slugs = new Set(pages.filter((p) => p.includes('procedures/')).map(slugOf));
    const missing = labels.flatMap((l) => [
      ...(l.page !== undefined && !pages.includes(l.page) ? [`${l.id}: page ${l.page}`] : []),
      ...(l.expected.procedure !== null && !slugs.has(l.expected.procedure)
        ? [`${l.id}: procedure ${l.expected.procedure}`]
        : []),
    ]);
    expect(missing).toEqual([]);
  });

  test('a question with no procedure named is about the page it was asked on', () => {
    const wrong = labels
      .filter((l) => l.category === 'no-procedure' && l.page?.includes('procedures/'))
      .filter((l) => l.expected.procedure !== slugOf(l.page ?? ''))
      .map((l) => l.id);
    expect(wrong).toEqual([]);
  });

  test('the turns of a conversation are consecutive lines', () => {
    const seen = new Set<string>();
    const scattered: string[] = [];
    labels.forEach((l, i) => {
      if (l.conversation === undefined) return;
      if (seen.has(l.conversation) && labels[i - 1]?.conversation !== l.conversation) {
        scattered.push(l.id);
      }
      seen.add(l.conversation);
    });
    expect(scattered).toEqual([]);
  });

  test('each expected phrase is in its procedure’s text, in the language of the answer', () => {
    const unfound = labels.flatMap((l) => {
      const phrase = l.expected.answerIncludes;
      if (phrase === null) return [];
      // The Spanish words where the clinic has them; the English words where it has only those.
      const spanish =
        l.expected.lang === 'en' || l.category === 'spanish-untranslated'
          ? [false]
          : l.category === 'spanish-translated'
            ? [true]
            : [true, false];
      const found = sourcesFor(site, l.expected.procedure).some(
        (s) => spanish.includes(s.spanish) && s.text.includes(collapse(phrase)),
      );
      return found ? [] : [`${l.id}: "${phrase}"`];
    });
    expect(unfound).toEqual([]);
  });

  test('pdf labels quote what only a PDF says; in-scope labels quote a page', () => {
    const wrong = labels.flatMap((l) => {
      const phrase = l.expected.answerIncludes;
      if (phrase === null || !['pdf', 'in-scope'].includes(l.category)) return [];
      const where = sourcesFor(site, l.expected.procedure)
        .filter((s) => s.text.includes(collapse(phrase)))
        .map((s) => (s.file.endsWith('.pdf') ? 'pdf' : 'page'));
      const ok = l.category === 'pdf' ? !where.includes('page') : where.includes('page');
      return ok ? [] : [`${l.id}: found in ${where.join(', ') || 'nothing'}`];
    });
    expect(wrong).toEqual([]);
  });

  test('Spanish categories expect a Spanish reply', () => {
    const wrong = labels
      .filter((l) => l.category.startsWith('spanish-') && l.expected.lang !== 'es')
      .map((l) => l.id);
    expect(wrong).toEqual([]);
  });

  test('the set keeps its size in every category', () => {
    const counts: Record<string, number> = { total: labels.length };
    for (const l of labels) counts[l.category] = (counts[l.category] ?? 0) + 1;
    const short = Object.entries(min)
      .filter(([category, n]) => (counts[category] ?? 0) < n)
      .map(([category, n]) => `${category}: ${counts[category] ?? 0} < ${n}`);
    expect(short).toEqual([]);
  });
});

function pdfPages(file: string): number {
  return (
    readFileSync(file)
      .toString('latin1')
      .match(/\/Type\s*\/Page\b(?!s)/g) ?? []
  ).length;
}

describe.each(SETS)('documents of $name', ({ site }) => {
  test('every linked PDF but the broken one is a PDF with its printed text kept', () => {
    const linked = new Set(pagesOf(site).flatMap((p) => linkedPdfs(site, p)));
    const problems = [...linked].flatMap((pdf) => {
      if (!existsSync(join(site, pdf)))
        return pdf.endsWith('carotid-ultrasound-instructions.pdf') ? [] : [pdf];
      const isPdf = readFileSync(join(site, pdf)).subarray(0, 5).toString('latin1') === '%PDF-';
      return isPdf && pdfText(site, pdf).length > 200 ? [] : [pdf];
    });
    expect(problems).toEqual([]);
  });
});

test('the development site keeps the faults its build must warn about', () => {
  const site = join(FIXTURES, 'site');
  expect(existsSync(join(site, 'docs/carotid-ultrasound-instructions.pdf'))).toBe(false);
  expect(linkedPdfs(site, 'procedures/carotid-ultrasound.html')).toContain(
    'docs/carotid-ultrasound-instructions.pdf',
  );
  const [page, copy] = ['holter-monitor.html', 'holter-monitor (1).html'].map((f) =>
    readFileSync(join(site, 'procedures', f), 'utf8'),
  );
  const content = (html: string) =>
    htmlText(html.split('<div class="entry-content">')[1]?.split('</article>')[0] ?? '');
  expect(copy).not.toEqual(page);
  expect(content(copy)).toEqual(content(page));
  expect(pdfPages(join(site, 'docs/peripheral-angioplasty-discharge.pdf'))).toBe(2);
});
