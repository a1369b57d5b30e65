import type { Entry, Lang } from '../knowledge/types';
import type { Analyzer } from './analyzer';
import { FIELDS, fieldTexts, type Field } from './fields';

/**
 * A question every procedure's page asks alike ("what should I do after the procedure") is the
 * page layout's: it says what a section is about, not what a patient asked, so a message that
 * shares its few words ("when can I drive after...") is not asking it. It counts this much.
 */
const LAYOUT_QUESTION = 0.6;

/** One language's knowledge as index terms: each entry's fields, and every question apart. */
export interface KnowledgeTerms {
  /** Per entry, the terms of each field with repeats (for term frequencies). */
  fields: Record<Field, string[]>[];
  questions: { terms: Set<string>; entry: number; weight: number }[];
  /** idf of each term over entries; a term never seen weighs `unseenIdf`. */
  idf: Map<string, number>;
  unseenIdf: number;
}

/**
 * Reads the knowledge into terms, and teaches the analyzer the knowledge's words (for typo
 * correction). A page section with no questions written for it is asked by its heading.
 */
export function knowledgeTerms(
  entries: readonly Entry[],
  lang: Lang,
  analyzer: Analyzer,
  layoutQuestion: (entry: Entry, question: string) => boolean = () => false,
): KnowledgeTerms {
  const vocabulary = new Set<string>();
  const questions: KnowledgeTerms['questions'] = [];
  const fields = entries.map((entry, e) => {
    const texts = fieldTexts(entry, lang);
    const terms = {} as Record<Field, string[]>;
    for (const f of FIELDS) {
      const words = analyzer.knowledgeWords(texts[f]);
      // An address's path words ("gard", "toc") are no words to correct a patient's typo to.
      if (f !== 'source') for (const w of words) vocabulary.add(w);
      terms[f] = analyzer.termList(words);
    }
    const asked = texts.questions ? (entry.questions[lang] ?? []) : [];
    for (const q of asked.length || !texts.title ? asked : [texts.title]) {
      const weight = layoutQuestion(entry, q) ? LAYOUT_QUESTION : 1;
      questions.push({
        terms: new Set(analyzer.terms(analyzer.knowledgeWords(q))),
        entry: e,
        weight,
      });
    }
    return terms;
  });
  analyzer.learnVocabulary(vocabulary);
  const df = new Map<string, number>();
  for (const f of fields) {
    for (const t of new Set(FIELDS.flatMap((name) => f[name]))) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = entries.length;
  const idf = new Map<string, number>();
  for (const [t, d] of df) idf.set(t, Math.log(1 + (n + 1) / (d + 0.5)));
  return { fields, questions, idf, unseenIdf: Math.log(1 + (n + 1) / 0.5) };
}
