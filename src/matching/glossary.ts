import type { Lang } from '../knowledge/types';
import { fold } from '../language/normalize';

/**
 * A bilingual glossary of common patient words (`knowledge/glossary.json`): from a message's
 * language to another, folded phrase to words. It is only ever used to find, for a question in
 * one language, the entries the clinic wrote in the other; the answer stays the clinic's own
 * text, never a translation.
 */
export type Glossary = Partial<Record<Lang, Partial<Record<Lang, Record<string, string>>>>>;

/** A message in one language read with the glossary's words of another. */
export interface Bridge {
  from: Lang;
  to: Lang;
  /** The message in the other language's words, or undefined when the glossary has none of it. */
  translate(text: string): string | undefined;
}

export function compileBridges(glossary: Glossary | undefined): Bridge[] {
  const out: Bridge[] = [];
  for (const [from, targets] of Object.entries(glossary ?? {}) as [Lang, Glossary[Lang]][]) {
    for (const [to, words] of Object.entries(targets ?? {}) as [Lang, Record<string, string>][]) {
      const table = new Map(Object.entries(words).map(([k, v]) => [fold(k), v]));
      // Longest phrase first: "prueba de esfuerzo" before "prueba".
      const keys = [...table.keys()].filter(Boolean).sort((a, b) => b.length - a.length);
      if (!keys.length) continue;
      const pattern = new RegExp(`(?<![a-z0-9])(${keys.map(escape).join('|')})(?![a-z0-9])`, 'g');
      out.push({
        from,
        to,
        translate(text) {
          let found = false;
          const translated = fold(text).replace(pattern, (m: string) => {
            found = true;
            return table.get(m) ?? m;
          });
          return found ? translated : undefined;
        },
      });
    }
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
