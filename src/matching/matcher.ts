import type { Entry, Lang } from '../knowledge/types';
import type { WordLang } from '../language/detect';
import { LANGS } from '../knowledge/types';
import { Analyzer } from './analyzer';
import { confidenceOf } from './confidence';
import { decide, DEFAULT_THRESHOLDS, type Decision, type Ranked, type Thresholds } from './decide';
import { LanguageIndex } from './languageIndex';
import { compileLexicon, type Lexicon } from './lexicon';
import { fold } from './normalize';

export interface MatcherResources {
  lexicon: Lexicon;
  stemmers: Record<Lang, (word: string) => string>;
  isWord: (word: string) => boolean;
  /** Which language's word list has a word; helps language detection. */
  wordLang?: (word: string) => WordLang;
  /** Topics only staff can answer; kept apart from the knowledge so `--kb` does not drop them. */
  handoff: Entry[];
  thresholds?: Thresholds;
}

export interface MatchResult extends Decision {
  /** The knowledge entries, best first (hand-off topics left out). */
  ranked: Ranked[];
  /** The hand-off topic that decided an escalation, if one did. */
  handoffTopic?: string;
  /** The message is chit-chat the bot should answer with what it can help with. */
  offTopic?: boolean;
  /** The language whose questions matched best, when anything matched. */
  lang?: Lang;
}

/** Longer messages are cut here: the question is in the first few thousand characters. */
const MAX_CHARS = 4000;
const RANKED = 10;
/** Only short messages are read as two questions joined by "and"; a story has many "and"s. */
const MAX_TWO_QUESTIONS = 120;
const CONJUNCTION = /\s+(?:and|or|y|o|&|\+|plus)\s+/i;
/** "The difference between X and Y", "more or less": one question with an "and" in it. */
const ONE_QUESTION =
  /\b(between|entre|differen\w*|diferencia|more or less|mas o menos|más o menos|either|ni)\b/i;

/** Words that point at a topic without saying what about it. */
const VAGUE = /\b(thing|things|stuff|lo del|eso del|ese|esa|eso|cosa|asunto)\b/;

export interface Matcher {
  readonly entries: readonly Entry[];
  byId(id: string): Entry | undefined;
  /** True for a word the knowledge or lexicon uses (or a short form it expands). */
  knows(word: string): boolean;
  match(text: string): MatchResult;
}

/** Builds the in-memory index. Pure: the word lists and stemmers come in as data. */
export function buildMatcher(knowledge: readonly Entry[], res: MatcherResources): Matcher {
  const entries = [...knowledge, ...res.handoff];
  const indexes = LANGS.map((lang) => {
    const analyzer = new Analyzer({
      lang,
      lexicon: compileLexicon(res.lexicon[lang]),
      stem: res.stemmers[lang],
      isWord: res.isWord,
    });
    return new LanguageIndex(lang, entries, analyzer);
  });
  const ids = new Map(entries.map((e) => [e.id, e]));
  const thresholds = res.thresholds ?? DEFAULT_THRESHOLDS;
  const index = new Map(entries.map((e, i) => [e, i]));

  const indexFor = (lang: Lang | undefined) => indexes.find((x) => x.lang === lang) ?? indexes[0];

  /**
   * Entries ranked for a text, each scored in the language whose questions fit it best, and the
   * text's terms in a language (worked out once a language, for the ranking and for the caller).
   */
  function rank(input: string): {
    all: Ranked[];
    lang?: Lang;
    termsIn: (lang: Lang) => string[];
  } {
    // A Spanish message scores nothing against English questions and vice versa; the best
    // language for each entry wins, so mixed or mis-detected messages still match.
    const best = new Map<number, number>();
    const langOf = new Map<number, Lang>();
    const questionOf = new Map<number, number | undefined>();
    for (const idx of indexes) {
      const { scores, bestQuestion } = idx.scoreWithQuestions(input);
      for (const [e, s] of scores) {
        if (s > (best.get(e) ?? 0)) {
          best.set(e, s);
          langOf.set(e, idx.lang);
          questionOf.set(e, bestQuestion.get(e));
        }
      }
    }
    const sorted = [...best].sort((a, b) => b[1] - a[1]).slice(0, RANKED);
    const all: Ranked[] = sorted.map(([e, score]) => ({
      entry: entries[e],
      score,
      confidence: confidenceOf(score),
    }));
    const termsByLang = new Map<Lang, string[]>();
    const termsIn = (lang: Lang) => {
      let terms = termsByLang.get(lang);
      if (!terms) termsByLang.set(lang, (terms = indexFor(lang).termsOf(input)));
      return terms;
    };
    all
      .filter((x) => !x.entry.handoff)
      .slice(0, 3)
      .forEach((r, i) => {
        const e = index.get(r.entry)!;
        const idx = indexFor(langOf.get(e));
        const terms = termsIn(idx.lang);
        r.matched = idx.matchedTerms(terms, e, i === 0);
        r.explains = idx.explainedBy(terms, questionOf.get(e));
        r.covers = idx.explainedByEntry(terms, e);
      });
    return { all, lang: sorted.length ? langOf.get(sorted[0][0]) : undefined, termsIn };
  }

  /** "How long is it and how do I prepare": a confident, different answer for each part. */
  function twoQuestions(input: string): Ranked[] {
    // Only a single sentence: in a story, "and" joins what happened, not two questions.
    if (ONE_QUESTION.test(input) || /[.!?¿]\s+\S/.test(input.trim())) return [];
    const parts = input.split(CONJUNCTION).filter((p) => p.trim().length > 1);
    if (parts.length < 2 || parts.length > 3) return [];
    const tops: Ranked[] = [];
    const sizes: number[] = [];
    for (const part of parts) {
      const { all, lang, termsIn } = rank(part);
      const top = all[0];
      if (!top || top.entry.handoff || top.confidence < thresholds.answer) return [];
      if (!tops.some((t) => t.entry === top.entry)) tops.push(top);
      const idx = indexFor(lang);
      sizes.push(termsIn(idx.lang).filter((t) => !idx.isFunctionTerm(t)).length);
    }
    // "Which pump goes in, the right or the left one?": a word joined to a whole question is
    // part of that question, not a second one ("before and after?" is two).
    if (Math.max(...sizes) >= 3 && Math.min(...sizes) <= 1) return [];
    return tops.length > 1 ? tops : [];
  }

  /**
   * "The catheter thing", "lo del tubo ese": one topic word, named only as a reference and with
   * nothing asked about it. When two or three entries talk about that word, which one the
   * patient wants is a guess, so they are offered. ("Dye?" names its topic: it is answered.)
   */
  function bareTopic(
    input: string,
    lang: Lang,
    termsIn: (lang: Lang) => string[],
    ranked: Ranked[],
  ): Ranked[] {
    if (!VAGUE.test(fold(input))) return [];
    const idx = indexFor(lang);
    const terms = termsIn(lang);
    if (terms.length !== 1 || idx.isFunctionTerm(terms[0])) return [];
    const users = new Set(
      idx
        .entriesUsing(terms[0])
        .filter((e) => !entries[e].handoff)
        .map((e) => entries[e]),
    );
    if (users.size < 2 || users.size > thresholds.maxChoices) return [];
    return ranked.filter((r) => users.has(r.entry));
  }

  return {
    entries: knowledge,
    byId: (id) => ids.get(id),
    knows: (word) => indexes.some((idx) => idx.knows(word)),
    match(text: string): MatchResult {
      const input = text.slice(0, MAX_CHARS);
      const { all, lang, termsIn } = rank(input);
      const ranked = all.filter((r) => !r.entry.handoff);
      const top = all[0];
      if (top?.entry.handoff && top.confidence >= thresholds.escalate) {
        if (top.entry.handoff === 'menu')
          return { outcome: 'escalate', choices: [], ranked, offTopic: true, lang };
        return { outcome: 'escalate', choices: [], ranked, handoffTopic: top.entry.id, lang };
      }
      const vague = lang ? bareTopic(input, lang, termsIn, ranked) : [];
      if (vague.length) return { outcome: 'clarify', choices: vague, ranked, lang };
      const both = input.length <= MAX_TWO_QUESTIONS ? twoQuestions(input) : [];
      if (both.length) return { outcome: 'clarify', choices: both, ranked, lang };
      return { ranked, lang, ...decide(ranked, thresholds) };
    },
  };
}
