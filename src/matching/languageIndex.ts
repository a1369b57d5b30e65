import type { Entry, Lang } from '../knowledge/types';
import type { Analyzer } from './analyzer';
import { FieldIndex, type FieldWeights } from './fieldIndex';
import { knowledgeTerms } from './knowledgeTerms';
import type { QueryTerm } from './postings';
import { QuestionIndex } from './questionIndex';
import { sentences } from '../language/normalize';

/** The entries a message shares terms with; scores and best questions indexed by entry. */
export interface Scored {
  touched: number[];
  score: Float64Array;
  question: Int32Array;
}

/**
 * How a score is made: the best question's cosine, and BM25F over the whole entry; an unknown
 * content word counts as this share of the rarest known one.
 */
export const SCORING = {
  questionWeight: 0.5,
  /**
   * An entry whose text explains the message though none of its questions asks it (a line of a
   * page's list, of a PDF sheet, under a heading that says little): its text alone counts this
   * much, not just its half.
   */
  textAlone: 0.8,
  unknownFactor: 0.5,
  functionWeight: 0.8,
  segmentFactor: 0.7,
  fields: {
    weight: { questions: 1, title: 2, answer: 1, source: 1 },
    b: { questions: 0.5, title: 0.5, answer: 0.75, source: 0.5 },
    k1: 1.2,
  } as FieldWeights,
};
const MAX_SEGMENTS = 8;
const CONTEXT_WEIGHT = 0.5;

/**
 * One language's index over the knowledge. A message is compared with every question (cosine
 * over idf-weighted terms: which question it asks) and with every entry's fields together
 * (BM25F: how much of the message the entry explains); long messages are also compared
 * sentence by sentence with the questions, so that a question buried in a story is found.
 */
export class LanguageIndex {
  private readonly questions: QuestionIndex;
  private readonly questionEntry: Int32Array;
  private readonly questionWeight: Float64Array;
  /** Every term of an entry's questions, to tell which parts of a message it explains. */
  private readonly entryTermSets: Set<string>[];
  private readonly idf: Map<string, number>;
  private readonly unknownWeight: number;
  private readonly fields: FieldIndex;
  /** Per entry: how much its text alone counts (see SCORING.textAlone). */
  private readonly alone: Float64Array;
  private readonly out: Scored & { whole: Float64Array; stamp: Uint32Array; epoch: number };
  private readonly segment: Scored & { cos: Float64Array; stamp: Uint32Array; epoch: number };

  constructor(
    readonly lang: Lang,
    entries: readonly Entry[],
    private readonly analyzer: Analyzer,
    layoutQuestion?: (entry: Entry, question: string) => boolean,
  ) {
    const k = knowledgeTerms(entries, lang, analyzer, layoutQuestion);
    this.idf = k.idf;
    this.unknownWeight = k.unseenIdf * SCORING.unknownFactor;
    this.questionEntry = Int32Array.from(k.questions, (q) => q.entry);
    this.questionWeight = Float64Array.from(k.questions, (q) => q.weight);
    this.questions = new QuestionIndex(
      k.questions.map((q) => q.terms),
      (t) => this.weight(t),
    );
    this.entryTermSets = entries.map(() => new Set<string>());
    for (const q of k.questions) for (const t of q.terms) this.entryTermSets[q.entry].add(t);
    this.fields = new FieldIndex(k.fields, SCORING.fields);
    // Only a page's entries have questions made from its headings and layout, which may not ask
    // what their lines answer; questions the clinic wrote (a QnA export, a FAQ file) do.
    this.alone = Float64Array.from(entries, (e) =>
      e.provenance ? SCORING.textAlone : 1 - SCORING.questionWeight,
    );
    const n = entries.length;
    const buffers = () => ({
      touched: [],
      score: new Float64Array(n),
      question: new Int32Array(n),
      stamp: new Uint32Array(n),
      epoch: 0,
    });
    this.segment = { ...buffers(), cos: new Float64Array(n) };
    this.out = { ...buffers(), whole: new Float64Array(n) };
  }

  /**
   * A message's index terms in this language. The last one is kept: ranking a message asks for
   * its terms again to tell what each entry explains.
   */
  termsOf(text: string): string[] {
    if (this.last?.text !== text)
      this.last = { text, terms: this.analyzer.terms(this.analyzer.queryWords(text)) };
    return this.last.terms;
  }

  private last?: { text: string; terms: string[] };

  /** A knowledge text's index terms in this language (trusted spelling: no typo correction). */
  knowledgeTermsOf(text: string): string[] {
    return this.analyzer.terms(this.analyzer.knowledgeWords(text));
  }

  /**
   * The message's topic words (not question words) that an entry's questions (or, with `whole`,
   * any of its fields) use.
   */
  matchedTerms(terms: string[], e: number, whole = false): string[] {
    // The procedure's names tell none of its entries apart: no evidence for one reading.
    return terms.filter(
      (t) =>
        !this.analyzer.isFunctionTerm(t) &&
        !this.context.has(t) &&
        (this.entryTermSets[e]?.has(t) || (whole && this.fields.uses(e, t))),
    );
  }

  /** True when the entry uses the term in any field. */
  /** True when question `q` is one the page layout asks of every procedure alike. */
  isLayoutQuestion(q: number): boolean {
    return q >= 0 && (this.questionWeight[q] ?? 1) < 1;
  }

  entryUses(e: number, term: string): boolean {
    return this.fields.uses(e, term);
  }

  /** Entries that use a term in any field. */
  entriesUsing(term: string): readonly number[] {
    return this.fields.entriesWith(term);
  }

  /**
   * The share of the message's topic words' weight (idf) that `found` holds: how much of what
   * the message asks about an entry's words speak to. Function words and the context's names
   * tell no entry apart and are left out.
   */
  topicShare(terms: readonly string[], found: readonly string[]): number {
    const has = new Set(found);
    let all = 0;
    let mine = 0;
    for (const t of new Set(terms)) {
      if (this.analyzer.isFunctionTerm(t) || this.context.has(t)) continue;
      const w = this.weight(t);
      all += w;
      if (has.has(t)) mine += w;
    }
    return all > 0 ? mine / all : 0;
  }

  isFunctionTerm(term: string): boolean {
    return this.analyzer.isFunctionTerm(term);
  }

  knows(word: string): boolean {
    return this.analyzer.isKnown(word) || this.analyzer.queryWords(word)[0] !== word;
  }

  /**
   * Scores every entry the message shares a term with: `touched` lists them, `score` and
   * `question` (its best question, -1 for none) are indexed by entry. The arrays are this index's
   * own and are overwritten by the next call: read them first.
   */
  score(text: string): Scored {
    const { whole, segments } = this.analyzeSegments(text);
    const out = this.out;
    const { stamp, question, score, whole: wholeScore } = out;
    const epoch = ++out.epoch;
    const touched: number[] = (out.touched = []);
    const seg = this.segment;
    const lambda = SCORING.segmentFactor;
    for (let s = 0; s <= segments.length; s++) {
      for (const e of this.scoreSegment(s === 0 ? whole : segments[s - 1])) {
        let v = seg.score[e];
        if (stamp[e] !== epoch) {
          stamp[e] = epoch;
          touched.push(e);
          wholeScore[e] = s === 0 ? v : 0;
          if (s > 0) v = lambda * v;
        } else {
          // A sentence of the message is its question only in the context of the whole.
          v = lambda * v + (1 - lambda) * wholeScore[e];
          if (v <= score[e]) continue;
        }
        score[e] = v;
        question[e] = seg.question[e];
      }
    }
    return out;
  }

  /**
   * One segment's fused score for every entry it shares a term with (into `this.segment`):
   * its best question's cosine and the share of it the whole entry explains.
   */
  private scoreSegment(terms: readonly QueryTerm[]): number[] {
    const seg = this.segment;
    const epoch = ++seg.epoch;
    const touched: number[] = [];
    const qe = this.questionEntry;
    const qw = SCORING.questionWeight;
    const { touched: qs, cos } = this.questions.cosines(terms);
    const qw2 = this.questionWeight;
    for (const q of qs) {
      const c = cos[q] * qw2[q];
      cos[q] = 0;
      const e = qe[q];
      if (seg.stamp[e] !== epoch) {
        seg.stamp[e] = epoch;
        touched.push(e);
        seg.cos[e] = c;
        seg.question[e] = q;
        seg.score[e] = 0;
      } else if (c > seg.cos[e]) {
        seg.cos[e] = c;
        seg.question[e] = q;
      }
    }
    const fields = this.fields.score(terms);
    for (const e of fields.touched) {
      const f = fields.share[e];
      fields.share[e] = 0;
      if (seg.stamp[e] !== epoch) {
        seg.stamp[e] = epoch;
        touched.push(e);
        seg.cos[e] = 0;
        seg.question[e] = -1;
      }
      // The share of the message the entry's text explains, fused with the question below.
      seg.score[e] = f;
    }
    for (const e of touched) {
      const f = seg.score[e];
      seg.score[e] = Math.max((1 - qw) * f + qw * seg.cos[e], this.alone[e] * f);
    }
    return touched;
  }

  /**
   * The whole message's terms and, for a long one, those of each of its last sentences that
   * asks something, alone and with the sentence before it.
   */
  private analyzeSegments(text: string): { whole: QueryTerm[]; segments: QueryTerm[][] } {
    const parts = sentences(text);
    if (parts.length <= 1) return { whole: this.weighted(this.termsOf(text)), segments: [] };
    const words = parts.map((p) => this.analyzer.queryWords(p));
    const per = words.map((w) => this.weighted(this.analyzer.terms(w)));
    const whole = [...new Map(per.flat().map((t) => [t.term, t])).values()];
    this.last = { text, terms: whole.map((t) => t.term) };
    const segments: QueryTerm[][] = [];
    const from = Math.max(0, parts.length - MAX_SEGMENTS);
    for (let i = from; i < parts.length; i++) {
      if (!this.analyzer.asks(parts[i], words[i])) continue;
      segments.push(per[i]);
      if (i > from)
        segments.push([...new Map([...per[i - 1], ...per[i]].map((t) => [t.term, t])).values()]);
    }
    return { whole, segments };
  }

  /**
   * The message's terms, question words included, that one question uses: what that question
   * explains of the message ("what is the heart pump they want to put in" explains "what").
   */
  explainedBy(terms: readonly string[], question: number | undefined): string[] {
    const set = question === undefined ? undefined : this.questions.termSets[question];
    return set ? terms.filter((t) => set.has(t)) : [];
  }

  /** The message's terms, question words included, that any of an entry's questions use. */
  explainedByEntry(terms: readonly string[], e: number): string[] {
    const set = this.entryTermSets[e];
    return set ? terms.filter((t) => set.has(t)) : [];
  }

  private weighted(terms: string[]): QueryTerm[] {
    const context = this.context;
    const asks =
      context.size > 0 && terms.some((t) => !context.has(t) && !this.analyzer.isFunctionTerm(t));
    return terms.map((term) => ({
      term,
      weight: this.weight(term) * (asks && context.has(term) ? CONTEXT_WEIGHT : 1),
      topical: !this.analyzer.isFunctionTerm(term),
    }));
  }

  /**
   * Words that only say which procedure the message is about ("carotid doppler" within the
   * carotid ultrasound's own index): they tell none of its entries apart, so they weigh little
   * when the message asks something else ("can I eat before my carotid doppler"). Asked alone
   * ("what is a TEE"), they are the question.
   */
  private context = new Set<string>();

  /** The share of the message's topic words that are context words (the procedure's names). */
  contextShare(text: string): number {
    if (!this.context.size) return 0;
    const topical = this.termsOf(text).filter((t) => !this.analyzer.isFunctionTerm(t));
    const context = topical.filter((t) => this.context.has(t)).length;
    return topical.length ? context / topical.length : 0;
  }

  setContext(names: readonly string[]): void {
    this.context = new Set(names.flatMap((n) => this.knowledgeTermsOf(n)));
    this.last = undefined;
  }

  private weight(term: string): number {
    const idf = this.idf.get(term) ?? this.unknownWeight;
    return this.analyzer.isFunctionTerm(term) ? Math.min(idf, SCORING.functionWeight) : idf;
  }
}
