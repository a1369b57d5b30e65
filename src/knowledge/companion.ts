import { findSection, type ParsedPage } from './parsePage';
import type { PageMeta } from './schemas';
import type { ByLang, Entry, Lang, Problem } from './types';
import { LANGS } from './types';

function pending(review: ByLang<string> | undefined): Lang[] {
  return LANGS.filter((l) => review?.[l] !== undefined);
}

/**
 * Entries from a page and its companion file: the English answer is the page's own text, the
 * questions, Spanish and SMS forms the clinic's curation. Ids are the companion's.
 */
export function entriesFromMeta(
  page: ParsedPage,
  meta: PageMeta,
  o: { file: string; pageFile: string; procedure: string; url?: string },
): Entry[] | Problem[] {
  const problems: Problem[] = [];
  const entries = meta.entries.map((m): Entry => {
    const pageText = m.from ? findSection(page, m.from) : undefined;
    if (m.from && pageText === undefined) {
      problems.push({
        file: o.file,
        entryId: m.id,
        message: `"from": "${m.from}" names no section of ${meta.page}`,
      });
    }
    const kind = m.from?.split('/')[0];
    const section = page.sections.find((s) => s.kind === kind);
    return {
      id: m.id,
      source: o.file,
      title: m.title ?? {},
      questions: m.questions,
      answer: { en: pageText, ...m.answer },
      sms: m.sms ?? {},
      reviewPending: pending(meta.review),
      url: m.url,
      // A page's notice (the COVID banner) is the clinic's, not the procedure's.
      procedure: kind === 'notice' ? undefined : o.procedure,
      provenance: { file: o.pageFile, url: m.url ?? o.url, section: section?.heading ?? undefined },
    };
  });
  return problems.length ? problems : entries;
}
