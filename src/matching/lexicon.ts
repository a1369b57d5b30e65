import type { Lang } from '../knowledge/types';

export interface LangLexicon {
  /** SMS-speak and short forms, one token to its full words. */
  abbreviations: Record<string, string>;
  /** Lay or alternative wording (already folded) to the word the knowledge uses. */
  phrases: Record<string, string>;
}

export type Lexicon = Record<Lang, LangLexicon>;

export interface CompiledLexicon {
  abbreviations: ReadonlyMap<string, string[]>;
  rewrite(words: string[]): string[];
  /** Every word the lexicon can produce or recognise, for typo correction. */
  words: ReadonlySet<string>;
}

export function compileLexicon(lex: LangLexicon): CompiledLexicon {
  const abbreviations = new Map(
    Object.entries(lex.abbreviations).map(([k, v]) => [k, v.split(' ')] as const),
  );
  // Longest phrase first so "portable heart pump" wins over "heart pump".
  const keys = Object.keys(lex.phrases).sort((a, b) => b.length - a.length);
  const pattern = keys.length
    ? new RegExp(`(?<![a-z0-9])(${keys.map(escape).join('|')})(?:s|es)?(?![a-z0-9])`, 'g')
    : null;
  const words = new Set<string>();
  for (const [k, v] of Object.entries(lex.phrases))
    for (const w of `${k} ${v}`.split(' ')) words.add(w);
  for (const v of abbreviations.values()) for (const w of v) words.add(w);
  return {
    abbreviations,
    words,
    rewrite(input: string[]): string[] {
      if (!pattern) return input;
      const out = input.join(' ').replace(pattern, (m, key: string) => lex.phrases[key] ?? m);
      return out ? out.split(' ') : [];
    },
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
