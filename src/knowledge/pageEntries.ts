import { findSection, type ParsedPage, type SectionKind } from './parsePage';
import type { PageMeta } from './schemas';
import type { ByLang, Entry, Lang, Problem } from './types';
import { LANGS } from './types';

export type SectionQuestions = Partial<Record<SectionKind | 'types-item', ByLang<string[]>>>;

function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function fill(templates: string[] | undefined, vars: Record<string, string>): string[] {
  return (templates ?? []).map((t) => t.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? ''));
}

function pending(review: ByLang<string> | undefined): Lang[] {
  return LANGS.filter((l) => review?.[l] !== undefined);
}

/** Entries from a page and its companion file: the English answer is the page's own text. */
export function entriesFromMeta(
  page: ParsedPage,
  meta: PageMeta,
  file: string,
): Entry[] | Problem[] {
  const problems: Problem[] = [];
  const entries = meta.entries.map((m): Entry => {
    const pageText = m.from ? findSection(page, m.from) : undefined;
    if (m.from && pageText === undefined) {
      problems.push({
        file,
        entryId: m.id,
        message: `"from": "${m.from}" names no section of ${meta.page}`,
      });
    }
    return {
      id: m.id,
      source: file,
      title: m.title ?? {},
      questions: m.questions,
      answer: { en: pageText, ...m.answer },
      sms: m.sms ?? {},
      reviewPending: pending(meta.review),
      url: m.url,
    };
  });
  return problems.length ? problems : entries;
}

/** Entries for a page with no companion file: one per section, with the usual patient questions. */
export function entriesFromPage(
  page: ParsedPage,
  file: string,
  templates: SectionQuestions,
): Entry[] {
  const base = slug(page.procedure) || 'page';
  const vars = { procedure: page.procedure };
  const entries: Entry[] = [];
  for (const section of page.sections) {
    const ref = section.kind;
    entries.push({
      id: `${base}-${section.kind}`,
      source: file,
      title: { en: section.heading ?? `${page.procedure}: ${section.kind}` },
      questions: {
        en: fill(templates[section.kind]?.en, vars),
        es: fill(templates[section.kind]?.es, vars),
      },
      answer: { en: findSection(page, ref) },
      sms: {},
      reviewPending: [],
    });
    section.items.forEach((item, i) => {
      if (section.items.length < 2) return;
      const itemVars = { ...vars, item: item.name ?? '' };
      entries.push({
        id: `${base}-${section.kind}-${item.name ? slug(item.name) : i + 1}`,
        source: file,
        title: { en: item.name ?? `${section.heading ?? section.kind} (${i + 1})` },
        questions: item.name
          ? {
              en: fill(templates['types-item']?.en, itemVars),
              es: fill(templates['types-item']?.es, itemVars),
            }
          : { en: [] },
        answer: { en: item.text },
        sms: {},
        reviewPending: [],
      });
    });
  }
  return entries;
}
