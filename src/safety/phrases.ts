import { fold } from '../language/normalize';
import { WordIndex, type TokenMatches } from './wordIndex';
import { patternWord } from './wordMatch';

/**
 * A phrase pattern: words separated by spaces; "a|b" means either; "word*" matches any word
 * starting so; up to two other words may stand between the pattern's words ("pain in my chest").
 * Longer words also match with a typo or two, so "chest pian" and "cant breth" are caught.
 */
export type Pattern = string;

export interface PhraseSet {
  /** The first pattern found in the text, or undefined. */
  find(text: string): Pattern | undefined;
  findInWords(words: readonly string[]): Pattern | undefined;
  /** Every pattern found, each with the words of the text that matched it (its first match). */
  allInWords(words: readonly string[]): { pattern: Pattern; words: string[] }[];
}

const MAX_GAP = 2;

/** Every phrase set's words in one index: the sets share most of them, and a message's tokens. */
const index = new WordIndex();

const has = (ids: readonly number[], id: number) => ids.includes(id);

/**
 * Where the pattern (word ids) matches from `start`, where its first word is known to match: the
 * positions of its words, or undefined.
 */
function matchAt(
  found: readonly TokenMatches[],
  start: number,
  words: number[],
): number[] | undefined {
  const at = [start];
  let pos = start + 1;
  for (let k = 1; k < words.length; k++) {
    let hit = -1;
    const limit = Math.min(found.length - 1, pos + MAX_GAP);
    for (let i = pos; i <= limit; i++) {
      if (has(found[i].inPhrase, words[k])) {
        hit = i;
        break;
      }
    }
    if (hit < 0) return undefined;
    at.push(hit);
    pos = hit + 1;
  }
  return at;
}

export function phraseSet(patterns: readonly Pattern[]): PhraseSet {
  const compiled = patterns.map((p) => p.split(' ').map((w) => index.add(patternWord(w))));
  // Patterns by their first word (a word that is the whole pattern is matched more strictly), so
  // a token's matches lead straight to the patterns that can start there.
  const starting = [new Map<number, number[]>(), new Map<number, number[]>()];
  compiled.forEach((words, m) => {
    const byFirst = starting[words.length === 1 ? 1 : 0];
    const list = byFirst.get(words[0]);
    if (list) list.push(m);
    else byFirst.set(words[0], [m]);
  });
  /** Pattern index → the positions each starts at, in pattern order. */
  const startsIn = (tokens: readonly string[]) => {
    const found = tokens.map((t) => index.matchesOf(t));
    const starts = new Map<number, number[]>();
    found.forEach((f, i) => {
      for (const [ids, byFirst] of [
        [f.inPhrase, starting[0]],
        [f.alone, starting[1]],
      ] as const) {
        for (const id of ids) {
          for (const m of byFirst.get(id) ?? []) {
            const list = starts.get(m);
            if (list) list.push(i);
            else starts.set(m, [i]);
          }
        }
      }
    });
    return { found, order: [...starts.keys()].sort((x, y) => x - y), starts };
  };
  const findInWords = (tokens: readonly string[]) => {
    const { found, order, starts } = startsIn(tokens);
    // The first pattern of the list that matches.
    for (const m of order) {
      for (const i of starts.get(m)!) if (matchAt(found, i, compiled[m])) return patterns[m];
    }
    return undefined;
  };
  const allInWords = (tokens: readonly string[]) => {
    const { found, order, starts } = startsIn(tokens);
    const out: { pattern: Pattern; words: string[] }[] = [];
    for (const m of order) {
      for (const i of starts.get(m)!) {
        const at = matchAt(found, i, compiled[m]);
        if (!at) continue;
        out.push({ pattern: patterns[m], words: at.map((k) => tokens[k]) });
        break;
      }
    }
    return out;
  };
  return {
    findInWords,
    allInWords,
    find: (text) => findInWords(fold(text).split(' ').filter(Boolean)),
  };
}
