import type { Entry, Lang } from '../knowledge/types';
import type { WordLang } from '../language/detect';
import { LANGS } from '../knowledge/types';
import { Analyzer } from './analyzer';
import { confidenceOf } from './confidence';
import { decide, DEFAULT_THRESHOLDS, type Decision, type Ranked, type Thresholds } from './decide';
import { LanguageIndex } from './languageIndex';
import { compileLexicon, type Lexicon } from './lexicon';

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

  return {
    entries: knowledge,
    byId: (id) => ids.get(id),
    knows: (word) => indexes.some((index) => index.knows(word)),
    match(text: string): MatchResult {
      const input = text.slice(0, MAX_CHARS);
      // A Spanish message scores nothing against English questions and vice versa; the best
      // language for each entry wins, so mixed or mis-detected messages still match.
      const best = new Map<number, number>();
      const langOf = new Map<number, Lang>();
      for (const index of indexes) {
        for (const [e, s] of index.score(input)) {
          if (s > (best.get(e) ?? 0)) {
            best.set(e, s);
            langOf.set(e, index.lang);
          }
        }
      }
      const sorted = [...best].sort((a, b) => b[1] - a[1]).slice(0, RANKED);
      const all: Ranked[] = sorted.map(([e, score]) => ({
        entry: entries[e],
        score,
        confidence: confidenceOf(score),
      }));
      const lang = sorted.length ? langOf.get(sorted[0][0]) : undefined;
      const ranked = all.filter((r) => !r.entry.handoff);
      for (const r of ranked.slice(0, 3)) {
        const e = entries.indexOf(r.entry);
        const index = indexes.find((i) => i.lang === langOf.get(e)) ?? indexes[0];
        r.matched = index.matchedTerms(input, e);
      }
      const top = all[0];
      if (top?.entry.handoff && top.confidence >= thresholds.escalate) {
        if (top.entry.handoff === 'menu')
          return { outcome: 'escalate', choices: [], ranked, offTopic: true, lang };
        return { outcome: 'escalate', choices: [], ranked, handoffTopic: top.entry.id, lang };
      }
      return { ranked, lang, ...decide(ranked, thresholds) };
    },
  };
}
