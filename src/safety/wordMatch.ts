/**
 * One word of a phrase pattern and whether a token of a message is that word: "a|b" means
 * either; "word*" any word starting so; "=word" that word exactly; longer words also match with
 * a typo or two, so "pian" is pain and "breth" is breath.
 */
export interface PatternWord {
  /** The same for equal pattern words in every pattern. */
  key: string;
  options: { word: string; prefix: boolean; exact: boolean }[];
}

export function patternWord(w: string): PatternWord {
  return {
    key: w,
    options: w.split('|').map((o) => ({
      word: o.replace(/^=/, '').replace(/\*$/, ''),
      prefix: o.endsWith('*'),
      exact: o.startsWith('='),
    })),
  };
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

/** Typos a pattern word tolerates: none when short, fewer when it is a pattern by itself. */
export function allowedTypos(word: string, alone: boolean): number {
  if (alone) return word.length >= 7 ? 1 : 0;
  return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
}

/** `alone`: the word is a whole pattern, so it must be surer (fewer typos). */
export function wordMatches(token: string, w: PatternWord, alone: boolean): boolean {
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

export function sortedLetters(s: string): string {
  return [...s].sort().join('');
}

function isSwap(a: string, b: string): boolean {
  return a.length === b.length && a[0] === b[0] && sortedLetters(a) === sortedLetters(b);
}
