import { FIELDS, type Field } from './fields';
import {
  accumulate,
  indexOf,
  pruningFor,
  toPostings,
  type Posting,
  type Pruning,
  type QueryTerm,
} from './postings';

/** How much a term in each field counts, and how much a long field dilutes it (BM25F). */
export interface FieldWeights {
  weight: Record<Field, number>;
  /** Length normalisation per field, 0 (none) to 1 (full). */
  b: Record<Field, number>;
  /** Term-frequency saturation. */
  k1: number;
}

/**
 * BM25F over an entry's fields: a term's frequencies in each field, weighted and normalised by
 * the field's length, are added before saturation, so a word in the title and the answer counts
 * more than in either, but never without bound. Scores are returned as a share of what the
 * message could score at best (every term fully explained), so they read the same on any
 * knowledge base, whatever its size or wording.
 */
export class FieldIndex {
  /** term → entries using it, with the term's saturated weight in each. */
  private readonly postings: Map<string, Posting>;
  private readonly acc: Float64Array;
  private readonly seen: Uint8Array;
  private readonly prune: Pruning;

  constructor(perEntry: readonly Record<Field, string[]>[], w: FieldWeights) {
    const avg = averageLengths(perEntry);
    const lists = new Map<string, { ids: number[]; values: number[] }>();
    perEntry.forEach((fields, e) => {
      const tf = new Map<string, number>();
      for (const f of FIELDS) {
        const terms = fields[f];
        if (!terms.length || !w.weight[f]) continue;
        const add = w.weight[f] / (1 - w.b[f] + (w.b[f] * terms.length) / avg[f]);
        for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + add);
      }
      for (const [t, x] of tf) {
        let list = lists.get(t);
        if (!list) lists.set(t, (list = { ids: [], values: [] }));
        list.ids.push(e);
        list.values.push(x / (w.k1 + x));
      }
    });
    this.postings = toPostings(lists);
    this.acc = new Float64Array(perEntry.length);
    this.seen = new Uint8Array(perEntry.length);
    this.prune = pruningFor(perEntry.length);
  }

  /** Entries that use a term in any field. */
  entriesWith(term: string): readonly number[] {
    return [...(this.postings.get(term)?.ids ?? [])];
  }

  /** True when an entry uses a term in any field. */
  uses(entry: number, term: string): boolean {
    const ids = this.postings.get(term)?.ids;
    return ids !== undefined && indexOf(ids, entry) >= 0;
  }

  /**
   * Each entry's share of the message's weight it explains (Σ weight · saturation / Σ weight).
   * Terms come with their weights (idf and the like, worked out by the caller). Returns the
   * entries and the shares, indexed by entry; the caller reads each and sets it back to 0.
   */
  score(terms: readonly QueryTerm[]): { touched: number[]; share: Float64Array } {
    const total = terms.reduce((s, t) => s + Math.max(0, t.weight), 0);
    const found: { posting: Posting; weight: number; topical: boolean }[] = [];
    for (const { term, weight, topical } of terms) {
      const posting = this.postings.get(term);
      if (posting && weight > 0) found.push({ posting, weight: weight / total, topical });
    }
    return { touched: accumulate(found, this.acc, this.seen, this.prune), share: this.acc };
  }
}

function averageLengths(perEntry: readonly Record<Field, string[]>[]): Record<Field, number> {
  const avg = { questions: 0, title: 0, answer: 0, source: 0 };
  for (const f of FIELDS) {
    const used = perEntry.filter((fields) => fields[f].length > 0);
    const sum = used.reduce((s, fields) => s + fields[f].length, 0);
    avg[f] = used.length ? sum / used.length : 1;
  }
  return avg;
}
