import type { Entry, Lang } from '../knowledge/types';
import { LANGS } from '../knowledge/types';
import { Analyzer } from './analyzer';
import { confidenceOf } from './confidence';
import type { Ranked } from './decide';
import { LanguageIndex } from './languageIndex';
import { compileLexicon, type Lexicon } from './lexicon';
import { TopK } from './topK';

export interface RankerResources {
  lexicon: Lexicon;
  stemmers: Record<Lang, (word: string) => string>;
  isWord: (word: string) => boolean;
}

/** Entries ranked for a text, and the text's terms in a language (worked out once a language). */
export interface Ranking {
  /** Best first, hand-off topics included. */
  all: Ranked[];
  /** The language of the best entry's match. */
  lang?: Lang;
  termsIn: (lang: Lang) => string[];
}

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
      return new LanguageIndex(lang, entries, analyzer);
    });
    const n = entries.length;
    this.best = new Float64Array(n);
    this.lang = new Uint8Array(n);
    this.question = new Int32Array(n);
    this.stamp = new Uint32Array(n);
    // Hand-off topics rank with the knowledge; room for them keeps ten knowledge entries.
    this.extra = entries.filter((e) => e.handoff).length;
  }

  /** True when the entry uses the word (as the message would be read) in some language. */
  uses(entry: number, word: string): boolean {
    return this.indexes.some((idx) => idx.termsOf(word).some((t) => idx.entryUses(entry, t)));
  }

  indexFor(lang: Lang | undefined): LanguageIndex {
    return this.indexes.find((x) => x.lang === lang) ?? this.indexes[0];
  }

  /** `only`, when given, keeps the knowledge entries it accepts (hand-off topics always stay). */
  rank(input: string, only?: (entry: Entry) => boolean): Ranking {
    const touched = this.merge(input);
    const top = new TopK(RANKED + this.extra);
    for (const e of touched) {
      const v = this.best[e];
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
    // A message of question words alone ("and tell me your", "what is it") names no topic:
    // whatever it matches is ranked, but no entry is likely to be what it asks. (Judged in the
    // best entry's language, for all, so that confidence still falls with the rank.)
    const best = top.items.length ? this.indexes[this.lang[top.items[0]]] : undefined;
    const named = best !== undefined && termsIn(best.lang).some((t) => !best.isFunctionTerm(t));
    const all: Ranked[] = top.items.map((e, i) => ({
      entry: this.entries[e],
      score: top.scores[i],
      confidence: named ? confidenceOf(top.scores[i]) : 0,
    }));
    let explained = 0;
    top.items.forEach((e, i) => {
      if (this.entries[e].handoff || explained >= EXPLAINED) return;
      const idx = this.indexes[this.lang[e]];
      const terms = termsIn(idx.lang);
      const q = this.question[e];
      all[i].matched = idx.matchedTerms(terms, e, explained === 0);
      all[i].explains = idx.explainedBy(terms, q < 0 ? undefined : q);
      all[i].covers = idx.explainedByEntry(terms, e);
      all[i].fits = idx.matchedTerms(terms, e, true);
      explained += 1;
    });
    const lang = top.items.length ? this.indexes[this.lang[top.items[0]]].lang : undefined;
    return { all, lang, termsIn };
  }

  /** Every entry's best score over the languages; returns the entries scored. */
  private merge(input: string): number[] {
    const epoch = ++this.epoch;
    const touched: number[] = [];
    this.indexes.forEach((idx, li) => {
      const s = idx.score(input);
      for (const e of s.touched) {
        const v = s.score[e];
        if (this.stamp[e] !== epoch) {
          this.stamp[e] = epoch;
          touched.push(e);
        } else if (v <= this.best[e]) continue;
        this.best[e] = v;
        this.lang[e] = li;
        this.question[e] = s.question[e];
      }
    });
    return touched;
  }
}
