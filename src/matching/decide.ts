import type { Entry, Lang } from '../knowledge/types';

export interface Ranked {
  entry: Entry;
  score: number;
  confidence: number;
  /**
   * The message's topic words this entry explains (for the ranked entries only): by its
   * questions and answer for the best entry, by its questions alone for the others.
   */
  matched?: string[];
  /** The message's terms, question words included, that this entry's best question uses. */
  explains?: string[];
  /** The same for all of this entry's questions together. */
  covers?: string[];
  /** The message's topic words any part of this entry uses (questions, title, answer, source). */
  fits?: string[];
  /** The share of the message's topic words' weight that `fits` holds. */
  reach?: number;
  /** Its best question is one the page layout asks of every procedure alike. */
  layout?: boolean;
}

export type Outcome = 'answer' | 'clarify' | 'escalate';

export interface Thresholds {
  /** At or above: answer with the top entry (unless another reading is as good). */
  answer: number;
  /** Below: nobody could tell, so staff are asked. Between: the patient is asked to choose. */
  escalate: number;
  /** Raw-score gap under which the runner-up is offered as well. */
  closeMargin: number;
  /** Runner-up score as a share of the top score at which the runner-up is offered too. */
  closeRatio: number;
  /**
   * Runner-up score share at which a message is ambiguous when the runner-up explains every
   * topic word the top one does ("instructions?": before or after).
   */
  sameTopicRatio: number;
  /** The same when the readings share a single topic word: thin evidence for either. */
  sameWordRatio: number;
  maxChoices: number;
  /**
   * Below the escalate threshold, a top entry this many times the next reading's score (with at
   * least `floor` confidence) is still answered. Set within one procedure's entries only: there
   * the candidates are one page's, and a lead that wide is no doubt about which the patient
   * means; across a whole site a lone shared word is thin evidence.
   */
  dominant?: { lead: number; floor: number };
  /**
   * A neighbour (an entry of the top one's page) scoring at least `reach` of the top and speaking
   * to `by` more of the message's topic weight comes first (see widerFirst). Set within one
   * procedure's entries only, like `dominant`: there a page's sections and lines are made from its
   * layout, and its headings' questions fit every line under them alike.
   */
  wider?: { reach: number; by: number };
}

/**
 * Confidences are calibrated probabilities (confidence.ts). The answer threshold is low because
 * the alternative costs too: on the labelled tuning set, answering from a stated 35% up gives
 * the most right outcomes (a patient sent to wait for staff over a question the knowledge
 * answers is a miss as well); `npm run eval` shows the held-out figures. The ratios were chosen
 * on the same set.
 */
export const DEFAULT_THRESHOLDS: Thresholds = {
  answer: 0.35,
  escalate: 0.35,
  closeMargin: 0.02,
  closeRatio: 0.96,
  sameTopicRatio: 0.95,
  sameWordRatio: 0.85,
  maxChoices: 3,
};

export interface Decision {
  outcome: Outcome;
  /** The entry answered with, or the "did you mean" choices. */
  choices: Ranked[];
}

export function decide(all: readonly Ranked[], t: Thresholds = DEFAULT_THRESHOLDS): Decision {
  const ranked = distinctAnswers(t.wider ? widerFirst(all, t.wider) : all);
  const top = ranked[0];
  if (!top) return { outcome: 'escalate', choices: [] };
  if (top.confidence < t.escalate)
    return dominant(ranked, t)
      ? { outcome: 'answer', choices: [top] }
      : { outcome: 'escalate', choices: [] };
  // Close in absolute terms, or nearly the top score: the message fits both as well.
  const close = ranked.filter(
    (r) =>
      r.confidence >= t.escalate &&
      (top.score - r.score <= t.closeMargin || r.score >= top.score * t.closeRatio) &&
      (r === top || !explainsMore(top, r)),
  );
  if (close.length > 1) return { outcome: 'clarify', choices: close.slice(0, t.maxChoices) };
  if (ambiguous(ranked, t)) return { outcome: 'clarify', choices: ranked.slice(0, 2) };
  if (top.confidence >= t.answer) return { outcome: 'answer', choices: [top] };
  return {
    outcome: 'clarify',
    choices: ranked.filter((r) => r.confidence >= t.escalate).slice(0, t.maxChoices),
  };
}

/**
 * Among one page's entries, the one whose words speak to more of what the message asks comes
 * first: a section's question or a line's heading fits every line under it alike, so "how do I
 * send back the patch" is the section that says how to send it back, not the list line that only
 * names the patch. They swap scores as they swap places, so the stated likelihood keeps its order.
 */
function widerFirst(
  ranked: readonly Ranked[],
  wider: NonNullable<Thresholds['wider']>,
): readonly Ranked[] {
  const top = ranked[0];
  if (top?.reach === undefined) return ranked;
  const page = top.entry.provenance?.file;
  const i = ranked.findIndex(
    (r, k) =>
      k > 0 &&
      page !== undefined &&
      r.entry.provenance?.file === page &&
      r.score >= top.score * wider.reach &&
      (r.reach ?? 0) >= top.reach! + wider.by,
  );
  return i < 0 ? ranked : promote(ranked, i);
}

/**
 * The reading at `i` takes the top's place, and they swap scores and confidences as they swap
 * places, so the stated likelihood keeps its order.
 */
export function promote(ranked: readonly Ranked[], i: number): Ranked[] {
  const top = ranked[0];
  const found = ranked[i];
  return [
    { ...found, score: top.score, confidence: top.confidence },
    { ...top, score: found.score, confidence: found.confidence },
    ...ranked.filter((_, k) => k !== 0 && k !== i),
  ];
}

/**
 * Entries that give the same answer are one reading, however many rows an export has for it:
 * offering both would be two identical choices, and their scores are no sign of doubt.
 */
function distinctAnswers(ranked: readonly Ranked[]): Ranked[] {
  const seen = new Set<string>();
  const kept: Ranked[] = [];
  for (const r of ranked) {
    const key = answerKey(r.entry);
    if (seen.has(key)) continue;
    seen.add(key);
    const k = kept.findIndex((x) => oneReading(x.entry, r.entry));
    if (k < 0) kept.push(r);
    else if (nested(kept[k].entry, r.entry))
      kept[k] = { ...kept[k], confidence: either(kept[k], r) };
  }
  return kept;
}

/**
 * A section and a line of it found by one message are two ways of being right about one
 * reading: the message means that part of the page if either is what it asks, so the reading is
 * more likely than each alone ("what time should I get there": the preparation section and its
 * "Arrive 1 hour before" line, each a fair match, are no doubt between two answers). Read as
 * independent evidence; never above the calibration's own top.
 */
const TOP_CONFIDENCE = 0.99;
function either(a: Ranked, b: Ranked): number {
  const p = 1 - (1 - a.confidence) * (1 - b.confidence);
  return Math.max(a.confidence, Math.min(p, TOP_CONFIDENCE));
}

/** One entry's answer is a part of the other's: a section and a line of it. */
function nested(a: Entry, b: Entry): boolean {
  return within(a, b) || within(b, a);
}

/**
 * Two entries of one page that are one reading: a section and a line of it (either contains the
 * other's answer), or lines of one list under one heading (same section, document and
 * questions). Offering them as choices would ask the patient to pick between parts of one
 * instruction; the better ranked answers.
 */
function oneReading(a: Entry, b: Entry): boolean {
  const pa = a.provenance;
  const pb = b.provenance;
  if (a.procedure !== b.procedure || !pa || !pb) return false;
  // The clinic's own pages (a FAQ page) belong to no procedure: one page is one file.
  if (a.procedure === undefined && pa.file !== pb.file) return false;
  if (nested(a, b)) return true;
  return (
    pa.file === pb.file &&
    pa.section === pb.section &&
    pa.document?.file === pb.document?.file &&
    JSON.stringify(a.questions) === JSON.stringify(b.questions)
  );
}

/** `part`'s answer (its line, without the heading it carries) is in `whole`'s, in a language. */
function within(part: Entry, whole: Entry): boolean {
  const lines = textsOf(part).line;
  const wholes = textsOf(whole).whole;
  return Object.entries(lines).some(([lang, line]) => {
    const of = wholes[lang as Lang];
    return !!line && !!of && of.length > line.length && of.includes(line);
  });
}

interface Texts {
  /** Each language's answer with its spacing and bullets collapsed. */
  whole: Partial<Record<Lang, string>>;
  /** The same without a leading "Heading:" label: the line itself. */
  line: Partial<Record<Lang, string>>;
}

/** Worked out once an entry: every turn compares the ranked entries' answers pairwise. */
const texts = new WeakMap<Entry, Texts>();
function textsOf(entry: Entry): Texts {
  let t = texts.get(entry);
  if (!t) {
    t = { whole: {}, line: {} };
    for (const [lang, text] of Object.entries(entry.answer) as [Lang, string | undefined][]) {
      if (!text) continue;
      t.whole[lang] = collapse(text);
      t.line[lang] = collapse(text.replace(/^[^:\n]{1,60}:\s+/, ''));
    }
    texts.set(entry, t);
  }
  return t;
}

const collapse = (s: string) => s.replace(/[\s•]+/g, ' ').trim();

/** An entry's answers as one string, worked out once an entry (answers can be long). */
const answerKeys = new WeakMap<Entry, string>();
function answerKey(entry: Entry): string {
  let key = answerKeys.get(entry);
  if (key === undefined) {
    key = `${entry.answer.en ?? ''}\u0000${entry.answer.es ?? ''}`;
    answerKeys.set(entry, key);
  }
  return key;
}

/**
 * Two readings are as good as each other: the runner-up's questions use every topic word of
 * the message that the top one's do ("instructions?": before or after the procedure).
 */
/**
 * Far ahead of every other reading, on words it answers by its questions: a low score from a
 * short line of a page (a PDF item) is no doubt about which entry the message means.
 */
function dominant(ranked: readonly Ranked[], t: Thresholds): boolean {
  const [top, second] = ranked;
  if (!t.dominant || !top.matched?.length || top.confidence < t.dominant.floor) return false;
  return !second || second.score * t.dominant.lead <= top.score;
}

function ambiguous(ranked: readonly Ranked[], t: Thresholds): boolean {
  const [top, second] = ranked;
  if (!second?.matched || !top.matched || top.matched.length === 0) return false;
  if (explainsMore(top, second)) return false;
  const a = new Set(top.matched);
  const b = new Set(second.matched);
  const ratio = second.score / top.score;
  const same = [...a].every((x) => b.has(x));
  // With the same evidence for both, the score gap comes from words the message does not use.
  const equallyLikely = same && second.confidence >= t.answer;
  // One shared word is thin evidence for preferring either ("instrucciones?").
  const needed = a.size === 1 ? t.sameWordRatio : t.sameTopicRatio;
  return equallyLikely && ratio >= needed;
}

/**
 * The top entry explains every term of the message the other does, and more, by its best
 * question ("what is this heart pump they want to put in" is "what is", not "how is it put in",
 * though both are about putting the pump in) or by all its questions ("dónde va el impella en el
 * corazón": one entry's questions say "dónde" and "va", the other's only "corazón"), while the
 * other does not do the same the other way round.
 */
function explainsMore(top: Ranked, other: Ranked): boolean {
  const byQuestion = covers(top.explains, other.explains);
  const byEntry = covers(top.covers, other.covers);
  const byText = covers(top.fits, other.fits);
  return (
    (byQuestion && !covers(other.covers, top.covers)) ||
    (byEntry && !covers(other.explains, top.explains)) ||
    (byText && !covers(other.covers, top.covers))
  );
}

/** `a` has every term of `b` and more. */
function covers(a: string[] | undefined, b: string[] | undefined): boolean {
  if (!a || !b) return false;
  const mine = new Set(a);
  return mine.size > new Set(b).size && b.every((x) => mine.has(x));
}
