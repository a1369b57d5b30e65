/** A message's term, its weight, and whether it names a topic (not "what", "how", "my"). */
export interface QueryTerm {
  term: string;
  weight: number;
  topical: boolean;
}

/** Term → the sorted ids (questions or entries) that use it, and a value per id. */
export interface Posting {
  ids: Int32Array;
  values: Float32Array;
}

/**
 * How far a message's terms are followed. Every term adds to the items already found; only the
 * rarer ones bring in new items, and a common topic word too while few items are found
 * ("diabetes" in a medical export). A very common term used by most of a large knowledge base
 * adds almost no information about which item is meant, and walking it would touch thousands
 * of items for every message; a question word ("what", "how") never names the topic.
 */
export interface Pruning {
  /** A term in at most this many items is always followed. */
  commonDf: number;
  /** While fewer items than this are found, any topic word is followed... */
  minFound: number;
  /** ...unless most items use it ("en" in every address of an English site): it tells nothing. */
  mostDf: number;
}

/**
 * Found this many, a common word adds to them but brings no more: they contain the message's
 * rarer words, so they outrank anything the common word alone would find.
 */
const MIN_FOUND = 5;

export function pruningFor(items: number): Pruning {
  return {
    commonDf: Math.max(64, Math.ceil(items / 20)),
    minFound: MIN_FOUND,
    mostDf: Math.max(64, items / 2),
  };
}

/**
 * Adds `weight · value` to `acc` for each item of each term's posting, rarest term first,
 * following the pruning rule above; returns the items touched. `acc` must be all zeros, and
 * is left holding the sums (the caller reads and clears the touched ones).
 */
export function accumulate(
  terms: readonly { posting: Posting; weight: number; topical: boolean }[],
  acc: Float64Array,
  seen: Uint8Array,
  prune: Pruning,
): number[] {
  const touched: number[] = [];
  const order = [...terms].sort((a, b) => a.posting.ids.length - b.posting.ids.length);
  for (const { posting, weight, topical } of order) {
    const { ids, values } = posting;
    const wanted = topical && touched.length < prune.minFound && ids.length <= prune.mostDf;
    if (ids.length <= prune.commonDf || wanted) {
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (!seen[id]) {
          seen[id] = 1;
          touched.push(id);
        }
        acc[id] += weight * values[i];
      }
    } else if (touched.length * Math.log2(ids.length) < ids.length) {
      for (const id of touched) {
        const i = indexOf(ids, id);
        if (i >= 0) acc[id] += weight * values[i];
      }
    } else {
      // Many items found already: reading the whole posting is cheaper than searching it.
      for (let i = 0; i < ids.length; i++) if (seen[ids[i]]) acc[ids[i]] += weight * values[i];
    }
  }
  for (const id of touched) seen[id] = 0;
  return touched;
}

/** Where an id sits in a sorted posting, or -1. */
export function indexOf(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid];
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function toPostings(lists: Map<string, { ids: number[]; values: number[] }>) {
  const out = new Map<string, Posting>();
  for (const [t, l] of lists)
    out.set(t, { ids: Int32Array.from(l.ids), values: Float32Array.from(l.values) });
  return out;
}
