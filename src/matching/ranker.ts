import type { Entry, Lang } from '../knowledge/types';
import { LANGS } from '../knowledge/types';
import { Analyzer } from './analyzer';
import { asksForTime, givesTime, timeAskingWords } from './answerType';
import { confidenceOf, type Calibration } from './confidence';
import type { Ranked } from './decide';
import { LanguageIndex } from './languageIndex';
import { compileBridges, type Bridge, type Glossary } from './glossary';
import { compileLexicon, type Lexicon } from './lexicon';
import { TopK } from './topK';

export interface RankerResources {
  lexicon: Lexicon;
  stemmers: Record<Lang, (word: string) => string>;
  isWord: (word: string) => boolean;
  /** How likely each entry is before the message is read (1 for all when absent). */
  prior?: (entry: Entry) => number;
  /** Names that only say what the knowledge is about (a procedure's, in its own index). */
  context?: readonly string[];
  /** A question the page layout asks of every procedure alike (see knowledgeTerms). */
  layoutQuestion?: (entry: Entry, question: string) => boolean;
  /** Common patient words in the other language, to find entries written only in it. */
  glossary?: Glossary;
  /** Score to probability; the general table when absent. */
  calibration?: Calibration;
}

/** Entries ranked for a text, and the text's terms in a language (worked out once a language). */
export interface Ranking {
  /** Best first, hand-off topics included. */
  all: Ranked[];
  /** The language of the best entry's match. */
  lang?: Lang;
  termsIn: (lang: Lang) => string[];
}

/** A message asking "when" or "how long": an entry that gives no time answers it this much less. */
const TIME_MISS = 0.85;

const CONTEXT_MISS = 1;
/**
 * A message read through the glossary in the other language counts this much: an entry the
 * clinic wrote in the message's own language, as good a fit, is the better answer.
 */
const BRIDGED = 0.9;

/** How many entries a ranking keeps (hand-off topics on top of these). */
export const RANKED = 10;
/** The best few get the details the decision compares (which topic words each explains). */
const EXPLAINED = RANKED;

/**
 * Ranks entries for a message in every language at once: each entry is scored in the language
 * whose text fits the message best, so a mixed or mis-detected message still matches.
 */
export class Ranker {
  readonly indexes: LanguageIndex[];
  private readonly best: Float64Array;
  private readonly lang: Uint8Array;
  private readonly question: Int32Array;
  private readonly stamp: Uint32Array;
  private epoch = 0;
  private readonly extra: number;
  private readonly prior: Float64Array | undefined;
  private readonly timely: Uint8Array;
  private readonly calibration: Calibration | undefined;
  private readonly bridges: { bridge: Bridge; target: number }[];
  /** Per entry: 1 + the bridge its best score came through, or 0. */
  private readonly through: Uint8Array;
  /** The current message through each bridge (undefined where the glossary has none of it). */
  private translated: (string | undefined)[] = [];

  constructor(
    private readonly entries: readonly Entry[],
    res: RankerResources,
  ) {
    this.indexes = LANGS.map((lang) => {
      const analyzer = new Analyzer({
        lang,
        lexicon: compileLexicon(res.lexicon[lang]),
        stem: res.stemmers[lang],
        isWord: res.isWord,
      });
      const idx = new LanguageIndex(lang, entries, analyzer, res.layoutQuestion);
      if (res.context) idx.setContext(res.context);
      return idx;
    });
    const n = entries.length;
    this.best = new Float64Array(n);
    this.lang = new Uint8Array(n);
    this.question = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    // Hand-off topics rank with the knowledge; room for them keeps ten knowledge entries.
    this.extra = entries.filter((e) => e.handoff).length;
    const prior = res.prior;
    this.prior = prior ? Float64Array.from(entries, (e) => prior(e)) : undefined;
    this.timely = Uint8Array.from(entries, (e) => (givesTime(e) ? 1 : 0));
    this.through = new Uint8Array(n);
    this.calibration = res.calibration;
    this.bridges = compileBridges(res.glossary)
      .map((bridge) => ({ bridge, target: this.indexes.findIndex((x) => x.lang === bridge.to) }))
      .filter((b) => b.target >= 0);
  }

  /** True when the entry uses the word (as the message would be read) in some language. */
  uses(entry: number, word: string): boolean {
    const readings: [LanguageIndex, string][] = this.indexes.map((idx) => [idx, word]);
    // "comer" asked of an entry the clinic wrote in English: "eat".
    for (const { bridge, target } of this.bridges) {
      const translated = bridge.translate(word);
      if (translated !== undefined) readings.push([this.indexes[target], translated]);
    }
    return readings.some(([idx, w]) => idx.termsOf(w).some((t) => idx.entryUses(entry, t)));
  }

  indexFor(lang: Lang | undefined): LanguageIndex {
    return this.indexes.find((x) => x.lang === lang) ?? this.indexes[0];
  }

  /** `only`, when given, keeps the knowledge entries it accepts (hand-off topics always stay). */
  rank(input: string, only?: (entry: Entry) => boolean): Ranking {
    const touched = this.merge(input);
    const top = new TopK(RANKED + this.extra);
    const prior = this.prior;
    const time = asksForTime(input);
    // The message names the procedure: the clinic's own entries do not speak to that part of it.
    const namesIt = this.indexes.map((idx) => 1 - idx.contextShare(input) * CONTEXT_MISS);
    for (const e of touched) {
      let v = prior ? this.best[e] * prior[e] : this.best[e];
      if (this.entries[e].procedure === undefined && !this.entries[e].handoff)
        v *= namesIt[this.lang[e]];
      if (time && !this.timely[e] && !this.entries[e].handoff) v *= TIME_MISS;
      if (v <= top.floor) continue;
      const entry = this.entries[e];
      if (only && !entry.handoff && !only(entry)) continue;
      top.offer(e, v);
    }
    const termsByLang = new Map<Lang, string[]>();
    const termsIn = (lang: Lang) => {
      let terms = termsByLang.get(lang);
      if (!terms) termsByLang.set(lang, (terms = this.indexFor(lang).termsOf(input)));
      return terms;
    };
    // An entry found through the glossary is explained by the message's words in its language.
    const termsOf = (e: number) => {
      const b = this.through[e];
      return b
        ? this.indexes[this.lang[e]].termsOf(this.translated[b - 1]!)
        : termsIn(this.indexes[this.lang[e]].lang);
    };
    // A message of question words alone ("and tell me your", "what is it") names no topic:
    // whatever it matches is ranked, but no entry is likely to be what it asks. (Judged in the
    // best entry's language, for all, so that confidence still falls with the rank.)
    const first = top.items[0];
    const best = top.items.length ? this.indexes[this.lang[first]] : undefined;
    const named = best !== undefined && termsOf(first).some((t) => !best.isFunctionTerm(t));
    const all: Ranked[] = top.items.map((e, i) => ({
      entry: this.entries[e],
      score: top.scores[i],
      confidence: named ? confidenceOf(top.scores[i], this.calibration) : 0,
    }));
    // What the message is about, for how much of it an entry speaks to: not "how long".
    const asking = time ? timeAskingWords(input).join(' ') : '';
    const forms = new Map<LanguageIndex, Set<string>>();
    const topicOnly = (idx: LanguageIndex, terms: string[]) => {
      if (!asking) return terms;
      let form = forms.get(idx);
      if (!form) forms.set(idx, (form = new Set(idx.termsOf(asking))));
      return terms.filter((t) => !form.has(t));
    };
    let explained = 0;
    top.items.forEach((e, i) => {
      const idx = this.indexes[this.lang[e]];
      // A hand-off topic's questions: which of the message's topic words make it one.
      if (this.entries[e].handoff) all[i].matched = idx.matchedTerms(termsOf(e), e);
      if (this.entries[e].handoff || explained >= EXPLAINED) return;
      const terms = termsOf(e);
      const q = this.question[e];
      all[i].matched = idx.matchedTerms(terms, e, explained === 0);
      all[i].explains = idx.explainedBy(terms, q < 0 ? undefined : q);
      all[i].covers = idx.explainedByEntry(terms, e);
      all[i].fits = idx.matchedTerms(terms, e, true);
      all[i].reach = idx.topicShare(topicOnly(idx, terms), all[i].fits);
      all[i].layout = idx.isLayoutQuestion(q);
      explained += 1;
    });
    // Found through the glossary, the message is still in its own language.
    const via = top.items.length ? this.through[first] : 0;
    const lang = via ? this.bridges[via - 1].bridge.from : best?.lang;
    return { all, lang, termsIn };
  }

  /** Every entry's best score over the languages; returns the entries scored. */
  private merge(input: string): number[] {
    const epoch = ++this.epoch;
    const touched: number[] = [];
    const take = (li: number, input: string, factor: number, via: number) => {
      const s = this.indexes[li].score(input);
      for (const e of s.touched) {
        const v = s.score[e] * factor;
        if (this.stamp[e] !== epoch) {
          this.stamp[e] = epoch;
          touched.push(e);
        } else if (v <= this.best[e]) continue;
        this.best[e] = v;
        this.lang[e] = li;
        this.question[e] = s.question[e];
        this.through[e] = via;
      }
    };
    this.indexes.forEach((_, li) => take(li, input, 1, 0));
    this.translated = this.bridges.map(({ bridge }) => bridge.translate(input));
    this.bridges.forEach(({ target }, b) => {
      const text = this.translated[b];
      if (text !== undefined) take(target, text, BRIDGED, b + 1);
    });
    return touched;
  }
}
