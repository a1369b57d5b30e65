import type { KnowledgeChange } from '../storage/types';
import type { Entry } from './types';

const SOURCE = 'taught by staff';

/** The knowledge with approved changes applied: a wording added to an entry, or a new entry. Pure. */
export function taughtEntries(
  base: readonly Entry[],
  changes: readonly KnowledgeChange[],
): Entry[] {
  const entries = base.map((e) => ({ ...e, questions: { ...e.questions } }));
  for (const c of changes) {
    if (c.kind === 'question' && 'question' in c.payload) {
      const target = entries.find((e) => e.id === c.entryId);
      const { lang, question } = c.payload;
      if (target) target.questions[lang] = [...(target.questions[lang] ?? []), question];
    } else if (c.kind === 'entry' && 'answer' in c.payload) {
      const p = c.payload;
      entries.push({
        id: c.entryId,
        source: SOURCE,
        title: p.title,
        questions: p.questions,
        answer: p.answer,
        sms: p.sms ?? {},
        reviewPending: [],
      });
    }
  }
  return entries;
}
