import type { Labelled, Predicted } from './labelled';

/** Answers grouped by stated confidence, beside how often they were right: calibration. */
export function calibrationTable(items: Labelled[], predicted: Predicted[]): string {
  // From 0: an answer can be given from the answer threshold up, whatever it is set to.
  const bins = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01];
  const rows = bins.slice(0, -1).map((lo, i) => ({ lo, hi: bins[i + 1], n: 0, right: 0, sum: 0 }));
  predicted.forEach((p, i) => {
    if (p.action !== 'answer' || p.confidence === null) return;
    const row = rows.find((r) => p.confidence! >= r.lo && p.confidence! < r.hi);
    if (!row) return;
    row.n += 1;
    row.sum += p.confidence;
    if (p.entryId === items[i].expected.entryId) row.right += 1;
  });
  const lines = rows
    .filter((r) => r.n)
    .map(
      (r) =>
        `  ${r.lo.toFixed(2)}-${Math.min(r.hi, 1).toFixed(2)}  ${String(r.n).padStart(4)} answers   mean confidence ${(r.sum / r.n).toFixed(2)}   right ${((r.right / r.n) * 100).toFixed(0)}%`,
    );
  return ['calibration of answers (confidence bin, count, stated vs observed):', ...lines].join(
    '\n',
  );
}
