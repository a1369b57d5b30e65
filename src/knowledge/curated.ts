import { createHash } from 'node:crypto';
import type { Curation } from '../storage/types';
import type { Entry } from './types';

/** What a review mark names: the text it reviewed, so a later change needs a review again. */
export const textHash = (text: string | undefined): string =>
  createHash('sha256')
    .update(text ?? '')
    .digest('hex')
    .slice(0, 32);

/**
 * The knowledge with what admins published on the Knowledge page: question wordings added,
 * Spanish text an admin approved, and review marks (a changed page's entry reviewed, a Spanish
 * translation reviewed) that still name the text as it is. Pure.
 */
export function curatedEntries(base: readonly Entry[], published: readonly Curation[]): Entry[] {
  const entries = base.map((e) => ({
    ...e,
    questions: { ...e.questions },
    answer: { ...e.answer },
    sms: { ...e.sms },
    reviewPending: [...e.reviewPending],
  }));
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const c of published) {
    const e = byId.get(c.entryId);
    if (!e) continue;
    const p = c.payload;
    if (c.kind === 'question' && 'question' in p) {
      const known = e.questions[p.lang] ?? [];
      if (!known.includes(p.question)) e.questions[p.lang] = [...known, p.question];
    } else if (c.kind === 'spanish' && 'answer' in p) {
      e.answer.es = p.answer;
      // The page's short form was for the page's words, not these.
      if (p.sms) e.sms.es = p.sms;
      else delete e.sms.es;
      e.reviewPending = e.reviewPending.filter((l) => l !== 'es');
    } else if (c.kind === 'source-reviewed' && 'hash' in p) {
      if (p.hash === textHash(e.answer.en)) e.sourceChanged = false;
    } else if (c.kind === 'spanish-reviewed' && 'hash' in p) {
      if (p.hash === textHash(e.answer.es))
        e.reviewPending = e.reviewPending.filter((l) => l !== 'es');
    }
  }
  return entries;
}
