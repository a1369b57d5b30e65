import type { Entry, Lang } from '../knowledge/types';
import { LANGS } from '../knowledge/types';
import { fold } from '../language/normalize';

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

/**
 * The lexicon as it applies to one knowledge base. A lay phrase is rewritten to the word the
 * knowledge uses; where this knowledge never uses that word ("pump" to "impella" on a site with
 * no Impella page), the rewrite finds nothing and only merges the patient's words with others
 * ("device", "machine") that mean something else here, so it is left out.
 */
export function fitLexicon(lexicon: Lexicon, entries: readonly Entry[]): Lexicon {
  const out = {} as Lexicon;
  for (const lang of LANGS) {
    const text = new ClinicText(
      entries.map((e) => [e.title[lang], e.answer[lang], ...(e.questions[lang] ?? [])].join(' ')),
    );
    const all = Object.entries(lexicon[lang].phrases);
    // The knowledge uses a target when it writes it, or writes a phrase rewritten to it.
    const used = new Set(all.filter(([lay, t]) => text.has(t) || text.has(lay)).map(([, t]) => t));
    // An empty target drops filler ("the doctor told me about"): always wanted.
    const phrases = Object.fromEntries(all.filter(([, t]) => !t || used.has(t)));
    out[lang] = { abbreviations: lexicon[lang].abbreviations, phrases };
  }
  return out;
}

/** The folded words of a knowledge text, to ask whether it uses a word or phrase. */
class ClinicText {
  private readonly words = new Set<string>();
  private readonly texts: string[];

  constructor(texts: string[]) {
    this.texts = texts.map((t) => ` ${fold(t)} `);
    for (const t of this.texts) for (const w of t.split(' ')) if (w) this.words.add(w);
  }

  has(phrase: string): boolean {
    const words = phrase.split(' ');
    if (!words.every((w) => this.words.has(w))) return false;
    if (words.length === 1) return true;
    const wanted = ` ${phrase} `;
    return this.texts.some((t) => t.includes(wanted));
  }
}
