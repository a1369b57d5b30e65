import { join } from 'node:path';
import { KnowledgeError } from '../../src/knowledge/errors';
import { KNOWLEDGE_DIR, loadKnowledgeDir, loadKnowledgeFiles } from '../../src/knowledge/load';
import type { Entry, KnowledgeBase, Lang, Problem } from '../../src/knowledge/types';

const FIXTURES = join(__dirname, '..', 'fixtures', 'knowledge');
const SHIPPED_PAGE = join(KNOWLEDGE_DIR, 'impella.txt');
/** The default SMS_MAX_SEGMENTS, which `npm run build:kb` and `ask --kb` use. */
const SMS_SEGMENTS = 3;

const IMPELLA_RP =
  'Impella RP – placed in the right ventricle and extends into the pulmonary vein. It pulls blood from the Inferior Vena Cava (IVC) into the pulmonary artery so that the right heart can be supported and not pump too hard.';
const WHAT =
  'The Impella is currently the world’s smallest portable heart pump. It is a minimally invasive treatment option for heart failure that follows a cardiac catheterization.';

function entry(kb: KnowledgeBase, id: string): Entry {
  const found = kb.entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry ${id} among ${kb.entries.map((e) => e.id).join(', ')}`);
  return found;
}

/** Builds a fixture folder as `npm run build:kb` would, and returns the error it must throw. */
async function buildError(dir: string): Promise<KnowledgeError> {
  try {
    await loadKnowledgeDir(join(FIXTURES, dir), SMS_SEGMENTS);
  } catch (err) {
    if (err instanceof KnowledgeError) return err;
    throw err;
  }
  throw new Error(`${dir} built without a problem`);
}

describe('loadKnowledgeDir on the shipped knowledge', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    kb = await loadKnowledgeDir(KNOWLEDGE_DIR, SMS_SEGMENTS);
  });

  it('builds 14 entries with distinct ids', () => {
    expect(kb.entries).toHaveLength(14);
    expect(new Set(kb.entries.map((e) => e.id)).size).toBe(14);
    expect(kb.procedure).toBe('Impella');
    expect(kb.menu).toEqual(['impella-what', 'impella-preparing', 'impella-how', 'impella-after']);
  });

  it('gives every entry an answer and questions in English and Spanish', () => {
    const missing: string[] = [];
    for (const e of kb.entries) {
      for (const lang of ['en', 'es'] as Lang[]) {
        if (!e.answer[lang]?.trim()) missing.push(`${e.id}: ${lang} answer`);
        if (!e.questions[lang]?.length) missing.push(`${e.id}: ${lang} questions`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('marks the Spanish text as awaiting the clinic review, and only the Spanish', () => {
    expect(kb.entries.filter((e) => e.reviewPending.join() !== 'es').map((e) => e.id)).toEqual([]);
    const review = kb.warnings.filter((w) => /awaiting the clinic's review/.test(w.message));
    expect(review.map((w) => w.entryId)).toEqual(kb.entries.map((e) => e.id));
    expect(review.every((w) => w.message.startsWith('es '))).toBe(true);
  });

  it('answers in English with the page as published', () => {
    expect(entry(kb, 'impella-what').answer.en).toBe(WHAT);
    expect(entry(kb, 'impella-rp').answer.en).toBe(IMPELLA_RP);
    expect(entry(kb, 'impella-type-choice').answer.en).toBe(
      'The cardiologist will determine the type of impella required.',
    );
  });

  it('warns that the page names both the pulmonary vein and the pulmonary artery', () => {
    expect(kb.warnings).toContainEqual({
      file: 'impella.txt',
      message: expect.stringMatching(
        /"types" section names both "pulmonary vein" and "pulmonary artery"/,
      ),
    });
  });

  it('warns about the downloads the page gives no address for', () => {
    const downloads = kb.warnings.filter((w) => /no address/.test(w.message));
    expect(downloads).toEqual([
      {
        file: 'impella.txt',
        message: expect.stringContaining('"Download Pre Procedure Instructions"'),
      },
      {
        file: 'impella.txt',
        message: expect.stringContaining('"Download Post Procedure Instructions"'),
      },
    ]);
  });
});

describe('loadKnowledgeDir refuses knowledge with a problem, naming the file and the entry', () => {
  // [what is wrong, fixture folder under test/fixtures/knowledge, the one problem reported]
  const failures: [string, string, Problem][] = [
    [
      'one id in two files',
      'duplicate-id',
      { file: 'visitors.json', entryId: 'visitors', message: 'duplicate id (also in clinic.json)' },
    ],
    [
      'an empty answer',
      'empty-answer',
      { file: 'clinic.json', entryId: 'visitors', message: 'empty es answer' },
    ],
    [
      // 201 UTF-16 units (parking-fits) is 3 parts of 67; 202 is 4, though in GSM-7 it would be 2.
      'a Spanish SMS form with accents one unit over 3 parts of 67',
      'sms-too-long',
      {
        file: 'clinic.json',
        entryId: 'parking',
        message: 'es SMS form is 4 segments (UCS-2); the budget is 3',
      },
    ],
    [
      'an answer over the SMS budget with no short form',
      'over-budget',
      {
        file: 'clinic.json',
        entryId: 'fasting',
        message: 'en answer is 4 SMS segments and has no short "sms" form (budget 3)',
      },
    ],
    [
      'a misspelt field ("anwser")',
      'unknown-field',
      {
        file: 'clinic.json',
        entryId: 'visitors',
        message: expect.stringContaining('unknown field "anwser"'),
      },
    ],
    [
      'a "from" that names no section of the page',
      'unknown-from',
      {
        file: 'impella.entries.json',
        entryId: 'impella-cp',
        message: '"from": "types/Impella CP" names no section of impella.txt',
      },
    ],
    [
      'a link with a space in it ("https://exa mple.com")',
      'broken-link',
      {
        file: 'clinic.json',
        entryId: 'directions',
        message: expect.stringMatching(/^broken link "https:\/\/exa\S*" in the en answer$/),
      },
    ],
    [
      'a link without its colon ("http//bad")',
      'broken-link-no-colon',
      {
        file: 'clinic.json',
        entryId: 'directions',
        message: expect.stringMatching(/^broken link "http\/\/bad\S*" in the en answer$/),
      },
    ],
  ];

  it.each(failures)('%s', async (_what, dir, problem) => {
    const error = await buildError(dir);
    expect(error.problems).toEqual([problem]);
    expect(error.message).toContain(`${problem.file} [${problem.entryId}]: `);
  });

  it('a file that is not valid JSON', async () => {
    expect((await buildError('invalid-json')).problems).toEqual([
      { file: 'clinic.json', message: expect.stringMatching(/^not valid JSON: /) },
    ]);
  });

  it('a companion file whose page is not there', async () => {
    expect((await buildError('page-missing')).problems).toEqual([
      { file: 'impella.entries.json', message: 'its page impella.txt is not there' },
    ]);
  });
});

describe('loadKnowledgeDir on an entry the clinic has not translated', () => {
  it('builds, and warns that Spanish patients get the English answer', async () => {
    const kb = await loadKnowledgeDir(join(FIXTURES, 'missing-translation'), SMS_SEGMENTS);
    expect(entry(kb, 'visitors').answer.es).toBeUndefined();
    expect(kb.warnings).toContainEqual({
      file: 'clinic.json',
      entryId: 'visitors',
      message: expect.stringMatching(/^no es answer: patients asking in Spanish get/),
    });
  });
});

describe('loadKnowledgeDir on a FAQ file', () => {
  it('loads each item of "entries" as an entry', async () => {
    const kb = await loadKnowledgeDir(join(FIXTURES, 'faq'), SMS_SEGMENTS);
    expect(kb.entries).toEqual([
      {
        id: 'visitors',
        source: 'clinic.json',
        title: { en: 'Bringing someone with you', es: 'Venir acompañado' },
        questions: {
          en: ['can a family member come with me', 'can I bring someone'],
          es: ['puede venir un familiar conmigo', 'puedo traer a alguien'],
        },
        answer: {
          en: 'One adult may stay with you in the waiting room.',
          es: 'Un adulto puede acompañarle en la sala de espera.',
        },
        sms: {},
        reviewPending: ['es'],
      },
      {
        id: 'what-to-bring',
        source: 'clinic.json',
        title: {},
        questions: {
          en: ['what should I bring', 'what do I bring to the appointment'],
          es: ['qué debo traer', 'qué llevo a la cita'],
        },
        answer: {
          en: 'Bring your ID, your insurance card and a list of your medicines.',
          es: 'Traiga su identificación, su tarjeta del seguro y una lista de sus medicamentos.',
        },
        sms: {},
        reviewPending: ['es'],
        url: 'https://clinic.example.com/visit',
      },
    ]);
    expect(kb.menu).toEqual(['visitors', 'what-to-bring']);
  });
});

describe('loadKnowledgeFiles on a page with no companion file', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    // Whole sections are cut to fit SMS (with their link): no budget error for a page.
    kb = await loadKnowledgeFiles([SHIPPED_PAGE], { smsSegments: SMS_SEGMENTS });
  });

  it('makes one entry per section, and one per item of a section with several, ids by procedure and section', () => {
    expect(kb.entries.map((e) => e.id)).toEqual([
      'impella.aka',
      'impella.duration',
      'impella.what',
      'impella.types',
      'impella.types.impella-rp',
      'impella.types.impella',
      'impella.preparing',
      'impella.how',
      'impella.how.1',
      'impella.how.2',
      'impella.how.3',
      'impella.how.4',
      'impella.after',
      'clinic.our-clinic-is-following-ppe',
    ]);
    expect(kb.procedure).toBe('Impella');
    expect(kb.procedures).toEqual([
      {
        id: 'impella',
        name: { en: 'Impella' },
        aliases: ['Portable heart pump'],
        page: 'impella.txt',
        url: undefined,
      },
    ]);
  });

  it('gives each entry its procedure and source, and keeps the notice clinic-wide', () => {
    expect(entry(kb, 'impella.types.impella-rp')).toMatchObject({
      procedure: 'impella',
      provenance: { file: 'impella.txt', section: 'Types of Impella' },
    });
    expect(entry(kb, 'clinic.our-clinic-is-following-ppe').procedure).toBeUndefined();
  });

  it('answers with the page text and asks the template questions of section-questions.json', () => {
    const what = entry(kb, 'impella.what');
    expect(what.answer).toEqual({ en: WHAT });
    expect(what.title).toEqual({ en: 'Impella: What it is' });
    expect(what.questions.en).toEqual([
      'what is Impella',
      'what is the Impella procedure',
      'tell me about Impella',
      'what is Impella used for',
      'what does Impella do',
      'why would I need Impella',
    ]);
    // Asked in Spanish, the English-only section is still found.
    expect(what.questions.es).toContain('qué es Impella');
    expect(entry(kb, 'impella.duration').questions.en).toContain('how long does Impella take');
  });

  it('asks about each named type by its name, in English and Spanish', () => {
    const rp = entry(kb, 'impella.types.impella-rp');
    expect(rp.title).toEqual({ en: 'Impella: Impella RP' });
    expect(rp.answer).toEqual({ en: IMPELLA_RP });
    expect(rp.questions.en).toEqual([
      'what is Impella RP',
      'where is Impella RP placed',
      'what does Impella RP do',
    ]);
  });

  it('lists what is in English only', () => {
    expect(kb.translations).toEqual([
      expect.objectContaining({ page: 'impella.txt', pairedWith: undefined, onlyEs: [] }),
    ]);
    expect(kb.translations[0].onlyEn).toHaveLength(14);
    expect(kb.warnings).toContainEqual({
      file: 'impella.txt',
      message: 'no Spanish version: 14 entries answer in English only',
    });
  });
});
