import type { Procedure } from '../knowledge/types';
import type { Ranked } from '../matching/decide';
import type { Matcher } from '../matching/matcher';

/**
 * Words point at one procedure when its evidence is this strong and this far ahead of the next
 * one ("the heart shock thing", "balloon in my leg"); a question every procedure's pages answer
 * ("how long does it take") points at none.
 */
export const EVIDENCE = { min: 4.5, ratio: 1.5 };
/** Candidates within this share of the best score are readings as likely as it. */
const CLOSE = 0.8;
/** At most this many procedures are listed when the bot asks which one. */
const MAX_LISTED = 8;

export interface ProcedureScope {
  /** The procedure the message is answered for; undefined: the whole knowledge. */
  procedure?: string;
  /** How it was known: the message's own words, an earlier turn, the widget's page. */
  how: 'named' | 'words' | 'earlier' | 'page' | 'none';
}

/** The procedure a page stands for: by its slug, its file (with or without the folder), or address. */
export function procedureOfPage(
  page: string | undefined,
  procedures: readonly Procedure[],
): string | undefined {
  if (!page) return undefined;
  const path = (s: string) => s.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/^\/+|[?#].*$/g, '');
  const want = path(page.trim()).toLowerCase();
  const base = want.replace(/^.*\//, '').replace(/\.[a-z0-9]+$/, '');
  return procedures.find((p) => {
    const file = p.page.toLowerCase();
    const url = p.url ? path(p.url).toLowerCase() : undefined;
    return (
      p.id === want ||
      p.id === base ||
      file === want ||
      file.endsWith(`/${want}`) ||
      file.replace(/^.*\//, '').replace(/\.[a-z0-9]+$/, '') === base ||
      (url !== undefined && (url === want || url.endsWith(`/${want}`)))
    );
  })?.id;
}

/** Which procedure a message is answered for: its own words first, then the conversation's. */
export function scopeOf(
  text: string,
  matcher: Matcher,
  context: { earlier?: string; page?: string },
): ProcedureScope {
  if (matcher.procedures.length === 0) return { how: 'none' };
  const named = matcher.namedProcedure(text);
  if (named) return { procedure: named, how: 'named' };
  const [first, second] = matcher.procedureOf(text);
  if (
    first &&
    first.score >= EVIDENCE.min &&
    (!second || first.score >= EVIDENCE.ratio * second.score)
  )
    return { procedure: first.id, how: 'words' };
  if (context.earlier) return { procedure: context.earlier, how: 'earlier' };
  const page = procedureOfPage(context.page, matcher.procedures);
  if (page) return { procedure: page, how: 'page' };
  return { how: 'none' };
}

/** Entries of the procedure (and the clinic's own, which belong to none). */
export const within = (procedure: string) => (e: { procedure?: string }) =>
  e.procedure === undefined || e.procedure === procedure;

/**
 * Without a procedure, a question several procedures answer alike ("how long does it take"):
 * the procedures to ask about, those whose entries read as likely as the best first, then the
 * others. Empty when the best answer is the clinic's own or belongs to one procedure alone.
 */
export function procedureQuestion(
  ranked: readonly Ranked[],
  procedures: readonly Procedure[],
): string[] {
  const top = ranked[0];
  if (!top?.entry.procedure || procedures.length < 2) return [];
  const close = ranked.filter((r) => r.score >= CLOSE * top.score);
  const likely = [...new Set(close.map((r) => r.entry.procedure).filter((p): p is string => !!p))];
  if (likely.length < 2) return [];
  const others = procedures.map((p) => p.id).filter((id) => !likely.includes(id));
  return [...likely, ...others].slice(0, MAX_LISTED);
}
