import { fold } from '../matching/normalize';
import { EMERGENCY, EXPAND, HUMAN, PERSONAL, SUICIDE } from './lexicon';
import { phraseSet } from './phrases';

export type SafetyFlag =
  | { kind: 'emergency'; crisis: boolean; matched: string }
  | { kind: 'personal'; matched: string }
  | { kind: 'human'; matched: string };

const suicide = phraseSet(SUICIDE);
const emergency = phraseSet(EMERGENCY);
const personal = phraseSet(PERSONAL);
const human = phraseSet(HUMAN);

export function safetyWords(text: string): string[] {
  const out: string[] = [];
  for (const w of fold(text).split(' ')) {
    if (!w) continue;
    const full = EXPAND[w];
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
  const words = safetyWords(text);
  const crisis = suicide.findInWords(words);
  if (crisis) return { kind: 'emergency', crisis: true, matched: crisis };
  const urgent = emergency.findInWords(words);
  if (urgent) return { kind: 'emergency', crisis: false, matched: urgent };
  const own = personal.findInWords(words);
  if (own) return { kind: 'personal', matched: own };
  const person = human.findInWords(words);
  if (person) return { kind: 'human', matched: person };
  return undefined;
}
