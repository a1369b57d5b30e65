/**
 * Maps a message's score for an entry to the probability that the entry is the right answer:
 * a monotone table (isotonic calibration) read off the top answers of the labelled tuning set
 * (test/fixtures/eval) and of generated knowledge bases of 500 and 10,000 entries, which agree
 * with each other. Scores are shares of what the message could score at best, so the table
 * holds on any knowledge base; `npm run eval` prints the calibration it is checked with, and
 * the tests check it on two generated sizes.
 */
export const CALIBRATION: readonly (readonly [score: number, probability: number])[] = [
  [0, 0],
  [0.25, 0.02],
  [0.29, 0.33],
  [0.345, 0.43],
  [0.38, 0.67],
  [0.46, 0.81],
  [0.59, 0.86],
  [0.66, 0.93],
  [0.78, 0.96],
  [0.88, 0.99],
];

export type Calibration = readonly (readonly [score: number, probability: number])[];

/**
 * The same, for a message matched within the procedure it is about (a clinic's site): among one
 * procedure's entries and the clinic's, a fair score is right more often than among a whole
 * site's. Read off the top answers of the development site's labelled messages
 * (test/fixtures/eval/site) matched within the procedure found for them; the holdout site's
 * figures (`npm run eval`) check it.
 */
export const SCOPED_CALIBRATION: Calibration = [
  [0, 0],
  [0.15, 0.05],
  [0.19, 0.29],
  [0.23, 0.5],
  [0.29, 0.66],
  [0.43, 0.78],
  [0.58, 0.81],
  [0.7, 0.95],
  [0.85, 0.99],
];

export function confidenceOf(score: number, table: Calibration = CALIBRATION): number {
  // Monotonic in the score, so a lower-ranked entry is never stated as more likely; near ties
  // are handled by the decision (it offers both), not by bending the curve.
  if (score <= table[0][0]) return table[0][1];
  for (let i = 1; i < table.length; i++) {
    const [x1, y1] = table[i];
    if (score <= x1) {
      const [x0, y0] = table[i - 1];
      return y0 + ((y1 - y0) * (score - x0)) / (x1 - x0);
    }
  }
  return table[table.length - 1][1];
}
