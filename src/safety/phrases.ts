import { fold } from '../matching/normalize';

/**
 * A phrase pattern: words separated by spaces; "a|b" means either; "word*" matches any word
 * starting so; up to two other words may stand between the pattern's words ("pain in my chest").
 * Longer words also match with a typo or two, so "chest pian" and "cant breth" are caught.
 */
export type Pattern = string;

interface CompiledWord {
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
    options: w.split('|').map((o) => ({
      word: o.replace(/^=/, '').replace(/\*$/, ''),
      prefix: o.endsWith('*'),
      exact: o.startsWith('='),
    })),
  }));
}

/** Damerau-Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2: number[] = new Array(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
    if (rowMin > max) return max + 1;
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

function matchAt(tokens: readonly string[], start: number, words: CompiledWord[]): boolean {
  const alone = words.length === 1;
  let pos = start;
  for (let k = 0; k < words.length; k++) {
    let found = -1;
    const limit = k === 0 ? pos : Math.min(tokens.length - 1, pos + MAX_GAP);
    for (let i = pos; i <= limit && i < tokens.length; i++) {
      if (wordMatches(tokens[i], words[k], alone)) {
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
  const findInWords = (tokens: readonly string[]) => {
    for (const [pattern, words] of compiled) {
      for (let i = 0; i < tokens.length; i++) if (matchAt(tokens, i, words)) return pattern;
    }
    return undefined;
  };
  return { findInWords, find: (text) => findInWords(fold(text).split(' ').filter(Boolean)) };
}
