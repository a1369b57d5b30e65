import { fold } from '../matching/normalize';

/**
 * A phrase pattern: words separated by spaces; "a|b" means either; "word*" matches any word
 * starting so; up to two other words may stand between the pattern's words ("pain in my chest").
 * Longer words also match with a typo or two, so "chest pian" and "cant breth" are caught.
 */
export type Pattern = string;

interface CompiledWord {
  /** The same for equal pattern words in every pattern, so a match can be remembered. */
  key: string;
  options: { word: string; prefix: boolean; exact: boolean }[];
}

export interface PhraseSet {
  /** The first pattern found in the text, or undefined. */
  find(text: string): Pattern | undefined;
  findInWords(words: readonly string[]): Pattern | undefined;
}

const MAX_GAP = 2;

function compile(pattern: Pattern): CompiledWord[] {
  return pattern.split(' ').map((w) => ({
    key: w,
    options: w.split('|').map((o) => ({
      word: o.replace(/^=/, '').replace(/\*$/, ''),
      prefix: o.endsWith('*'),
      exact: o.startsWith('='),
    })),
  }));
}

// Rows reused by every call (one thread): the distance runs for every word of every message.
let rows: [Int32Array, Int32Array, Int32Array] = [
  new Int32Array(64),
  new Int32Array(64),
  new Int32Array(64),
];

/** Damerau-Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length + 1;
  if (rows[0].length < n) rows = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j < n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length];
}

function allowedTypos(word: string, alone: boolean): number {
  if (alone) return word.length >= 7 ? 1 : 0;
  return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
}

function wordMatches(token: string, w: CompiledWord, alone: boolean): boolean {
  return w.options.some(({ word, prefix, exact }) => {
    if (exact) return token === word;
    if (token === word || (prefix && token.startsWith(word))) return true;
    const typos = allowedTypos(word, alone);
    if (typos === 0) return false;
    // Four letters leave too many neighbours ("chat"/"that"): only a swapped pair ("pian") counts.
    if (word.length === 4) return isSwap(token, word);
    // Too long or short to be this word with so few typos: no distance to compute.
    if (!prefix && Math.abs(token.length - word.length) > typos) return false;
    if (prefix && token.length < word.length - typos) return false;
    const target = prefix ? token.slice(0, word.length + 1) : token;
    return (
      editDistance(target, word, typos) <= typos ||
      (prefix && editDistance(token.slice(0, word.length), word, typos) <= typos)
    );
  });
}

function isSwap(a: string, b: string): boolean {
  return (
    a.length === b.length && a[0] === b[0] && [...a].sort().join('') === [...b].sort().join('')
  );
}

/**
 * Whether token i matches a pattern word, remembered for one search: hundreds of patterns share
 * a few hundred words, and the typo check (an edit distance) is the costly part.
 */
type Memo = Map<string, boolean>[];

function matches(
  tokens: readonly string[],
  i: number,
  w: CompiledWord,
  alone: boolean,
  memo: Memo,
): boolean {
  const seen = (memo[i] ??= new Map());
  const key = alone ? `1${w.key}` : w.key;
  let hit = seen.get(key);
  if (hit === undefined) seen.set(key, (hit = wordMatches(tokens[i], w, alone)));
  return hit;
}

/** Whether the pattern matches from `start`, where its first word is known to match. */
function matchAt(
  tokens: readonly string[],
  start: number,
  words: CompiledWord[],
  memo: Memo,
): boolean {
  const alone = words.length === 1;
  let pos = start + 1;
  for (let k = 1; k < words.length; k++) {
    let found = -1;
    const limit = Math.min(tokens.length - 1, pos + MAX_GAP);
    for (let i = pos; i <= limit && i < tokens.length; i++) {
      if (matches(tokens, i, words[k], alone, memo)) {
        found = i;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + 1;
  }
  return true;
}

export function phraseSet(patterns: readonly Pattern[]): PhraseSet {
  const compiled = patterns.map((p) => [p, compile(p)] as const);
  // Patterns grouped by their first word: each first word is tried once per token, and only the
  // patterns whose first word matched there are tried in full.
  const groups = new Map<string, { first: CompiledWord; alone: boolean; members: number[] }>();
  compiled.forEach(([, words], index) => {
    const alone = words.length === 1;
    const key = `${alone ? 1 : 0}${words[0].key}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { first: words[0], alone, members: [] }));
    g.members.push(index);
  });
  const findInWords = (tokens: readonly string[]) => {
    const memo: Memo = [];
    const starts = new Map<number, number[]>();
    for (const g of groups.values()) {
      for (let i = 0; i < tokens.length; i++) {
        // Each first word meets each token once here: no need to remember the answer.
        if (!wordMatches(tokens[i], g.first, g.alone)) continue;
        for (const m of g.members) {
          const list = starts.get(m);
          if (list) list.push(i);
          else starts.set(m, [i]);
        }
      }
    }
    // The first pattern of the list that matches, as before.
    for (const m of [...starts.keys()].sort((x, y) => x - y)) {
      const [pattern, words] = compiled[m];
      for (const i of starts.get(m)!) if (matchAt(tokens, i, words, memo)) return pattern;
    }
    return undefined;
  };
  return { findInWords, find: (text) => findInWords(fold(text).split(' ').filter(Boolean)) };
}
