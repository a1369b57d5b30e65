import { createTranslator } from '../../src/i18n';
import { textHash } from '../../src/knowledge/curated';
import type { Entry } from '../../src/knowledge/types';
import type { Curation } from '../../src/storage/types';
import { entryView } from '../../src/staff/knowledgeView';

// An entry's status on the Knowledge page, from the entry as served and what admins curated.

const t = createTranslator();
const options = { t, smsSegments: 3 };
const ENGLISH = 'A Holter monitor records your heart for a day.';

const entry = (o: Partial<Entry> = {}): Entry => ({
  id: 'holter.what',
  source: 'procedures/holter.txt',
  title: { en: 'What it is' },
  questions: { en: ['what is a holter monitor'] },
  answer: { en: ENGLISH },
  sms: {},
  reviewPending: [],
  ...o,
});

const spanish = (status: Curation['status'], english = textHash(ENGLISH)): Curation => ({
  id: 1,
  entryId: 'holter.what',
  kind: 'spanish',
  payload: { answer: 'Un monitor Holter registra su corazón durante un día.', english },
  status,
  createdBy: 'admin',
  createdAt: '',
  approvedBy: null,
  approvedAt: null,
  publishedAt: null,
});

test('untranslated, awaiting review, approved but not published, translated', () => {
  expect(entryView(entry(), [], options).status).toBe('untranslated');
  expect(entryView(entry(), [spanish('pending')], options).status).toBe('awaiting review');
  // Approved, waiting for Publish: patients still get the English.
  const approved = entryView(entry(), [spanish('approved')], options);
  expect(approved).toMatchObject({ status: 'untranslated', spanish: { served: null } });
  expect(approved.unpublished).toEqual([expect.objectContaining({ kind: 'spanish' })]);
  const served = entry({ answer: { en: ENGLISH, es: 'Un monitor Holter registra...' } });
  expect(entryView(served, [spanish('published')], options).status).toBe('translated');
  const marked = { ...served, reviewPending: ['es' as const] };
  expect(entryView(marked, [], options).status).toBe('awaiting review');
});

test('Spanish written for English the page no longer has, or a changed page: source changed', () => {
  const served = entry({ answer: { en: ENGLISH, es: 'Un monitor Holter registra...' } });
  const old = spanish('published', textHash('A Holter monitor records your heart.'));
  expect(entryView(served, [old], options)).toMatchObject({
    status: 'source changed',
    spanish: { outdated: true },
  });
  expect(entryView(entry({ sourceChanged: true }), [], options).status).toBe('source changed');
});

test('the replies are the bot’s own: Spanish patients get the English, said to be so', () => {
  const v = entryView(entry(), [], options);
  expect(v.answers.en.web).toBe(ENGLISH);
  expect(v.answers.es.web).toContain(ENGLISH);
  expect(v.answers.es.web).not.toBe(ENGLISH);
  expect(v.answers.en.sms).toBe(ENGLISH);
});
