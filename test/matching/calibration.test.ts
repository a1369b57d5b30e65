import { generateKnowledge } from '../../src/evaluation/generated';
import { loadMatcherResources } from '../../src/core/matcherResources';
import { buildMatcher } from '../../src/matching/matcher';

// "90% confident" must mean right nine times in ten on a small knowledge base and on a large
// one alike. Two knowledge bases from the same generator, 500 and 10,000 entries (a seed the
// calibration table was not read from), every top entry's stated confidence beside whether it
// was the entry that answers.

interface Bin {
  n: number;
  stated: number;
  observed: number;
}

function calibration(entries: number): { bins: Bin[]; answered: Bin } {
  const g = generateKnowledge({ entries, seed: 5, perKind: 60 });
  const matcher = buildMatcher(g.entries, loadMatcherResources());
  const edges = [0, 0.5, 0.8, 0.9, 0.95, 1.01];
  const bins = edges.slice(1).map(() => ({ n: 0, stated: 0, observed: 0 }));
  const answered = { n: 0, stated: 0, observed: 0 };
  for (const q of g.queries) {
    const result = matcher.match(q.text);
    const top = result.ranked[0];
    if (!top) continue;
    const right = top.entry.id === q.expected ? 1 : 0;
    const bin =
      bins[edges.findIndex((lo, i) => top.confidence >= lo && top.confidence < edges[i + 1])];
    bin.n += 1;
    bin.stated += top.confidence;
    bin.observed += right;
    if (result.outcome === 'answer') {
      answered.n += 1;
      answered.stated += top.confidence;
      answered.observed += right;
    }
  }
  const mean = (b: Bin) => ({ n: b.n, stated: b.stated / b.n, observed: b.observed / b.n });
  return { bins: bins.filter((b) => b.n >= 30).map(mean), answered: mean(answered) };
}

describe('stated confidence against observed accuracy', () => {
  const sizes = [500, 10_000];
  const results = new Map<number, ReturnType<typeof calibration>>();
  beforeAll(() => {
    for (const n of sizes) results.set(n, calibration(n));
  });

  test.each(sizes)(
    'on %i entries, every confidence band is right as often as it says (±0.1)',
    (n) => {
      const { bins } = results.get(n)!;
      expect(bins.length).toBeGreaterThanOrEqual(2);
      for (const b of bins) expect(Math.abs(b.stated - b.observed)).toBeLessThanOrEqual(0.1);
    },
  );

  test('the answers given are right as often on 500 entries as on 10,000 (±0.05)', () => {
    const small = results.get(500)!.answered;
    const large = results.get(10_000)!.answered;
    expect(small.n).toBeGreaterThan(100);
    expect(large.n).toBeGreaterThan(100);
    expect(Math.abs(small.observed - large.observed)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(small.stated - large.stated)).toBeLessThanOrEqual(0.05);
    // And what the bot says of its answers holds on both.
    for (const a of [small, large]) expect(a.observed).toBeGreaterThanOrEqual(a.stated - 0.05);
  });
});
