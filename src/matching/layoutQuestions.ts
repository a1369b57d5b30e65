import type { Entry, Procedure } from '../knowledge/types';
import { fold } from '../language/normalize';

/** A question asked alike of this many procedures is the layout's, not one page's. */
const PROCEDURES = 3;

/**
 * The questions the page layout asks of every procedure alike ("what happens after Cardioversion",
 * "what happens after TAVR"): each question with its procedure's names taken out, counted over
 * the procedures that ask it.
 */
export function layoutQuestions(
  entries: readonly Entry[],
  procedures: readonly Procedure[],
): (entry: Entry, question: string) => boolean {
  const names = new Map(
    procedures.map((p) => [
      p.id,
      [...Object.values(p.name), ...p.aliases]
        .filter((n): n is string => !!n)
        .map((n) => fold(n))
        .filter(Boolean)
        .sort((a, b) => b.length - a.length),
    ]),
  );
  const keyOf = (entry: Entry, question: string) => {
    let key = ` ${fold(question)} `;
    for (const n of names.get(entry.procedure ?? '') ?? []) key = key.split(` ${n} `).join(' _ ');
    return key.trim();
  };
  const askedBy = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!e.procedure) continue;
    for (const q of Object.values(e.questions).flat()) {
      if (!q) continue;
      const key = keyOf(e, q);
      let set = askedBy.get(key);
      if (!set) askedBy.set(key, (set = new Set()));
      set.add(e.procedure);
    }
  }
  const common = new Set([...askedBy].filter(([, s]) => s.size >= PROCEDURES).map(([k]) => k));
  return (entry, question) => !!entry.procedure && common.has(keyOf(entry, question));
}
