import { allowedTypos, sortedLetters, wordMatches, type PatternWord } from './wordMatch';

/** The pattern words (by id) one token matches, inside a longer pattern and as a whole one. */
export interface TokenMatches {
  inPhrase: readonly number[];
  alone: readonly number[];
}

const NONE: readonly number[] = [];

/** The letters of `s` as bits (letters far apart may share one: it only ever lets more by). */
function letters(s: string, upTo = s.length): number {
  let mask = 0;
  for (let i = 0; i < upTo && i < s.length; i++) mask |= 1 << (s.charCodeAt(i) & 31);
  return mask;
}

function bitCount(n: number): number {
  let count = 0;
  for (let m = n; m; m &= m - 1) count++;
  return count;
}

/** Every string made by deleting up to `depth` characters from `s` (itself included). */
function deletions(s: string, depth: number, into = new Set<string>()): Set<string> {
  into.add(s);
  if (depth === 0) return into;
  for (let i = 0; i < s.length; i++) {
    const shorter = s.slice(0, i) + s.slice(i + 1);
    if (!into.has(shorter)) deletions(shorter, depth - 1, into);
  }
  return into;
}

/**
 * Which pattern words a token is, found through indexes instead of trying all several hundred:
 * equal words and prefixes by lookup, a swapped pair in a four-letter word by its sorted
 * letters, a typo in a longer word by a deletion index (two strings within k edits share a
 * string reached by at most k deletions from each), a typo in a prefix word by the letters the
 * token's start lacks. Those give candidates; `wordMatches` decides, so the answer is the one
 * trying every word gives. Results are kept for the last few thousand tokens: words repeat.
 */
export class WordIndex {
  private readonly words: PatternWord[] = [];
  private readonly ids = new Map<string, number>();
  private readonly equal = new Map<string, number[]>();
  private readonly prefixes = new Map<string, number[]>();
  private prefixLengths: number[] = [];
  private readonly swaps = new Map<string, number[]>();
  private readonly deleted = new Map<string, number[]>();
  /** Prefix words long enough for typos, each option with its letters and typos. */
  private readonly typoPrefixes: { id: number; length: number; letters: number; typos: number }[] =
    [];
  private readonly known = new Map<string, TokenMatches>();

  constructor(private readonly keep = 4096) {}

  /** The word's id, adding it on first sight. */
  add(w: PatternWord): number {
    const seen = this.ids.get(w.key);
    if (seen !== undefined) return seen;
    const id = this.words.length;
    this.words.push(w);
    this.ids.set(w.key, id);
    this.known.clear();
    const put = (map: Map<string, number[]>, key: string) => {
      const list = map.get(key);
      if (!list) map.set(key, [id]);
      else if (list[list.length - 1] !== id) list.push(id);
    };
    for (const { word, prefix, exact } of w.options) {
      put(this.equal, word);
      if (exact) continue;
      if (prefix) {
        put(this.prefixes, word);
        if (!this.prefixLengths.includes(word.length))
          this.prefixLengths = [...this.prefixLengths, word.length].sort((a, b) => a - b);
      }
      const typos = allowedTypos(word, false);
      if (typos === 0) continue;
      if (word.length === 4) put(this.swaps, sortedLetters(word));
      else if (prefix)
        this.typoPrefixes.push({ id, length: word.length, letters: letters(word), typos });
      else for (const d of deletions(word, typos)) put(this.deleted, d);
    }
    return id;
  }

  matchesOf(token: string): TokenMatches {
    let found = this.known.get(token);
    if (found) return found;
    found = this.search(token);
    if (this.known.size >= this.keep) this.known.clear();
    this.known.set(token, found);
    return found;
  }

  private search(token: string): TokenMatches {
    const candidates = new Set<number>();
    const take = (list: number[] | undefined) => {
      if (list) for (const id of list) candidates.add(id);
    };
    // A prefix word within k typos of the token's start: each typo brings at most one letter
    // the word has and the token's start lacks.
    for (const p of this.typoPrefixes) {
      if (token.length < p.length - p.typos) continue;
      if (bitCount(p.letters & ~letters(token, p.length + 1)) <= p.typos) candidates.add(p.id);
    }
    take(this.equal.get(token));
    for (const n of this.prefixLengths) {
      if (n > token.length) break;
      take(this.prefixes.get(token.slice(0, n)));
    }
    if (token.length === 4) take(this.swaps.get(sortedLetters(token)));
    // Words of eight letters or more allow two typos, so are at least six letters from here.
    for (const d of deletions(token, token.length >= 6 ? 2 : 1)) take(this.deleted.get(d));
    let inPhrase: number[] | undefined;
    let alone: number[] | undefined;
    for (const id of [...candidates].sort((a, b) => a - b)) {
      const w = this.words[id];
      if (wordMatches(token, w, false)) (inPhrase ??= []).push(id);
      if (wordMatches(token, w, true)) (alone ??= []).push(id);
    }
    return { inPhrase: inPhrase ?? NONE, alone: alone ?? NONE };
  }
}
