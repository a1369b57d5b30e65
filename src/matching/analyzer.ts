import type { Lang } from '../knowledge/types';
import type { CompiledLexicon } from './lexicon';
import { fold } from '../language/normalize';
import { ASKING_WORDS, FUNCTION_WORDS, OPENING_WORDS, STOPWORDS } from './stopwords';
import { TypoCorrector } from './typo';

export interface AnalyzerDeps {
  lang: Lang;
  lexicon: CompiledLexicon;
  stem: (word: string) => string;
  /** True for a real word of either language, so it is never "corrected" into a knowledge word. */
  isWord: (word: string) => boolean;
}

/** Turns text into index terms: fold, expand SMS-speak, fix typos, map lay words, stem. */
export class Analyzer {
  private corrector: TypoCorrector | undefined;
  private vocabulary = new Set<string>();
  private readonly stems = new Map<string, string>();
  private readonly stop: ReadonlySet<string>;

  private readonly functionWords: ReadonlySet<string>;

  constructor(private readonly deps: AnalyzerDeps) {
    this.stop = STOPWORDS[deps.lang];
    // Kept whole: stemmed, "como" (how) and "comer" (to eat) are both "com".
    this.functionWords = FUNCTION_WORDS[deps.lang];
  }

  /** A term that is a question word or pronoun, not a topic. */
  isFunctionTerm(term: string): boolean {
    return this.functionWords.has(term);
  }

  /** Words of a knowledge text: trusted spelling, no typo correction. */
  knowledgeWords(text: string): string[] {
    return this.deps.lexicon.rewrite(this.expand(fold(text)));
  }

  learnVocabulary(words: Iterable<string>): void {
    for (const w of words) this.vocabulary.add(w);
    for (const w of this.deps.lexicon.words) this.vocabulary.add(w);
    this.corrector = new TypoCorrector(this.vocabulary);
  }

  /** Words of a patient's message, with typos corrected against the knowledge's vocabulary. */
  queryWords(text: string): string[] {
    const words = this.expand(fold(text)).map((w) => this.correct(w));
    return this.deps.lexicon.rewrite(words);
  }

  terms(words: string[]): string[] {
    const out = new Set<string>();
    for (const w of words) {
      if (this.stop.has(w) || w.length === 0) continue;
      out.add(this.stem(w));
    }
    return [...out];
  }

  /**
   * True for a sentence that asks something: a question mark, a question word anywhere, or a
   * verb opening it ("can I eat before"). Only such sentences can be the question buried in a
   * story; a subject line that names a topic ("Arrhythmia.") is not one.
   */
  asks(sentence: string, words = this.queryWords(sentence)): boolean {
    if (/[?¿]/.test(sentence)) return true;
    const lang = this.deps.lang;
    return OPENING_WORDS[lang].has(words[0] ?? '') || words.some((w) => ASKING_WORDS[lang].has(w));
  }

  /** Index terms with repeats, for term frequencies. */
  termList(words: string[]): string[] {
    const out: string[] = [];
    for (const w of words) if (!this.stop.has(w) && w.length > 0) out.push(this.stem(w));
    return out;
  }

  isKnown(word: string): boolean {
    return (
      this.vocabulary.has(word) || this.stop.has(word) || this.deps.lexicon.abbreviations.has(word)
    );
  }

  private expand(folded: string): string[] {
    if (!folded) return [];
    const out: string[] = [];
    for (const w of folded.split(' ')) {
      const full = this.deps.lexicon.abbreviations.get(w);
      if (full) out.push(...full);
      else out.push(w);
    }
    return out;
  }

  private readonly corrections = new Map<string, string>();

  private correct(word: string): string {
    // Four letters leave too many near neighbours ("amet" is one edit from "meet" and "name").
    if (word.length < 5 || /\d/.test(word) || this.isKnown(word) || this.deps.isWord(word)) {
      return word;
    }
    let fixed = this.corrections.get(word);
    if (fixed === undefined) {
      fixed = this.corrector?.correct(word) ?? word;
      // Bounded, like the stem cache: junk must not grow a long-running process.
      if (this.corrections.size > 20_000) this.corrections.clear();
      this.corrections.set(word, fixed);
    }
    return fixed;
  }

  private stem(word: string): string {
    if (this.functionWords.has(word)) return word;
    let s = this.stems.get(word);
    if (s === undefined) {
      s = this.deps.stem(word);
      // Bounded: patients' junk must not grow a long-running process without limit.
      if (this.stems.size > 50_000) this.stems.clear();
      this.stems.set(word, s);
    }
    return s;
  }
}
