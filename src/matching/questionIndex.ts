import {
  accumulate,
  pruningFor,
  toPostings,
  type Posting,
  type Pruning,
  type QueryTerm,
} from './postings';

/**
 * The knowledge's questions, each a set of terms: which question a message asks, by cosine over
 * idf-weighted terms ("how long does it take" against "how long is the procedure").
 */
export class QuestionIndex {
  private readonly postings: Map<string, Posting>;
  private readonly norms: Float64Array;
  private readonly dots: Float64Array;
  private readonly seen: Uint8Array;
  private readonly prune: Pruning;

  constructor(
    readonly termSets: readonly Set<string>[],
    weight: (term: string) => number,
  ) {
    const lists = new Map<string, { ids: number[]; values: number[] }>();
    this.norms = new Float64Array(termSets.length);
    termSets.forEach((terms, q) => {
      let norm = 0;
      for (const t of terms) {
        norm += weight(t) ** 2;
        let list = lists.get(t);
        if (!list) lists.set(t, (list = { ids: [], values: [] }));
        list.ids.push(q);
        list.values.push(1);
      }
      this.norms[q] = Math.sqrt(norm);
    });
    this.postings = toPostings(lists);
    this.dots = new Float64Array(termSets.length);
    this.seen = new Uint8Array(termSets.length);
    this.prune = pruningFor(termSets.length);
  }

  /**
   * Cosine of the message with each question it shares a term with: the questions, and their
   * cosines in an array indexed by question. The caller reads each and sets it back to 0 (the
   * array is reused by the next message: clearing only what was touched keeps this cheap).
   */
  cosines(terms: readonly QueryTerm[]): { touched: number[]; cos: Float64Array } {
    let norm2 = 0;
    const found: { posting: Posting; weight: number; topical: boolean }[] = [];
    for (const { term, weight, topical } of terms) {
      const w2 = weight ** 2;
      norm2 += w2;
      const posting = this.postings.get(term);
      if (posting) found.push({ posting, weight: w2, topical });
    }
    const norm = Math.sqrt(norm2);
    const dots = this.dots;
    const touched = accumulate(found, dots, this.seen, this.prune);
    for (const q of touched) dots[q] /= norm * this.norms[q];
    return { touched, cos: dots };
  }
}
