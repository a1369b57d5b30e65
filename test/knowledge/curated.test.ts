import { curatedEntries, textHash } from '../../src/knowledge/curated';
import type { Entry } from '../../src/knowledge/types';
import type { Curation } from '../../src/storage/types';

// What admins publish on the Knowledge page, applied to the knowledge: review marks hold only
// for the text they reviewed, and Spanish replaces what patients are given.

const entry = (o: Partial<Entry> = {}): Entry => ({
  id: 'holter.what',
  source: 'procedures/holter.txt',
  title: { en: 'What it is' },
  questions: { en: ['what is a holter monitor'] },
  answer: { en: 'A Holter monitor records your heart for a day.' },
  sms: {},
  reviewPending: [],
  sourceChanged: true,
  ...o,
});

let id = 0;
const published = (kind: Curation['kind'], payload: Curation['payload']): Curation => ({
  id: ++id,
  entryId: 'holter.what',
  kind,
  payload,
  status: 'published',
  createdBy: 'admin',
  createdAt: '',
  approvedBy: 'admin',
  approvedAt: '',
  publishedAt: '',
});

test('a page change marked reviewed needs a new review when the page changes again', () => {
  const mark = published('source-reviewed', { hash: textHash(entry().answer.en) });
  expect(curatedEntries([entry()], [mark])[0].sourceChanged).toBe(false);
  const changedAgain = entry({
    answer: { en: 'A Holter monitor records your heart for two days.' },
  });
  expect(curatedEntries([changedAgain], [mark])[0].sourceChanged).toBe(true);
});

test('approved Spanish is given in place of the page’s, and no longer awaits review', () => {
  const base = entry({
    answer: { en: 'A Holter monitor records your heart for a day.', es: 'Traducción.' },
    sms: { es: 'Corta.' },
    reviewPending: ['es'],
  });
  const [e] = curatedEntries(
    [base],
    [published('spanish', { answer: 'Texto aprobado.', english: textHash(base.answer.en) })],
  );
  expect(e.answer.es).toBe('Texto aprobado.');
  // The page's short form was for other words.
  expect(e.sms.es).toBeUndefined();
  expect(e.reviewPending).toEqual([]);
  // The entry the files gave is left as it was.
  expect(base.answer.es).toBe('Traducción.');
  expect(base.reviewPending).toEqual(['es']);
});

test('a reviewed translation holds for its text only; wordings are added once', () => {
  const base = entry({ answer: { en: 'x', es: 'Traducción.' }, reviewPending: ['es'] });
  const reviewed = published('spanish-reviewed', { hash: textHash('Traducción.') });
  expect(curatedEntries([base], [reviewed])[0].reviewPending).toEqual([]);
  const retranslated = { ...base, answer: { en: 'x', es: 'Otra traducción.' } };
  expect(curatedEntries([retranslated], [reviewed])[0].reviewPending).toEqual(['es']);
  const wording = published('question', { lang: 'es', question: 'qué es el holter' });
  expect(curatedEntries([base], [wording, wording])[0].questions).toEqual({
    en: ['what is a holter monitor'],
    es: ['qué es el holter'],
  });
});
