import type { Entry } from '../../src/knowledge/types';
import { decide, DEFAULT_THRESHOLDS, type Ranked } from '../../src/matching/decide';

/** An entry read from a page, as the site build makes them (a section, or one line of it). */
function pageEntry(id: string, answer: string, file: string, procedure?: string): Entry {
  return {
    id,
    source: file,
    title: { en: id },
    questions: { en: [] },
    answer: { en: answer },
    sms: {},
    reviewPending: [],
    procedure,
    provenance: { file, section: 'Preparing for the procedure' },
  };
}

const ranked = (entry: Entry, score: number, confidence: number): Ranked => ({
  entry,
  score,
  confidence,
  matched: ['time'],
});

const SECTION =
  'Arrive 1 hour before your procedure time.\n\nPlan to be at the clinic for 2 to 3 hours.';
const LINE = 'Arrive 1 hour before your procedure time.';

describe('a section and a line of it are one reading', () => {
  test('each a fair match, together they are answered rather than sent to staff', () => {
    const section = pageEntry('cv.preparing', SECTION, 'procedures/cv.html', 'cv');
    const line = pageEntry('cv.preparing.1', LINE, 'procedures/cv.html', 'cv');
    const other = pageEntry(
      'cv.what',
      'A cardioversion resets the heart rhythm.',
      'procedures/cv.html',
      'cv',
    );
    const d = decide([
      ranked(section, 0.19, 0.3),
      ranked(line, 0.187, 0.28),
      ranked(other, 0.17, 0.17),
    ]);
    expect(d.outcome).toBe('answer');
    expect(d.choices.map((c) => c.entry.id)).toEqual(['cv.preparing']);
    expect(d.choices[0].confidence).toBeGreaterThan(0.35);
    expect(d.choices[0].confidence).toBeLessThan(1);
  });

  test('lines of two different pages stay two readings, each as unsure as it was', () => {
    const a = pageEntry('cv.preparing', SECTION, 'procedures/cv.html', 'cv');
    const b = pageEntry(
      'tee.preparing',
      SECTION.replace('1 hour', '45 minutes'),
      'procedures/tee.html',
      'tee',
    );
    const d = decide([ranked(a, 0.19, 0.3), ranked(b, 0.187, 0.28)]);
    expect(d.outcome).toBe('escalate');
  });

  test("on the clinic's own FAQ page (no procedure), a question and a line of its answer are not offered as two choices", () => {
    const question = pageEntry(
      'faq.telehealth',
      'Yes, many follow-up visits can be done by video.\n\nAsk the front desk when you book.',
      'patients/faq.html',
    );
    const line = pageEntry(
      'faq.telehealth.1',
      'Yes, many follow-up visits can be done by video.',
      'patients/faq.html',
    );
    const d = decide([ranked(line, 0.507, 0.83), ranked(question, 0.487, 0.82)]);
    expect(d.outcome).toBe('answer');
    expect(d.choices.map((c) => c.entry.id)).toEqual(['faq.telehealth.1']);
  });

  test('two FAQ pages of the clinic with the same words are still two readings', () => {
    const a = pageEntry('faq.a', LINE, 'patients/faq.html');
    const b = pageEntry('faq.b', SECTION, 'patients/billing.html');
    const d = decide([ranked(a, 0.5, 0.83), ranked(b, 0.49, 0.82)]);
    expect(d.outcome).toBe('clarify');
  });
});

describe("among one page's entries, the one that speaks to more of the message comes first", () => {
  // As within one procedure's entries, where the matcher sets it.
  const within = { ...DEFAULT_THRESHOLDS, wider: { reach: 0.6, by: 0.25 } };
  const reached = (entry: Entry, score: number, confidence: number, reach: number): Ranked => ({
    ...ranked(entry, score, confidence),
    reach,
  });
  const patch = pageEntry(
    'holter.types.patch',
    'Extended monitor patch – a single wireless patch worn for up to 14 days.',
    'procedures/holter.html',
    'holter',
  );
  const after = pageEntry(
    'holter.after',
    'Bring the monitor back, or mail the patch back in the prepaid box.',
    'procedures/holter.html',
    'holter',
  );

  test('a line naming the patch loses to the section that says how to send it back', () => {
    const d = decide([reached(patch, 0.27, 0.61, 0.28), reached(after, 0.258, 0.57, 0.64)], within);
    expect(d.outcome).toBe('answer');
    expect(d.choices.map((c) => c.entry.id)).toEqual(['holter.after']);
    // It takes the top's place and its confidence with it: the order of likelihood holds.
    expect(d.choices[0].confidence).toBe(0.61);
  });

  test('an entry of another page is not moved up for its words', () => {
    const other = pageEntry('faq.mail', 'Mail the patch back.', 'patients/faq.html');
    const d = decide([reached(patch, 0.27, 0.61, 0.28), reached(other, 0.258, 0.57, 0.64)], within);
    expect(d.choices[0].entry.id).toBe('holter.types.patch');
  });

  test('across a whole knowledge base of questions the clinic wrote, the best score stays first', () => {
    const d = decide([reached(patch, 0.27, 0.61, 0.28), reached(after, 0.258, 0.57, 0.64)]);
    expect(d.choices[0].entry.id).toBe('holter.types.patch');
  });

  test('nor one far below the top, nor one that reaches only a little further', () => {
    const far = decide([reached(patch, 0.5, 0.8, 0.28), reached(after, 0.2, 0.3, 0.64)], within);
    expect(far.choices[0].entry.id).toBe('holter.types.patch');
    const little = decide(
      [reached(patch, 0.27, 0.61, 0.5), reached(after, 0.2, 0.35, 0.6)],
      within,
    );
    expect(little.choices[0].entry.id).toBe('holter.types.patch');
  });
});
