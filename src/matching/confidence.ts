/**
 * Maps a raw similarity to the probability that the top entry is the right answer. The curve's
 * midpoint and slope were fitted on the labelled set in test/fixtures/eval (see `npm run eval`,
 * which prints the calibration table it is checked with).
 */
export const CALIBRATION = { midpoint: 0.26, slope: 14 };

export function confidenceOf(score: number, margin: number): number {
  // A near tie with the runner-up means the message could be either: less sure of the top one.
  const tie = margin < 0.05 ? 0.08 : 0;
  const x = CALIBRATION.slope * (score - CALIBRATION.midpoint - tie);
  return 1 / (1 + Math.exp(-x));
}
