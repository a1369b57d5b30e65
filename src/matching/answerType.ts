import type { Entry } from '../knowledge/types';
import { fold, sentences } from '../language/normalize';

/**
 * "How long", "when can I", "a qué hora": the message asks for a time or a length of time, and
 * an answer that gives none ("Someone must drive you home") does not answer it, however many of
 * its words it shares ("when can I drive": "Do not drive for 48 hours").
 */
const ASKS_TIME = new RegExp(
  [
    'how long',
    'how soon',
    'how late',
    'how early',
    'how much time',
    'how many (minutes|mins|hours|hrs|days|nights|weeks|months|years)',
    'what time',
    'until when',
    // "when" asks only as a question word, not in "when the doctor told me".
    '^when',
    'when (can|could|do|does|did|will|would|should|is|are|am|must|may|might)',
    'cuanto (tiempo|dura|tarda|demora)',
    'cuant[oa]s (minutos|horas|dias|noches|semanas|meses|anos)',
    'a que hora',
    'hasta cuando',
    '^cuando',
    'cuando (puedo|puede|podre|podra|debo|debe|tengo|tiene|hay|se puede|vuelvo|empiezo|me dan|me quitan)',
  ]
    .map((p) => `\\b${p}\\b`)
    .join('|'),
);

const NUMBER =
  '(\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|several|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|diez|doce|unos|unas|pocos|pocas)';
const UNIT =
  '(minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|minutos?|horas?|dias?|noches?|semanas?|mes|meses|anos?)';
const GIVES_TIME = new RegExp(
  `\\b${NUMBER}( (to|or|a|o|and|y) ${NUMBER})? ${UNIT}\\b|\\b(midnight|overnight|tomorrow|medianoche|manana|the next (day|morning)|the same day|el mismo dia|al dia siguiente|duration|duracion)\\b`,
);

/**
 * The words of the message that only ask for a length of time ("long" in "how long", "tiempo" in
 * "cuánto tiempo"): the form of the question, not what it is about. "How long do they watch me
 * after" is about watching after, and an entry saying "watched for 1 to 2 hours" speaks to it.
 */
export function timeAskingWords(input: string): string[] {
  const found = fold(input).match(/\b(?:how (long|soon|late|early|much time)|cuanto (tiempo))\b/g);
  return (found ?? []).flatMap((m) => m.split(' ').slice(1));
}

export function asksForTime(text: string): boolean {
  return sentences(text).some((s) => ASKS_TIME.test(fold(s)));
}

/** The entry's answer, in some language, gives a time or a length of time. */
export function givesTime(entry: Entry): boolean {
  return Object.values(entry.answer).some((a) => !!a && GIVES_TIME.test(fold(a)));
}
