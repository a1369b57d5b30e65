import { loadMatcherResources } from '../../src/core/matcherResources';
import type { Entry, Procedure } from '../../src/knowledge/types';
import { buildMatcher, type Matcher } from '../../src/matching/matcher';

// A made-up clinic whose pages are titled the way clinics title them: a head word with a kind of
// procedure ("Implant", "Test") or an organ ("Cardiac") beside it, two pages sharing a word.
const procedure = (id: string, name: string): Procedure => ({
  id,
  name: { en: name },
  aliases: [],
  page: `${id}.html`,
});
const entry = (proc: string, n: number, title: string, answer: string): Entry => ({
  id: `${proc}.${n}`,
  source: `${proc}.html`,
  title: { en: title },
  questions: { en: [title] },
  answer: { en: answer },
  sms: {},
  reviewPending: [],
  procedure: proc,
});

const procedures = [
  procedure('cath', 'Cardiac Catheterization'),
  procedure('echo', 'Echocardiogram & TEE'),
  procedure('pacer', 'Pacemaker Implant'),
  procedure('exercise', 'Exercise Stress Test'),
  procedure('leg-angio', 'Leg Angioplasty'),
  procedure('neck-angio', 'Neck Angioplasty'),
  procedure('ablation', 'Catheter Ablation'),
];
const entries = [
  entry(
    'cath',
    1,
    'What is a catheterization?',
    'A catheterization looks at the cardiac arteries.',
  ),
  entry('cath', 2, 'Before', 'Do not eat after midnight before your catheterization.'),
  entry('cath', 3, 'After', 'When the catheter comes out, a nurse presses on the catheter site.'),
  entry(
    'echo',
    1,
    'What is an echocardiogram?',
    'An echocardiogram is an ultrasound of the heart.',
  ),
  entry('echo', 2, 'TEE', 'For a TEE you swallow a small probe; no food for six hours.'),
  entry(
    'pacer',
    1,
    'What is a pacemaker?',
    'A pacemaker keeps your heart from beating too slowly.',
  ),
  entry('pacer', 2, 'After', 'Keep the pacemaker wound dry; we check the implant in a week.'),
  entry('exercise', 1, 'What happens?', 'You walk on a treadmill while we watch the heart.'),
  entry('exercise', 2, 'Results', 'Test results reach your doctor within two days.'),
  entry(
    'leg-angio',
    1,
    'What is it?',
    'A balloon opens the artery; the angioplasty takes an hour.',
  ),
  entry('neck-angio', 1, 'What is it?', 'A stent holds the neck artery open after angioplasty.'),
  entry('neck-angio', 2, 'How?', 'The stent goes in on a catheter through the groin.'),
  entry('ablation', 1, 'What is it?', 'An ablation treats a fast heart rhythm.'),
  entry('pacer', 3, 'Bring', 'Bring your insurance card and your list of medicines to the visit.'),
  {
    ...entry('faq', 1, 'What do I bring?', 'Bring your insurance card and a list of medicines.'),
    procedure: undefined,
  },
];

let matcher: Matcher;
beforeAll(() => {
  matcher = buildMatcher(entries, loadMatcherResources(), procedures);
});

describe('a word of one procedure name names that procedure', () => {
  test.each([
    ['how long is a heart cath', 'cath'],
    ['can i drive after my catheterization', 'cath'],
    ['do i need to fast for an echo', 'echo'],
    ['what about the TEE', 'echo'],
    ['can i shower after my pacemaker', 'pacer'],
    ['is an ablation painful', 'ablation'],
  ])('%j names %s', (message, id) => {
    expect(matcher.namedProcedure(message)).toBe(id);
  });

  test.each([
    // "Test", "Implant", "Cardiac": every kind of clinic names procedures with them.
    'when will i get my test results',
    'is the implant safe',
    'my cardiac nurse said to call',
    // A title word most of whose uses are on other procedures' pages is a topic, not a name.
    'how do they stop the bleeding when the catheter comes out',
    // Both angioplasty pages use the word: it names neither.
    'how long does an angioplasty take',
    // Two procedures named at once: the message is about neither alone.
    'do i need an echo before my cath',
  ])('%j names no procedure', (message) => {
    expect(matcher.namedProcedure(message)).toBeUndefined();
  });
});

describe("words the clinic's own pages use too", () => {
  test('point at a procedure less than words only its pages use', () => {
    const [clinic] = matcher.procedureOf('insurance card');
    const [own] = matcher.procedureOf('wound dry');
    expect([clinic.id, own.id]).toEqual(['pacer', 'pacer']);
    expect(clinic.score).toBeLessThan(own.score);
  });
});
