import { entriesFromMeta } from '../companion';
import { pageWarnings } from '../contradictions';
import type { FetchManifest } from '../fetch/manifest';
import { pageEntries, type PageSide } from '../page/entries';
import type { SectionQuestions } from '../page/questions';
import { sectionsOf, type ParsedPage } from '../parsePage';
import type { Entry, Problem, Procedure } from '../types';
import { removeBoilerplate } from './boilerplate';
import { Documents } from './documents';
import { dropDuplicates } from './duplicates';
import { noticeEntries, type Notice } from './notices';
import { pairPages, type PageGroup } from './pairing';
import type { SitePage } from './pages';
import { isFaq, pageNotices, procedureOf, uniqueSlugs } from './procedures';
import { companions, readPages, type Companion } from './readPages';
import type { FolderFiles } from './scan';
import { translationReport } from './translations';

export interface SiteKnowledge {
  entries: Entry[];
  procedures: Procedure[];
  translations: ReturnType<typeof translationReport>;
  menu: string[];
  warnings: Problem[];
  notes: Problem[];
  problems: Problem[];
}

interface ReadPages {
  curated: Map<string, Companion>;
  parsed: Map<SitePage, ParsedPage>;
  groups: PageGroup[];
  docs: Documents;
  notices: Notice[];
}

/** The folder's pages read once each (duplicates dropped), paired by language, documents read. */
async function readAll(
  dir: string,
  files: FolderFiles,
  manifest: FetchManifest | undefined,
  out: Built,
): Promise<ReadPages> {
  const curated = companions(dir, files.companions, out.problems);
  for (const [page, { file }] of curated) {
    if (!files.pages.includes(page))
      out.problems.push({ file, message: `its page ${page.replace(/^.*\//, '')} is not there` });
  }
  const pages = dropDuplicates(
    readPages(dir, files.pages, curated, manifest, out.problems),
    out.warnings,
  );
  const boiler = removeBoilerplate(pages.filter((p) => !p.curated));
  const parsed = new Map<SitePage, ParsedPage>(
    pages.map((p) => [p, sectionsOf(p.file, p.read, curated.get(p.file)?.meta.procedure?.en)]),
  );
  const docs = new Documents(dir, files.documents, manifest, out.warnings);
  await docs.readLinked(
    pages.map((p) => ({ file: p.file, url: p.url, links: parsed.get(p)!.links })),
  );
  const notices: Notice[] = [
    ...boiler.en.map((t) => ({ text: { en: t.text }, file: t.file })),
    ...boiler.es.map((t) => ({ text: { es: t.text }, file: t.file })),
  ];
  return { curated, parsed, groups: pairPages(pages, manifest), docs, notices };
}

/** Reads a knowledge folder's pages, their documents and other-language versions into entries. */
export async function readSite(
  dir: string,
  files: FolderFiles,
  o: { templates: SectionQuestions; manifest?: FetchManifest },
): Promise<SiteKnowledge> {
  const out: Built = {
    entries: [],
    procedures: [],
    menu: [],
    notes: [],
    warnings: [],
    problems: [],
  };
  const { curated, parsed, groups, docs, notices } = await readAll(dir, files, o.manifest, out);
  const ids = uniqueSlugs(groups.map((g) => g.primary.file));
  for (const group of groups) {
    const page = parsed.get(group.primary)!;
    const twin = group.twin && parsed.get(group.twin);
    out.warnings.push(...pageWarnings(page, group.primary.file));
    const index = INDEX_PAGE.test(group.primary.file);
    notices.push(...pageNotices(group.primary, page, twin, index));
    if (index) {
      out.notes.push({ file: group.primary.file, message: INDEX_NOTE });
      continue;
    }
    const ctx = {
      id: ids.get(group.primary.file)!,
      page,
      twin,
      group,
      templates: o.templates,
      docs,
    };
    addGroup(ctx, curated.get(group.primary.file), o.manifest, out);
  }
  out.entries.push(...noticeEntries(notices, out.entries, o.templates));
  docs.noteUnlinked(out.notes);
  return { ...out, translations: translationReport(groups, out.entries) };
}

const INDEX_PAGE = /(^|\/)index\.[a-z]+$/i;
const INDEX_NOTE = 'an index page (it links to the other pages): only its notices are read';

interface Built {
  entries: Entry[];
  procedures: Procedure[];
  menu: string[];
  notes: Problem[];
  warnings: Problem[];
  problems: Problem[];
}

interface GroupContext {
  id: string;
  page: ParsedPage;
  twin?: ParsedPage;
  group: PageGroup;
  templates: SectionQuestions;
  docs: Documents;
}

/** One page (and its other-language version): its procedure and its entries. */
function addGroup(
  c: GroupContext,
  companion: Companion | undefined,
  manifest: FetchManifest | undefined,
  out: Built,
): void {
  const { group, page, twin, id } = c;
  const names = {
    [group.primary.lang]: page.procedure,
    ...(twin && group.twin ? { [group.twin.lang]: twin.procedure } : {}),
  };
  // A FAQ page is the clinic's, no procedure's.
  const faq = isFaq(page, group.primary.file);
  if (!faq) out.procedures.push(procedureOf(id, names, page, twin, group.primary));
  if (companion) {
    const made = entriesFromMeta(page, companion.meta, {
      file: companion.file,
      pageFile: group.primary.file,
      procedure: id,
      url: group.primary.url,
    });
    if (made.length && 'message' in made[0]) out.problems.push(...(made as Problem[]));
    else out.entries.push(...(made as Entry[]));
    out.menu.push(...(companion.meta.menu ?? []));
    return;
  }
  const side = (p: SitePage, pp: ParsedPage): PageSide => ({
    file: p.file,
    page: pp,
    lang: p.lang,
    url: p.url,
  });
  const made = pageEntries({
    primary: side(group.primary, page),
    twin: twin && group.twin ? side(group.twin, twin) : undefined,
    procedure: faq ? undefined : id,
    names,
    idBase: id,
    templates: c.templates,
    document: (href, from) => c.docs.ref(href, from),
    warn: (file, message) => out.warnings.push({ file, message }),
  });
  // A page changed since the last fetch: its entries wait for staff to look at them.
  if ([group.primary, group.twin].some((p) => p && manifest?.files[p.file]?.reviewPending)) {
    for (const e of made) e.sourceChanged = true;
  }
  out.entries.push(...made);
}
