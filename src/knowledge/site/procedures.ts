import type { ParsedPage } from '../parsePage';
import type { Procedure } from '../types';
import type { Notice } from './notices';
import { pageSlug, type SitePage } from './pages';

const FAQ_TITLE = /\b(faqs?|frequently asked|questions|preguntas)\b/i;

/** A page of questions and answers: clinic-wide, one entry per question. */
export function isFaq(page: ParsedPage, file: string): boolean {
  const headed = page.sections.filter((s) => s.heading !== null && !s.inline);
  const questions = headed.filter((s) => s.question).length;
  if (FAQ_TITLE.test(page.meta.h1 ?? page.meta.title ?? '') || /faq/i.test(file))
    return questions > 0;
  return (
    headed.length >= 3 &&
    questions / headed.length >= 0.6 &&
    !headed.some((s) => s.kind && s.kind !== 'what')
  );
}

/** Reads a knowledge folder's pages, their documents and other-language versions into entries. */
export function pageNotices(
  primary: SitePage,
  page: ParsedPage,
  twin: ParsedPage | undefined,
  index: boolean,
): Notice[] {
  // An index page's short lines are teasers and buttons, not notices.
  const own = (p: ParsedPage) => [
    ...p.notices,
    ...(index ? [] : p.sections.filter((s) => s.kind === 'notice').map((s) => s.text)),
  ];
  const a = own(page);
  const b = twin ? own(twin) : [];
  const other = primary.lang === 'en' ? 'es' : 'en';
  return a.map((t, i) => ({
    text: { [primary.lang]: t, ...(a.length === b.length ? { [other]: b[i] } : {}) },
    file: primary.file,
  }));
}

/** Page slugs, made unique with their folder (then a number) where two pages share a name. */
export function uniqueSlugs(files: string[]): Map<string, string> {
  const count = new Map<string, number>();
  const tidy = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'page';
  for (const f of files) count.set(tidy(pageSlug(f)), (count.get(tidy(pageSlug(f))) ?? 0) + 1);
  const used = new Set<string>();
  return new Map(
    files.map((f) => {
      const s = tidy(pageSlug(f));
      const folder = f.split('/').slice(-2, -1)[0];
      let id = count.get(s)! > 1 && folder ? tidy(`${folder}-${s}`) : s;
      for (let n = 2; used.has(id); n++) id = `${s}-${n}`;
      used.add(id);
      return [f, id];
    }),
  );
}

export function procedureOf(
  id: string,
  names: Procedure['name'],
  page: ParsedPage,
  twin: ParsedPage | undefined,
  p: SitePage,
): Procedure {
  const aka = [page, twin].flatMap(
    (pp) =>
      pp?.sections.find((s) => s.kind === 'aka')?.text.split(/\s*[,;]\s*|\s+or\s+|\s+o\s+/) ?? [],
  );
  const others = Object.values(names).filter((n) => n && n !== page.procedure) as string[];
  return {
    id,
    name: names,
    aliases: [...new Set([...aka, ...others].map((a) => a.trim()).filter(Boolean))],
    page: p.file,
    url: p.url,
  };
}
