import type { Lang } from '../knowledge/types';
import { fold } from '../language/normalize';

// "delete my data" / "borrar mis datos": a patient may ask for what they said to be removed.
const REQUESTS: [RegExp, Lang][] = [
  [
    /\b(delete|erase|remove|wipe|clear|forget)\s+(all\s+)?(of\s+)?(my|our)\s+(personal\s+)?(data|info|information|details|messages|conversation|chat|history|number)\b/,
    'en',
  ],
  [
    /\b(borra|borrar|borren|elimina|eliminar|eliminen|suprime|suprimir|quita|quitar)\s+(todos\s+)?(mis|nuestros)\s+(datos|informacion|mensajes|conversacion|historial|numero)\b/,
    'es',
  ],
];

/** The language of a request to delete the patient's data, or undefined. Pure. */
export function forgetRequestOf(text: string): Lang | undefined {
  const folded = fold(text);
  return REQUESTS.find(([re]) => re.test(folded))?.[1];
}

const YES = /^(yes|y|yeah|yep|confirm|delete|si|s|confirmo|borrar|borralos|eliminar)$/;

/** Whether the patient confirmed the deletion: a plain yes, in either language. */
export function confirmsForget(text: string): boolean {
  return YES.test(fold(text).trim());
}
