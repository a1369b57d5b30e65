import type { Entry, Lang } from '../knowledge/types';
import type { Analyzer } from './analyzer';
import { sentences } from './normalize';

/** Scores of the entries a message shares terms with, by entry position. */
export type EntryScores = Map<number, number>;

/** Entry scores, and for each entry the question that fitted the message best. */
export interface Scored {
  scores: EntryScores;
  bestQuestion: Map<number, number>;
}

/**
 * How a score is made: the best question's cosine and how much of the message the answer
 * covers; an unknown content word counts as this share of the rarest known one. Chosen with
 * the labelled tuning set (`npm run eval` shows the held-out figures).
 */
export const SCORING = {
  questionWeight: 0.75,
  unknownFactor: 0.5,
  functionWeight: 0.8,
};
const MAX_SEGMENTS = 8;

/**
 * Inverted index over one language's questions and answers. A message is compared with every
 * question (cosine over idf-weighted terms) and with the entry's answer (how much of the message
 * the answer covers); long messages are also scored sentence by sentence so that a question
 * buried in a story is found.
 */
export class LanguageIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly answerPostings = new Map<string, number[]>();
  private readonly questionEntry: number[] = [];
  private readonly questionNorm: number[] = [];
  private readonly questionTermSets: Set<string>[] = [];
  private readonly answerTermSets: Set<string>[] = [];
  /** Every term of an entry's questions, to tell which parts of a message it explains. */
  private readonly entryTermSets: Set<string>[] = [];
  /** Terms in more entries than this are only counted for questions rarer terms found. */
  private readonly commonDf: number;
  private readonly df = new Map<string, number>();
  private readonly idf = new Map<string, number>();
  private readonly unknownWeight: number;

  constructor(
    readonly lang: Lang,
    entries: readonly Entry[],
    private readonly analyzer: Analyzer,
  ) {
    const questionTerms: string[][] = [];
    const answerTerms: string[][] = [];
    const vocabulary = new Set<string>();
    entries.forEach((entry, e) => {
      for (const q of entry.questions[lang] ?? []) {
        const words = analyzer.knowledgeWords(q);
        words.forEach((w) => vocabulary.add(w));
        questionTerms.push(analyzer.terms(words));
        this.questionEntry.push(e);
      }
      const text = `${entry.title[lang] ?? ''} ${entry.answer[lang] ?? ''}`;
      const words = analyzer.knowledgeWords(text);
      words.forEach((w) => vocabulary.add(w));
      answerTerms[e] = entry.contextOnly ? [] : analyzer.terms(words);
    });
    analyzer.learnVocabulary(vocabulary);
    this.unknownWeight =
      this.computeIdf(entries, questionTerms, answerTerms) * SCORING.unknownFactor;
    questionTerms.forEach((terms, q) => {
      if (entries[this.questionEntry[q]].contextOnly) terms = [];
      let norm = 0;
      for (const t of terms) {
        norm += this.weight(t) ** 2;
        push(this.postings, t, q);
      }
      this.questionNorm[q] = Math.sqrt(norm);
      this.questionTermSets[q] = new Set(terms);
    });
    entries.forEach((_, e) => (this.entryTermSets[e] = new Set()));
    this.questionTermSets.forEach((set, q) => {
      for (const t of set) this.entryTermSets[this.questionEntry[q]].add(t);
    });
    answerTerms.forEach((terms, e) => {
      this.answerTermSets[e] = new Set(terms);
      terms.forEach((t) => push(this.answerPostings, t, e));
    });
    this.commonDf = Math.max(50, entries.length * 0.02);
  }

  /** The message's topic words (not question words) that an entry's questions use. */
  /** A message's index terms in this language (computed once, used for several entries). */
  termsOf(text: string): string[] {
    return this.analyzer.terms(this.analyzer.queryWords(text));
  }

  matchedTerms(terms: string[], e: number, withAnswer = false): string[] {
    return terms.filter(
      (t) =>
        !this.analyzer.isFunctionTerm(t) &&
        (this.entryTermSets[e]?.has(t) || (withAnswer && this.answerTermSets[e]?.has(t))),
    );
  }

  /** Entries whose questions or answer use a term (from the postings: no walk over entries). */
  entriesUsing(term: string): number[] {
    const out = new Set(this.answerPostings.get(term));
    for (const q of this.postings.get(term) ?? []) out.add(this.questionEntry[q]);
    return [...out];
  }

  isFunctionTerm(term: string): boolean {
    return this.analyzer.isFunctionTerm(term);
  }

  knows(word: string): boolean {
    return this.analyzer.isKnown(word) || this.analyzer.queryWords(word)[0] !== word;
  }

  scoreWithQuestions(text: string): Scored {
    const best: EntryScores = new Map();
    const bestQuestion = new Map<number, number>();
    for (const segment of segmentsOf(text)) {
      const terms = this.analyzer.terms(this.analyzer.queryWords(segment));
      const { scores, bestQuestion: questions } = this.scoreTerms(terms);
      for (const [e, s] of scores) {
        if (s > (best.get(e) ?? 0)) {
          best.set(e, s);
          const q = questions.get(e);
          if (q === undefined) bestQuestion.delete(e);
          else bestQuestion.set(e, q);
        }
      }
    }
    return { scores: best, bestQuestion };
  }

  /**
   * The message's terms, question words included, that one question uses: what that question
   * explains of the message ("what is the heart pump they want to put in" explains "what").
   */
  explainedBy(terms: readonly string[], question: number | undefined): string[] {
    const set = question === undefined ? undefined : this.questionTermSets[question];
    return set ? terms.filter((t) => set.has(t)) : [];
  }

  /** The message's terms, question words included, that any of an entry's questions use. */
  explainedByEntry(terms: readonly string[], e: number): string[] {
    const set = this.entryTermSets[e];
    return set ? terms.filter((t) => set.has(t)) : [];
  }

  private scoreTerms(terms: string[]): Scored {
    const scores: EntryScores = new Map();
    const bestQuestion = new Map<number, number>();
    if (terms.length === 0) return { scores, bestQuestion };
    let norm2 = 0;
    const dots = new Map<number, number>();
    const covered = new Map<number, number>();
    const common: string[] = [];
    for (const t of terms) {
      const w2 = this.weight(t) ** 2;
      norm2 += w2;
      // Walking a very common term's postings would touch most of a large knowledge base for
      // almost no information; it only adds to candidates that rarer terms already found.
      if ((this.df.get(t) ?? 0) > this.commonDf) {
        common.push(t);
        continue;
      }
      for (const q of this.postings.get(t) ?? []) dots.set(q, (dots.get(q) ?? 0) + w2);
      for (const e of this.answerPostings.get(t) ?? []) covered.set(e, (covered.get(e) ?? 0) + w2);
    }
    // A message that shares only words found everywhere ("what", "how") matches nothing in
    // particular; it is left unscored rather than scoring the whole knowledge base.
    {
      for (const t of common) {
        const w2 = this.weight(t) ** 2;
        for (const [q, d] of dots) if (this.questionTermSets[q].has(t)) dots.set(q, d + w2);
        for (const [e, c] of covered) if (this.answerTermSets[e].has(t)) covered.set(e, c + w2);
      }
    }
    const norm = Math.sqrt(norm2);
    const questionScore = new Map<number, number>();
    for (const [q, dot] of dots) {
      const cos = dot / (norm * this.questionNorm[q]);
      const e = this.questionEntry[q];
      if (cos > (questionScore.get(e) ?? 0)) {
        questionScore.set(e, cos);
        bestQuestion.set(e, q);
      }
    }
    for (const e of new Set([...questionScore.keys(), ...covered.keys()])) {
      const answer = (covered.get(e) ?? 0) / norm2;
      scores.set(
        e,
        SCORING.questionWeight * (questionScore.get(e) ?? 0) +
          (1 - SCORING.questionWeight) * answer,
      );
    }
    return { scores, bestQuestion };
  }

  private weight(term: string): number {
    const idf = this.idf.get(term) ?? this.unknownWeight;
    return this.analyzer.isFunctionTerm(term) ? Math.min(idf, SCORING.functionWeight) : idf;
  }

  /** Sets idf per term over entries; returns the largest idf, the weight of a never-seen term. */
  private computeIdf(entries: readonly Entry[], qTerms: string[][], aTerms: string[][]): number {
    const df = new Map<string, number>();
    const perEntry = entries.map(() => new Set<string>());
    qTerms.forEach((terms, q) => terms.forEach((t) => perEntry[this.questionEntry[q]].add(t)));
    aTerms.forEach((terms, e) => terms.forEach((t) => perEntry[e].add(t)));
    for (const set of perEntry) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, d] of df) this.df.set(t, d);
    const n = entries.length;
    const max = Math.log(1 + (n + 1) / 0.5);
    for (const [t, d] of df) this.idf.set(t, Math.log(1 + (n + 1) / (d + 0.5)));
    return max;
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/** The whole message, and for a long one each sentence and each pair of neighbouring sentences. */
export function segmentsOf(text: string): string[] {
  const parts = sentences(text);
  if (parts.length <= 1) return [text];
  const out = [text];
  const tail = parts.slice(-MAX_SEGMENTS);
  tail.forEach((s, i) => {
    out.push(s);
    if (i > 0) out.push(`${tail[i - 1]} ${s}`);
  });
  return out;
}
