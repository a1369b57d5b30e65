import { join } from 'node:path';
import { loadKnowledgeDir } from '../../src/knowledge/load';
import type { Entry, KnowledgeBase } from '../../src/knowledge/types';

const KNOWLEDGE = join(__dirname, '..', 'fixtures', 'knowledge');

function entry(kb: KnowledgeBase, id: string): Entry {
  const found = kb.entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry ${id} among ${kb.entries.map((e) => e.id).join(', ')}`);
  return found;
}

describe('the shared sample site dropped into the knowledge folder', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    kb = await loadKnowledgeDir(join(KNOWLEDGE, 'sample-site'), 3);
  });

  it('builds with warnings only: one procedure, named in both languages', () => {
    expect(kb.procedures).toEqual([
      {
        id: 'cardioversion',
        name: { en: 'Cardioversion', es: 'Cardioversión' },
        aliases: expect.arrayContaining([
          'Electrical cardioversion',
          'DC cardioversion',
          'Cardioversión',
        ]),
        page: 'procedures/cardioversion.html',
        url: undefined,
      },
    ]);
    expect(kb.procedure).toBe('Cardioversion');
  });

  it('pairs each section with the Spanish page, entry by entry', () => {
    const after = entry(kb, 'cardioversion.after');
    expect(after.title).toEqual({
      en: 'Cardioversion: After the procedure',
      es: 'Cardioversión: Después del procedimiento',
    });
    expect(after.answer.es).toMatch(/^Lo vigilaremos de 1 a 2 horas\./);
    expect(after.answer.en).toMatch(/^You will be watched for 1 to 2 hours\./);
    expect(after.questions.es).toContain('qué pasa después de Cardioversión');
    expect(entry(kb, 'cardioversion.duration').answer).toEqual({
      en: 'Duration: About 30 minutes (plan to be at the clinic for 2–3 hours)',
      es: 'Duración: Unos 30 minutos (calcule estar en la clínica de 2 a 3 horas)',
    });
  });

  it('makes the linked PDF the content of the section that links it, one entry per instruction', () => {
    const preparing = entry(kb, 'cardioversion.preparing');
    expect(preparing.answer.en).toContain(
      '• Do not eat or drink anything after midnight the night before your procedure.',
    );
    expect(preparing.provenance?.document).toEqual({
      file: 'docs/cardioversion-pre-instructions.pdf',
      url: undefined,
      title: 'Cardioversion: Before Your Procedure',
    });
    const eating = entry(kb, 'cardioversion.preparing.eating-and-drinking.1');
    expect(eating).toMatchObject({
      procedure: 'cardioversion',
      title: { en: 'Cardioversion: Eating and drinking – Do not eat or drink anything…' },
      answer: {
        en: 'Eating and drinking: Do not eat or drink anything after midnight the night before your procedure.',
      },
      provenance: {
        file: 'procedures/cardioversion.html',
        section: 'Preparing for the procedure',
        document: { file: 'docs/cardioversion-pre-instructions.pdf' },
      },
    });
    expect(entry(kb, 'cardioversion.preparing.getting-home.2').answer.en).toBe(
      'Getting home: Do not drive for 24 hours after your procedure.',
    );
  });

  it('never puts English in a Spanish answer: the sheet the Spanish page links is English', () => {
    const preparing = entry(kb, 'cardioversion.preparing');
    expect(preparing.answer.es).toBeUndefined();
    // Still found when asked in Spanish, to be answered in English with a notice.
    expect(preparing.title.es).toBe('Cardioversión: Cómo prepararse para el procedimiento');
    expect(preparing.questions.es?.length).toBeGreaterThan(0);
  });

  it('lists what is in English only, per page', () => {
    expect(kb.translations).toEqual([
      {
        page: 'procedures/cardioversion.html',
        pairedWith: 'es/procedures/cardioversion.html',
        onlyEn: expect.arrayContaining([
          'cardioversion.preparing',
          'cardioversion.preparing.eating-and-drinking.1',
        ]),
        onlyEs: [],
      },
    ]);
  });

  it('keeps the COVID banner once, as a clinic-wide entry in both languages', () => {
    const notices = kb.entries.filter((e) => !e.procedure);
    expect(notices.map((e) => e.answer)).toEqual([
      {
        en: 'Our clinic is following PPE precautions & maintaining social distancing',
        es: 'Nuestra clínica sigue las precauciones de EPP y mantiene el distanciamiento social',
      },
    ]);
  });

  it('gives every entry a title that names its procedure, and no two the same title', () => {
    const titles = kb.entries.filter((e) => e.procedure).map((e) => e.title.en);
    expect(titles.every((t) => t?.startsWith('Cardioversion: '))).toBe(true);
    expect(new Set(titles).size).toBe(titles.length);
  });
});

describe('a clinic site of several layouts, PDFs, a Spanish page, a FAQ page and a duplicate', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    kb = await loadKnowledgeDir(join(KNOWLEDGE, 'clinic-site'), 3);
  });

  it('reads the sub-folders: one procedure per page, FAQ and notices clinic-wide', () => {
    expect(kb.procedures.map((p) => [p.id, p.name.en, p.page])).toEqual([
      ['ablation', 'Catheter Ablation', 'procedures/ablation.html'],
      ['echo', 'Echocardiogram', 'procedures/echo.html'],
      ['holter', 'Holter', 'procedures/holter.txt'],
      ['stent', 'Coronary Stent', 'procedures/stent.md'],
    ]);
    expect(kb.entries.filter((e) => !e.procedure).map((e) => e.id)).toEqual([
      'faq.where-do-i-park',
      'faq.do-you-have-interpreters',
      'faq.can-i-bring-someone-with-me',
      'clinic.our-clinic-is-following-ppe',
    ]);
  });

  it('answers a FAQ question with its own answer, the question as asked', () => {
    expect(entry(kb, 'faq.where-do-i-park')).toMatchObject({
      title: { en: 'Where do I park?' },
      questions: { en: expect.arrayContaining(['where do i park?']) },
      answer: { en: 'Free parking is in the garage behind our building.' },
      provenance: { file: 'patients/faq.html', section: 'Where do I park?' },
    });
  });

  it('keeps a page saved twice once, with a warning naming both files', () => {
    expect(kb.warnings).toContainEqual({
      file: 'procedures/echo (1).html',
      message: 'the same page as procedures/echo.html; only procedures/echo.html is read',
    });
    expect(kb.entries.filter((e) => e.source.includes('echo (1)'))).toEqual([]);
  });

  it('pairs a Spanish page found by hreflang, with its own Spanish sheet item by item', () => {
    const dont = entry(kb, 'ablation.prep.do-not.1');
    expect(dont.answer).toEqual({
      en: 'Do not: Stop any medicine on your own, even if you feel well.',
      es: 'No: Deje ningún medicamento por su cuenta, aunque se sienta bien.',
    });
    expect(dont.provenance?.url).toBe('https://lakeside-heart.example/procedures/ablation.html');
    expect(entry(kb, 'ablation.types.cryoablation').answer.es).toBe(
      'Se usa frío extremo en lugar de calor para hacer las cicatrices.',
    );
  });

  it('keeps a section only the Spanish page has, and pairs a page under es/ with no hreflang', () => {
    expect(entry(kb, 'ablation.estacionamiento').answer).toEqual({
      es: 'Puede estacionar gratis en el garaje detrás del edificio.',
    });
    expect(entry(kb, 'echo.can-i-eat-before-the-test').answer.es).toBe(
      'Sí. Coma y tome sus medicamentos como siempre.',
    );
  });

  it('warns, naming the file, about PDFs it cannot read and links to PDFs that are not there', () => {
    const about = (file: string) =>
      kb.warnings.filter((w) => w.file === file).map((w) => w.message);
    expect(about('docs/broken.pdf')).toEqual([
      expect.stringMatching(/^could not be read \(Invalid PDF structure/),
    ]);
    expect(about('docs/locked.pdf')).toEqual([expect.stringMatching(/password-protected/)]);
    expect(about('docs/scan.pdf')).toEqual([expect.stringMatching(/^has no text to read/)]);
    expect(about('procedures/stent.md')).toContainEqual(
      expect.stringContaining('/docs/missing-discharge.pdf'),
    );
  });

  it('notes the files it leaves out, and reads no page from a _folder', () => {
    expect(kb.notes.map((n) => n.file)).toEqual(
      expect.arrayContaining(['_src/', 'images/ablation.png']),
    );
    expect(kb.entries.filter((e) => e.source.startsWith('_src'))).toEqual([]);
  });

  it('gives every entry a distinct id and a title', () => {
    expect(new Set(kb.entries.map((e) => e.id)).size).toBe(kb.entries.length);
    expect(kb.entries.filter((e) => !e.title.en && !e.title.es)).toEqual([]);
  });
});
