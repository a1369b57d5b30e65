import { join } from 'node:path';
import { layoutPdf, type ReadDocument } from '../../src/knowledge/pdf/layout';
import { PdfReader } from '../../src/knowledge/pdf/readPdf';

const KNOWLEDGE = join(__dirname, '..', 'fixtures', 'knowledge');
const SAMPLE_PDF = join(KNOWLEDGE, 'sample-site', 'docs', 'cardioversion-pre-instructions.pdf');
const DOCS = join(KNOWLEDGE, 'clinic-site', 'docs');

const reader = new PdfReader();
afterAll(() => reader.close());

async function read(file: string): Promise<ReadDocument> {
  const raw = await reader.read(file);
  if ('error' in raw) throw new Error(raw.error);
  return layoutPdf(raw);
}

describe('the shared sample instruction sheet (printed by Chromium)', () => {
  let doc: ReadDocument;
  beforeAll(async () => {
    doc = await read(SAMPLE_PDF);
  });

  it('reads the title and each sub-heading with its instructions, one instruction an item', () => {
    expect(doc.title).toBe('Cardioversion: Before Your Procedure');
    expect(doc.groups.map((g) => g.heading)).toEqual([
      'Your appointment',
      'Eating and drinking',
      'Blood thinner',
      'Getting home',
      null,
    ]);
    expect(doc.groups[1].items).toEqual([
      'Do not eat or drink anything after midnight the night before your procedure.',
      'You may take your morning medicines with small sips of water.',
    ]);
    expect(doc.groups[3].items).toContain('Do not drive for 24 hours after your procedure.');
  });

  it('joins wrapped lines back into the sentence the clinic wrote', () => {
    expect(doc.groups[2].items[0]).toBe(
      'Take your blood thinner every day, without missing a dose, for at least 3 weeks before your cardioversion. A missed dose may mean the procedure has to be moved.',
    );
  });

  it('leaves out the letterhead, the address line and the form number', () => {
    const text = JSON.stringify(doc.groups);
    expect(text).not.toMatch(
      /Heartwell Cardiovascular Clinic"|1200 Elm Street|HCC-PI-130|Patient instructions/,
    );
  });
});

describe('a sheet with numbered steps and a two-column "Do / Do not" table', () => {
  let doc: ReadDocument;
  beforeAll(async () => {
    doc = await read(join(DOCS, 'ablation-prep.pdf'));
  });

  it('keeps each column a list of its own, never a sentence across the columns', () => {
    const group = (h: string) => doc.groups.find((g) => g.heading === h)?.items;
    expect(group('Do')).toEqual([
      'Keep taking your blood thinner every day, without missing a dose, until the day of the procedure.',
      'Bring a list of your medicines and your photo ID.',
    ]);
    expect(group('Do not')).toEqual([
      'Stop any medicine on your own, even if you feel well.',
      'Wear jewelry, lotion or nail polish on the day.',
    ]);
  });

  it('keeps a numbered step whole, its wrapped line under its text', () => {
    expect(doc.groups[0]).toEqual({
      heading: 'Step by step',
      items: [
        'Two weeks before: our nurse calls you to go over every medicine you take, including vitamins and anything you buy without a prescription.',
        'The night before: do not eat or drink anything after midnight.',
        'The morning of: take only the medicines our nurse told you to take, with a small sip of water.',
      ],
    });
  });

  it('reads the Spanish sheet into the same shape', async () => {
    const es = await read(join(DOCS, 'ablation-prep-es.pdf'));
    expect(es.groups.map((g) => g.items.length)).toEqual(doc.groups.map((g) => g.items.length));
    expect(es.groups.find((g) => g.heading === 'No')?.items[1]).toBe(
      'Use joyas, crema ni esmalte de uñas ese día.',
    );
  });
});

describe('PDFs that cannot be read come back as a reason, never a crash', () => {
  it.each([
    ['a truncated file', 'broken.pdf', /Invalid PDF structure/],
    ['a password-protected file', 'locked.pdf', /password-protected/],
    ['a file that is not there', 'nowhere.pdf', /ENOENT|no such file/],
  ])('%s', async (_what, file, reason) => {
    const raw = await reader.read(join(DOCS, file));
    expect(raw).toEqual({ error: expect.stringMatching(reason) });
  });

  it('a scan with no text reads as no groups', async () => {
    expect((await read(join(DOCS, 'scan.pdf'))).groups).toEqual([]);
  });
});
