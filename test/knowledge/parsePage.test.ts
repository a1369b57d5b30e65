import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWLEDGE_DIR } from '../../src/knowledge/load';
import { findSection, parsePage, type ParsedPage } from '../../src/knowledge/parsePage';

const PAGES = join(__dirname, '..', 'fixtures', 'knowledge', 'pages');
const SHIPPED = readFileSync(join(KNOWLEDGE_DIR, 'impella.txt'), 'utf8');

function fixture(name: string): ParsedPage {
  return parsePage(name, readFileSync(join(PAGES, name), 'utf8'));
}

const KINDS = ['notice', 'aka', 'duration', 'what', 'types', 'preparing', 'how', 'after'];

// The clinic's own words, as published on the Impella page.
const NOTICE = 'Our clinic is following PPE precautions & maintaining social distancing';
const WHAT =
  'The Impella is currently the world’s smallest portable heart pump. It is a minimally invasive treatment option for heart failure that follows a cardiac catheterization.';
const IMPELLA_RP =
  'Impella RP – placed in the right ventricle and extends into the pulmonary vein. It pulls blood from the Inferior Vena Cava (IVC) into the pulmonary artery so that the right heart can be supported and not pump too hard.';
const IMPELLA_LEFT =
  'Impella – placed in the left ventricle and extends into the aorta. It pulls blood from the left ventricle into the aorta so that the left heart can be supported and not pump too hard.';
const HOW_STEPS = [
  'Firstly, a cardiac catheterization is performed to check for any blocks in the coronary arteries. A catheter (a thin, long tube) is placed in either your arms, legs, or groin and is monitored by an x-ray camera until it reaches the coronaries.',
  'A contrast dye is then infused so that the arteries can be seen.',
  'The cardiologist will determine the type of impella required.',
  'Once the Impella is placed, the ventricular functions can be analyzed in real-time through a monitor.',
];

function sectionText(page: ParsedPage): Record<string, string> {
  return Object.fromEntries(page.sections.map((s) => [s.kind, s.text]));
}

describe('parsePage on the shipped impella.txt', () => {
  const page = parsePage('impella.txt', SHIPPED);

  it('finds the page sections in the order the clinic publishes them', () => {
    expect(page.sections.map((s) => s.kind)).toEqual(KINDS);
    expect(page.procedure).toBe('Impella');
  });

  it('keeps the published text unchanged', () => {
    expect(sectionText(page)).toEqual({
      notice: NOTICE,
      aka: 'Portable heart pump',
      duration: 'Variable',
      what: WHAT,
      types: `${IMPELLA_RP}\n\n${IMPELLA_LEFT}`,
      preparing: 'Download Pre Procedure Instructions',
      how: HOW_STEPS.map((s) => `• ${s}`).join('\n\n'),
      after: 'Download Post Procedure Instructions',
    });
  });

  it('names the two types "Impella RP" and "Impella"', () => {
    const types = page.sections.find((s) => s.kind === 'types');
    expect(types?.heading).toBe('Types of Impella');
    expect(types?.items.map(({ name, text }) => ({ name, text }))).toEqual([
      { name: 'Impella RP', text: IMPELLA_RP },
      { name: 'Impella', text: IMPELLA_LEFT },
    ]);
  });

  it('splits "how it is performed" into its four bullets', () => {
    const how = page.sections.find((s) => s.kind === 'how');
    expect(how?.heading).toBe('How it is performed');
    expect(how?.items.map(({ name, text }) => ({ name, text }))).toEqual(
      HOW_STEPS.map((text) => ({ name: null, text })),
    );
  });

  it('drops the "English Espanol" toggle', () => {
    const texts = page.sections.map((s) => s.text);
    expect(texts.filter((t) => /english|espa[nñ]ol/i.test(t))).toEqual([]);
  });

  it('sends the citations to references, not to any section', () => {
    const citations = SHIPPED.split('\n').filter((line) => line.includes('doi:'));
    expect(citations).toHaveLength(3);
    const references = page.references.join('\n');
    for (const citation of citations) expect(references).toContain(citation.trim());
    expect(page.sections.filter((s) => /doi:|et al\./.test(s.text))).toEqual([]);
  });

  // Each citation is on its own line on the page; joined into one reference they cannot be listed.
  it('keeps each citation as its own reference', () => {
    const citations = SHIPPED.split('\n')
      .filter((line) => line.includes('doi:'))
      .map((line) => line.trim());
    expect(page.references).toEqual(citations);
  });
});

describe('findSection', () => {
  const page = parsePage('impella.txt', SHIPPED);

  const refs: [string, string | undefined][] = [
    ['types/Impella RP', IMPELLA_RP],
    ['types/Impella', IMPELLA_LEFT],
    ['how/1', HOW_STEPS[0]],
    ['how/3', HOW_STEPS[2]],
    ['duration', 'Variable'],
    ['aka', 'Portable heart pump'],
    ['what', WHAT],
    ['preparing', 'Preparing for the procedure\n\nDownload Pre Procedure Instructions'],
    ['how/5', undefined],
    ['types/Impella CP', undefined],
    ['risks', undefined],
  ];

  it.each(refs)('%s', (ref, text) => {
    expect(findSection(page, ref)).toBe(text);
  });
});

describe('parsePage on Markdown and HTML pages', () => {
  const txt = parsePage('impella.txt', SHIPPED);

  it.each(['impella.md', 'impella.html'])('%s gives the same sections as impella.txt', (name) => {
    const page = fixture(name);
    expect(page.sections.map((s) => s.kind)).toEqual(KINDS);
    expect(page.procedure).toBe('Impella');
    for (const ref of ['notice', 'aka', 'duration', 'what', 'types/Impella RP', 'types/Impella']) {
      expect(findSection(page, ref)).toBe(findSection(txt, ref));
    }
    expect(page.sections.find((s) => s.kind === 'how')?.items.map((i) => i.text)).toEqual(
      HOW_STEPS,
    );
    expect(findSection(page, 'preparing')).toBe(findSection(txt, 'preparing'));
    expect(findSection(page, 'after')).toBe(findSection(txt, 'after'));
    expect(page.references).toEqual([expect.stringMatching(/^Glazier JJ, Kaki A\..*doi:/)]);
  });

  it.each(['impella.md', 'impella.html'])('%s keeps the download addresses', (name) => {
    expect(fixture(name).links).toEqual(
      expect.arrayContaining([
        { text: 'Download Pre Procedure Instructions', url: '/docs/impella-pre.pdf' },
        { text: 'Download Post Procedure Instructions', url: '/docs/impella-post.pdf' },
      ]),
    );
  });

  it('leaves out the HTML page header, navigation and footer', () => {
    const text = fixture('impella.html').sections.map((s) => s.text);
    expect(text.filter((t) => /Home|Procedures|Heart Clinic/.test(t))).toEqual([]);
  });

  it('keeps bullets where the page has them and only there', () => {
    const page = fixture('mixed-bullets.md');
    expect({ how: findSection(page, 'how'), after: findSection(page, 'after') }).toEqual({
      how:
        'How it is performed\n\n' +
        'The cardiologist will explain each step before it starts.\n\n' +
        '• A catheter is placed in your groin.\n\n' +
        '• A contrast dye is then infused so that the arteries can be seen.',
      after:
        'After the procedure\n\n' +
        '• Rest for the day.\n\n' +
        '• Do not drive for 24 hours.\n\n' +
        'Call us if you have any questions.',
    });
  });

  it('decodes the named accents an HTML page uses (&ntilde;, &iacute;, &aacute;)', () => {
    const page = fixture('entities.html');
    expect(page.sections.map((s) => [s.kind, s.text])).toEqual([
      ['notice', NOTICE],
      ['aka', 'Portable heart pump (bomba cardíaca portátil)'],
    ]);
  });

  it('does not take the <title> of an HTML document for a clinic notice', () => {
    const page = fixture('document.html');
    expect(page.sections.map((s) => [s.kind, s.text])).toEqual([
      ['notice', NOTICE],
      ['duration', 'Variable'],
    ]);
  });

  it('does not take a Markdown page title ("# Impella") for a clinic notice', () => {
    const page = fixture('titled.md');
    expect(page.sections.map((s) => [s.kind, s.text])).toEqual([
      ['notice', NOTICE],
      ['duration', 'Variable'],
    ]);
  });
});
