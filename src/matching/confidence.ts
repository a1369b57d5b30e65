/**
 * Maps a raw similarity to the probability that the top entry is the right answer. The curve's
 * midpoint and slope were fitted on the labelled set in test/fixtures/eval (see `npm run eval`,
 * which prints the calibration table it is checked with).
 */
export const CALIBRATION = { midpoint: 0.24, slope: 14 };

export function confidenceOf(score: number): number {
  // Monotonic in the score, so a lower-ranked entry is never stated as more likely; near ties
  // are handled by the decision (it offers both), not by bending the curve.
  return 1 / (1 + Math.exp(-CALIBRATION.slope * (score - CALIBRATION.midpoint)));
}
