import Fuse from 'fuse.js';

/** Beyond this many words, only one-edit typos are looked for (the bigram scan gets costly). */
const WIDE_SEARCH_LIMIT = 3000;

/**
 * Typo correction against the knowledge's own vocabulary. One-edit typos are found through a
 * deletion index (each word with one letter removed); in a small vocabulary a character-bigram
 * scan also finds heavier misspellings ("instrucshuns"). fuse.js, which is good at exactly this,
 * ranks the few candidates either way.
 */
export class TypoCorrector {
  private readonly byDeletion = new Map<string, string[]>();
  private readonly byBigram = new Map<string, string[]>();
  private readonly wide: boolean;

  constructor(vocabulary: Iterable<string>) {
    const words = [...vocabulary].filter((w) => w.length >= 4 && !/\d/.test(w));
    this.wide = words.length <= WIDE_SEARCH_LIMIT;
    for (const word of words) {
      for (const d of new Set([word, ...deletions(word)])) add(this.byDeletion, d, word);
      if (this.wide) for (const g of new Set(bigrams(word))) add(this.byBigram, g, word);
    }
  }

  correct(word: string): string | undefined {
    const near = new Set<string>();
    for (const d of [word, ...deletions(word)])
      for (const c of this.byDeletion.get(d) ?? []) near.add(c);
    const candidates = near.size || !this.wide ? [...near] : this.bigramCandidates(word);
    if (candidates.length === 0) return undefined;
    const fuse = new Fuse(candidates.slice(0, 40), {
      includeScore: true,
      threshold: 0.34,
      ignoreLocation: true,
    });
    const best = fuse.search(word, { limit: 1 })[0];
    return best && (best.score ?? 1) <= 0.34 ? best.item : undefined;
  }

  private bigramCandidates(word: string): string[] {
    const grams = bigrams(word);
    const shared = new Map<string, number>();
    for (const g of new Set(grams)) {
      for (const cand of this.byBigram.get(g) ?? []) shared.set(cand, (shared.get(cand) ?? 0) + 1);
    }
    const out: string[] = [];
    for (const [cand, n] of shared) {
      if (Math.abs(cand.length - word.length) > 2) continue;
      if ((2 * n) / (grams.length + cand.length - 1) >= 0.4) out.push(cand);
    }
    return out;
  }
}

function add(map: Map<string, string[]>, key: string, word: string): void {
  const list = map.get(key);
  if (list) list.push(word);
  else map.set(key, [word]);
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function bigrams(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length - 1; i++) out.push(word.slice(i, i + 2));
  return out;
}
