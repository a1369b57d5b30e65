import type { Entry, Lang, Procedure } from '../knowledge/types';
import { ProcedureIndex, type ProcedureEvidence } from './procedureIndex';
import type { WordLang } from '../language/detect';
import {
  decide,
  DEFAULT_THRESHOLDS,
  promote,
  type Decision,
  type Ranked,
  type Thresholds,
} from './decide';
import { LANGS } from '../knowledge/types';
import { fold } from '../language/normalize';
import { ASKING_WORDS, OPENING_WORDS } from './stopwords';
import { SCOPED_CALIBRATION } from './confidence';
import { compileBridges } from './glossary';
import { fitLexicon } from './lexicon';
import { layoutQuestions } from './layoutQuestions';
import { RANKED, Ranker, type RankerResources } from './ranker';

export interface MatcherResources extends RankerResources {
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
/** Only short messages are read as two questions joined by "and"; a story has many "and"s. */
const MAX_TWO_QUESTIONS = 120;
const CONJUNCTION = /\s+(?:and|y|&|\+|plus)\s+/i;
/**
 * "Right or left one?" offers readings to choose from; "do you stop it or keep taking it", "do
 * they go through the wrist or the groin" ask one question, which one answer covers.
 */
const ALTERNATIVE = /\s+(?:or|o)\s+/i;
/** Within a procedure: a top entry twice the next reading's score, from 10% confidence, answers. */
const DOMINANT = { lead: 2, floor: 0.1 };
/** Within a procedure: a neighbour from 60% of the top's score, reaching 25% more, comes first. */
const WIDER = { reach: 0.6, by: 0.25 };
/** How far below the clinic's general answer the procedure's own may be and still come first. */
const OWN_REACH = 0.6;
/** How far below the top a layout question's answer for another procedure is still as likely. */
const LAYOUT_REACH = 0.6;
/** "The difference between X and Y", "more or less": one question with an "and" in it. */
const ONE_QUESTION =
  /\b(between|entre|differen\w*|diferencia|more or less|mas o menos|más o menos|either|ni)\b/i;

/** A question word or a verb opening a question ("do they...", "¿puedo...?"). */
function asksSomething(input: string): boolean {
  const words = fold(input).split(' ');
  return LANGS.some(
    (l) => OPENING_WORDS[l].has(words[0] ?? '') || words.some((w) => ASKING_WORDS[l].has(w)),
  );
}

/** Words that point at a topic without saying what about it. */
const VAGUE = /\b(thing|things|stuff|lo del|eso del|ese|esa|eso|cosa|asunto)\b/;

export interface Matcher {
  readonly entries: readonly Entry[];
  /** The procedures the knowledge describes (a page each). */
  readonly procedures: readonly Procedure[];
  byId(id: string): Entry | undefined;
  /** Which procedure the message is about, from its own words (see ProcedureIndex). */
  procedureOf(text: string): ProcedureEvidence[];
  /** A procedure the message names outright. */
  namedProcedure(text: string): string | undefined;
  /** True for a word the knowledge or lexicon uses (or a short form it expands). */
  knows(word: string): boolean;
  /** True when the entry uses every one of the words, as a message's words are read. */
  speaksTo(entry: Entry, words: readonly string[]): boolean;
  match(text: string, opts?: MatchOptions): MatchResult;
}

export interface MatchOptions {
  /**
   * Only these knowledge entries are ranked and decided between; hand-off topics are always
   * matched.
   */
  only?: (entry: Entry) => boolean;
  /**
   * The procedure the question is about: matched within that procedure's own index (its entries
   * and the clinic's), where the words every one of its pages uses ("holter", "cardioversion")
   * weigh little and the ones that tell its sections apart ("eat", "shower") weigh much.
   */
  procedure?: string;
}

/** Builds the in-memory index. Pure: the word lists and stemmers come in as data. */
export function buildMatcher(
  knowledge: readonly Entry[],
  res: MatcherResources,
  procedures: readonly Procedure[] = [],
): Matcher {
  return build(
    knowledge,
    {
      ...res,
      lexicon: fitLexicon(res.lexicon, knowledge),
      layoutQuestion: layoutQuestions(knowledge, procedures),
    },
    procedures,
  );
}

/** The matcher with the lexicon already fitted to the knowledge (a procedure's keeps the whole's). */
function build(
  knowledge: readonly Entry[],
  res: MatcherResources,
  procedures: readonly Procedure[] = [],
): Matcher {
  const entries = [...knowledge, ...res.handoff];
  const ranker = new Ranker(entries, res);
  const ids = new Map(entries.map((e) => [e.id, e]));
  const position = new Map(entries.map((e, i) => [e, i]));
  const base = res.thresholds ?? DEFAULT_THRESHOLDS;
  const thresholds = res.context?.length ? { ...base, dominant: DOMINANT, wider: WIDER } : base;

  /** "How long is it and how do I prepare": a confident, different answer for each part. */
  function twoQuestions(input: string, only: MatchOptions['only']): Ranked[] {
    // Only a single sentence: in a story, "and" joins what happened, not two questions.
    if (ONE_QUESTION.test(input) || /[.!?¿]\s+\S/.test(input.trim())) return [];
    let parts = input.split(CONJUNCTION).filter((p) => p.trim().length > 1);
    if (parts.length === 1 && !asksSomething(input))
      parts = input.split(ALTERNATIVE).filter((p) => p.trim().length > 1);
    if (parts.length < 2 || parts.length > 3) return [];
    const tops: Ranked[] = [];
    const sizes: number[] = [];
    for (const part of parts) {
      const { all, lang, termsIn } = ranker.rank(part, only);
      const top = all[0];
      if (!top || top.entry.handoff || top.confidence < thresholds.answer) return [];
      if (!tops.some((t) => t.entry === top.entry)) tops.push(top);
      const idx = ranker.indexFor(lang);
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
    only: MatchOptions['only'],
  ): Ranked[] {
    if (!VAGUE.test(fold(input))) return [];
    const idx = ranker.indexFor(lang);
    const terms = termsIn(lang);
    if (terms.length !== 1 || idx.isFunctionTerm(terms[0])) return [];
    const users = new Set(
      idx
        .entriesUsing(terms[0])
        .map((e) => entries[e])
        .filter((e) => !e.handoff && (!only || only(e))),
    );
    if (users.size < 2 || users.size > thresholds.maxChoices) return [];
    return ranked.filter((r) => users.has(r.entry));
  }

  /**
   * The entry uses a word of the message that `term` was read from, in some language: "duele"
   * asked of a page the clinic wrote in English is answered by its "painless" (the glossary).
   */
  function usesWordOf(input: string, term: string, answered: Ranked): boolean {
    const e = position.get(answered.entry);
    if (e === undefined) return false;
    return fold(input)
      .split(' ')
      .some(
        (w) => ranker.indexes.some((idx) => idx.termsOf(w).includes(term)) && ranker.uses(e, w),
      );
  }

  /**
   * Within a procedure, the clinic's general answer ("can I eat before my procedure": "it depends
   * on the procedure") gives its place to the procedure's own entry when that uses every word of
   * the message the general one does: the page says what the FAQ leaves to it. They swap scores.
   */
  function ownFirst(ranked: Ranked[]): Ranked[] {
    const top = ranked[0];
    if (!res.context?.length || !top || top.entry.procedure !== undefined) return ranked;
    const own = ranked.findIndex(
      (r) =>
        r.entry.procedure !== undefined &&
        r.score >= top.score * OWN_REACH &&
        (top.fits ?? []).every((t) => r.fits?.includes(t)),
    );
    return own < 0 ? ranked : promote(ranked, own);
  }

  /**
   * "How long does it take", "how do I prepare", with no procedure known: a question the page
   * layout asks of every procedure alike. One page wording it as its own FAQ ranks higher, but
   * that is no sign the patient means that procedure: when other procedures answer it through the
   * layout's question within reach of the top, they are readings as likely as the top.
   */
  function layoutAlike(ranked: Ranked[]): Ranked[] {
    const top = ranked[0];
    if (procedures.length < 2 || !top?.entry.procedure) return ranked;
    const alike = (r: Ranked) =>
      r.layout === true &&
      r.entry.procedure !== undefined &&
      r.entry.procedure !== top.entry.procedure &&
      r.score >= top.score * LAYOUT_REACH;
    const others = new Set(ranked.filter(alike).map((r) => r.entry.procedure));
    if (others.size < 2) return ranked;
    return ranked.map((r) =>
      alike(r) ? { ...r, score: top.score, confidence: top.confidence } : r,
    );
  }

  const procedureIndex = new ProcedureIndex(
    procedures,
    knowledge,
    ranker.indexes,
    compileBridges(res.glossary),
  );
  const perProcedure = new Map(
    procedures.length > 1
      ? procedures.map((p) => [
          p.id,
          build(
            knowledge.filter((e) => e.procedure === undefined || e.procedure === p.id),
            {
              ...res,
              prior: (e) => (e.procedure === undefined ? 0.7 : 1),
              context: [...Object.values(p.name), ...p.aliases].filter((n): n is string => !!n),
              calibration: SCOPED_CALIBRATION,
            },
          ),
        ])
      : [],
  );
  return {
    entries: knowledge,
    procedures,
    byId: (id) => ids.get(id),
    procedureOf: (text) => procedureIndex.evidence(text.slice(0, MAX_CHARS)),
    namedProcedure: (text) => procedureIndex.named(text.slice(0, MAX_CHARS)),
    knows: (word) => ranker.indexes.some((idx) => idx.knows(word)),
    speaksTo(entry, words) {
      const e = position.get(entry);
      return e !== undefined && words.every((w) => ranker.uses(e, w));
    },
    match(text: string, opts: MatchOptions = {}): MatchResult {
      const own = opts.procedure ? perProcedure.get(opts.procedure) : undefined;
      if (own) return own.match(text, { only: opts.only });
      const input = text.slice(0, MAX_CHARS);
      const { all, lang, termsIn } = ranker.rank(input, opts.only);
      const ranked = ownFirst(layoutAlike(all.filter((r) => !r.entry.handoff).slice(0, RANKED)));
      const top = all[0];
      // Within a procedure the clinic's own answer comes first: a hand-off topic ("will it hurt",
      // "what time") is for what its pages do not answer. An entry answering with confidence,
      // that uses every word that made the message the topic, is the clinic's answer to it.
      // Without one, "what are your hours" asks the clinic, not a page that counts hours.
      const answered = ranked[0];
      const yields =
        !!res.context?.length &&
        top?.entry.handoff !== 'menu' &&
        answered !== undefined &&
        answered.confidence >= thresholds.answer &&
        (top.matched ?? []).every(
          (t) => answered.fits?.includes(t) || usesWordOf(input, t, answered),
        );
      if (top?.entry.handoff && top.confidence >= thresholds.escalate && !yields) {
        if (top.entry.handoff === 'menu')
          return { outcome: 'escalate', choices: [], ranked, offTopic: true, lang };
        return { outcome: 'escalate', choices: [], ranked, handoffTopic: top.entry.id, lang };
      }
      const vague = lang ? bareTopic(input, lang, termsIn, ranked, opts.only) : [];
      if (vague.length) return { outcome: 'clarify', choices: vague, ranked, lang };
      const both = input.length <= MAX_TWO_QUESTIONS ? twoQuestions(input, opts.only) : [];
      if (both.length) return { outcome: 'clarify', choices: both, ranked, lang };
      return { ranked, lang, ...decide(ranked, thresholds) };
    },
  };
}
