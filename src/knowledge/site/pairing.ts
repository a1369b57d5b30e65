import type { FetchManifest } from '../fetch/manifest';
import { resolveLink, type SitePage } from './pages';

export interface PageGroup {
  /** The English page, or a Spanish page that has none. */
  primary: SitePage;
  /** Its Spanish version. */
  twin?: SitePage;
}

/**
 * Pairs each Spanish page with its English page: by the pages' own links to each other
 * (`hreflang`, the language toggle), else by the same path under an `es/` folder.
 */
export function pairPages(pages: SitePage[], manifest?: FetchManifest): PageGroup[] {
  const byFile = new Map(pages.map((p) => [p.file, p]));
  const urlToFile = new Map<string, string>();
  for (const [file, rec] of Object.entries(manifest?.files ?? {}))
    urlToFile.set(rec.url.replace(/\/$/, ''), file);
  for (const p of pages) if (p.url) urlToFile.set(p.url.replace(/\/$/, ''), p.file);
  const link = (p: SitePage, lang: 'en' | 'es'): SitePage | undefined => {
    const href = p.read.meta.alternates[lang];
    const file = href ? resolveLink(href, p.file, urlToFile, p.url) : undefined;
    const found = file ? byFile.get(file) : undefined;
    return found && found !== p && found.lang === lang ? found : undefined;
  };
  const twinOf = new Map<SitePage, SitePage>();
  const english = pages.filter((p) => p.lang === 'en');
  for (const es of pages.filter((p) => p.lang === 'es')) {
    const en =
      link(es, 'en') ??
      english.find((p) => link(p, 'es') === es) ??
      byFile.get(es.file.replace(/(^|\/)es\//, '$1')) ??
      byFile.get(es.file.replace(/[.-]es(\.[a-z]+)$/i, '$1'));
    if (en && en.lang === 'en' && !twinOf.has(en)) twinOf.set(en, es);
  }
  const paired = new Set(twinOf.values());
  return pages.filter((p) => !paired.has(p)).map((p) => ({ primary: p, twin: twinOf.get(p) }));
}
