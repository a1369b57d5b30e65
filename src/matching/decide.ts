import type { Entry } from '../knowledge/types';

export interface Ranked {
  entry: Entry;
  score: number;
  confidence: number;
}

export type Outcome = 'answer' | 'clarify' | 'escalate';

export interface Thresholds {
  /** At or above: answer with the top entry (unless a close runner-up makes it a guess). */
  answer: number;
  /** Below: nobody could tell, so staff are asked. Between: the patient is asked to choose. */
  escalate: number;
  /** Raw-score gap under which the runner-up is offered as well. */
  closeMargin: number;
  /** Runner-up score as a share of the top score at which the runner-up is offered too. */
  closeRatio: number;
  maxChoices: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  answer: 0.6,
  escalate: 0.6,
  closeMargin: 0.02,
  closeRatio: 0.93,
  maxChoices: 3,
};

export interface Decision {
  outcome: Outcome;
  /** The entry answered with, or the "did you mean" choices. */
  choices: Ranked[];
}

export function decide(ranked: readonly Ranked[], t: Thresholds = DEFAULT_THRESHOLDS): Decision {
  const top = ranked[0];
  if (!top || top.confidence < t.escalate) return { outcome: 'escalate', choices: [] };
  // Close in absolute terms, or within a tenth of the top score: the message fits both as well.
  const close = ranked.filter(
    (r) =>
      r.confidence >= t.escalate &&
      (top.score - r.score <= t.closeMargin || r.score >= top.score * t.closeRatio),
  );
  if (top.confidence >= t.answer && close.length === 1)
    return { outcome: 'answer', choices: [top] };
  const choices = (
    close.length > 1 ? close : ranked.filter((r) => r.confidence >= t.escalate)
  ).slice(0, t.maxChoices);
  return { outcome: 'clarify', choices };
}
