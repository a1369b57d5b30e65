import Fuse from 'fuse.js';

/**
 * Typo correction against the knowledge's own vocabulary. A character-bigram index keeps the
 * candidate list short; fuse.js, which is good at exactly this, ranks the few candidates.
 */
export class TypoCorrector {
  private readonly byBigram = new Map<string, string[]>();

  constructor(vocabulary: Iterable<string>) {
    for (const word of vocabulary) {
      if (word.length < 4 || /\d/.test(word)) continue;
      for (const g of new Set(bigrams(word))) {
        const list = this.byBigram.get(g);
        if (list) list.push(word);
        else this.byBigram.set(g, [word]);
      }
    }
  }

  correct(word: string): string | undefined {
    const grams = bigrams(word);
    const shared = new Map<string, number>();
    for (const g of new Set(grams)) {
      for (const cand of this.byBigram.get(g) ?? []) shared.set(cand, (shared.get(cand) ?? 0) + 1);
    }
    const candidates: string[] = [];
    for (const [cand, n] of shared) {
      if (Math.abs(cand.length - word.length) > 2) continue;
      const dice = (2 * n) / (grams.length + cand.length - 1);
      if (dice >= 0.4) candidates.push(cand);
    }
    if (candidates.length === 0) return undefined;
    const fuse = new Fuse(candidates.slice(0, 40), {
      includeScore: true,
      threshold: 0.34,
      ignoreLocation: true,
    });
    const best = fuse.search(word, { limit: 1 })[0];
    return best && (best.score ?? 1) <= 0.34 ? best.item : undefined;
  }
}

function bigrams(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length - 1; i++) out.push(word.slice(i, i + 2));
  return out;
}
