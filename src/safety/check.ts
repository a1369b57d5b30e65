import { fold } from '../language/normalize';
import {
  EMERGENCY,
  EXPAND,
  HUMAN,
  HYPOTHETICAL,
  IDIOMS,
  NOT_SERIOUS,
  NOW,
  PAST,
  FIRST_PERSON,
  PERSONAL,
  PERSONAL_SOFT,
  SCAFFOLD,
  SUICIDE,
  SYMPTOMS,
} from './lexicon';
import { phraseSet } from './phrases';

export type SafetyFlag =
  | { kind: 'emergency'; crisis: boolean; matched: string }
  | {
      kind: 'personal';
      matched: string;
      /**
       * A care question the clinic's own instructions may answer ("can I eat before", "is a
       * bruise normal after a heart cath"): answered when the knowledge answers it confidently.
       * Not soft: the patient's own medicines, results, symptoms now: always staff.
       */
      soft?: boolean;
      /**
       * For a soft flag: the words that made it one ("metformin", "eat", "bruise"), which an
       * answer must speak to. "Can I eat before, I'm diabetic" is not answered by an entry on
       * eating that says nothing of diabetes.
       */
      concerns?: string[];
    }
  | { kind: 'human'; matched: string };

const suicide = phraseSet(SUICIDE);
const emergency = phraseSet(EMERGENCY);
const personal = phraseSet(PERSONAL);
const personalSoft = phraseSet(PERSONAL_SOFT);
const symptoms = phraseSet(SYMPTOMS);
const firstPerson = phraseSet(FIRST_PERSON);
const human = phraseSet(HUMAN);
const past = phraseSet(PAST);
const hypothetical = phraseSet(HYPOTHETICAL);
const notSerious = phraseSet(NOT_SERIOUS);
const now = phraseSet(NOW);
const YEAR = /\b(19|20)\d\d\b/;
const scaffold = new Set(SCAFFOLD);

export function safetyWords(text: string): string[] {
  const out: string[] = [];
  let folded = fold(text);
  for (const [re, plain] of IDIOMS) folded = folded.replace(re, plain);
  for (const w of folded.split(' ')) {
    if (!w) continue;
    // Own keys only: a patient's "constructor" found Object.prototype's and failed the turn.
    const full = Object.hasOwn(EXPAND, w) ? EXPAND[w] : undefined;
    if (full) out.push(...full.split(' '));
    else out.push(w);
  }
  return out;
}

/**
 * The safety check every message goes through before matching: emergencies first (a crisis line
 * for suicidal thoughts), then questions about the patient's own care, then asking for a person.
 * Pure; the word lists are in lexicon.ts.
 */
export function checkSafety(text: string): SafetyFlag | undefined {
  const { flag, setAside } = emergencyIn(text);
  if (flag) return flag;
  // "What if I faint during it", thoughts of suicide years ago: not an emergency now, but a
  // risk or the patient's own history, which general content must not answer.
  if (setAside) return { kind: 'personal', matched: setAside };
  const words = safetyWords(text);
  const own = personal.findInWords(words);
  if (own) return { kind: 'personal', matched: own };
  const symptom = symptoms.findInWords(words);
  // A symptom with "I", "my", "tengo": the patient's own, now.
  if (symptom && firstPerson.findInWords(words)) return { kind: 'personal', matched: symptom };
  const care = symptom ?? personalSoft.findInWords(words);
  const person = human.findInWords(words);
  if (person) return { kind: 'human', matched: person };
  if (care) return { kind: 'personal', matched: care, soft: true, concerns: concernsIn(words) };
  return undefined;
}

/** The words of every care pattern and symptom in the message, less the question around them. */
function concernsIn(words: readonly string[]): string[] {
  const found = [...personalSoft.allInWords(words), ...symptoms.allInWords(words)];
  const out = new Set(found.flatMap((f) => f.words).filter((w) => !scaffold.has(w)));
  return [...out];
}

/**
 * An emergency in any sentence that does not place it in the past, in a "what if" or in a figure
 * of speech; else the first one that was set aside as a "what if" or as past thoughts of suicide
 * (a stroke last year, said as the reason for the visit, is not by itself a question for staff).
 */
function emergencyIn(text: string): { flag?: SafetyFlag; setAside?: string } {
  let setAside: string | undefined;
  for (const sentence of text.split(/(?<=[.!?¿¡\n])\s*|[;]\s*/).filter((x) => x.trim())) {
    const words = safetyWords(sentence);
    const crisis = suicide.findInWords(words);
    const urgent = crisis ? undefined : emergency.findInWords(words);
    if (!crisis && !urgent) continue;
    const inPast = past.findInWords(words) || YEAR.test(sentence);
    // Suicidal thoughts are often put as a "what if"; only a clear past sets them aside.
    const whatIf = !crisis && hypothetical.findInWords(words);
    const notNow = inPast || whatIf || (!crisis && notSerious.findInWords(words));
    if (notNow && !now.findInWords(words)) {
      if (crisis || whatIf) setAside ??= crisis ?? urgent;
      continue;
    }
    return {
      flag: crisis
        ? { kind: 'emergency', crisis: true, matched: crisis }
        : { kind: 'emergency', crisis: false, matched: urgent! },
    };
  }
  return { setAside };
}
