import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { entriesFromMeta } from '../companion';
import { pageWarnings } from '../contradictions';
import type { FetchManifest } from '../fetch/manifest';
import { pageEntries, type PageSide } from '../page/entries';
import type { SectionQuestions } from '../page/questions';
import { readBlocks, sectionsOf, type ParsedPage } from '../parsePage';
import { PageMetaSchema, parseWith, type PageMeta } from '../schemas';
import type { Entry, Problem, Procedure } from '../types';
import { removeBoilerplate } from './boilerplate';
import { Documents } from './documents';
import { dropDuplicates } from './duplicates';
import { noticeEntries, type Notice } from './notices';
import { pairPages, type PageGroup } from './pairing';
import { pageLang, pageSlug, type SitePage } from './pages';
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

interface Companion {
  meta: PageMeta;
  file: string;
}

function companions(dir: string, files: string[], problems: Problem[]): Map<string, Companion> {
  const out = new Map<string, Companion>();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      problems.push({ file, message: `not valid JSON: ${(err as Error).message}` });
      continue;
    }
    const meta = parseWith(PageMetaSchema, raw, file);
    if (Array.isArray(meta)) problems.push(...meta);
    else out.set(join(file, '..', meta.page).replace(/^\.\//, ''), { meta, file });
  }
  return out;
}

function readPages(
  dir: string,
  files: string[],
  curated: Map<string, Companion>,
  manifest: FetchManifest | undefined,
  problems: Problem[],
): SitePage[] {
  const pages: SitePage[] = [];
  for (const file of files) {
    try {
      const full = join(dir, file);
      const read = readBlocks(file, readFileSync(full, 'utf8'));
      const url = absolute(read.meta.url, manifest?.files[file]?.url) ?? manifest?.files[file]?.url;
      pages.push({
        file,
        read,
        lang: pageLang(file, read),
        url,
        mtimeMs: statSync(full).mtimeMs,
        curated: curated.has(file),
      });
    } catch (err) {
      problems.push({ file, message: `unreadable: ${(err as Error).message}` });
    }
  }
  return pages;
}

function absolute(url: string | undefined, base: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, base).href;
  } catch {
    return undefined;
  }
}

const FAQ_TITLE = /\b(faqs?|frequently asked|questions|preguntas)\b/i;

/** A page of questions and answers: clinic-wide, one entry per question. */
function isFaq(page: ParsedPage, file: string): boolean {
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
export async function readSite(
  dir: string,
  files: FolderFiles,
  o: { templates: SectionQuestions; manifest?: FetchManifest },
): Promise<SiteKnowledge> {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const curated = companions(dir, files.companions, problems);
  for (const [page, { file }] of curated) {
    if (!files.pages.includes(page))
      problems.push({ file, message: `its page ${page.replace(/^.*\//, '')} is not there` });
  }
  let pages = readPages(dir, files.pages, curated, o.manifest, problems);
  pages = dropDuplicates(pages, warnings);
  const boiler = removeBoilerplate(pages.filter((p) => !p.curated));
  const parsed = new Map<SitePage, ParsedPage>(
    pages.map((p) => [p, sectionsOf(p.file, p.read, curated.get(p.file)?.meta.procedure?.en)]),
  );
  const groups = pairPages(pages, o.manifest);
  const docs = new Documents(dir, files.documents, o.manifest, warnings);
  await docs.readLinked(
    pages.map((p) => ({ file: p.file, url: p.url, links: parsed.get(p)!.links })),
  );

  const out: Built = { entries: [], procedures: [], menu: [], notes: [], warnings, problems };
  const notices: Notice[] = [
    ...boiler.en.map((t) => ({ text: { en: t.text }, file: t.file })),
    ...boiler.es.map((t) => ({ text: { es: t.text }, file: t.file })),
  ];
  const ids = uniqueSlugs(groups.map((g) => g.primary.file));
  for (const group of groups) {
    const page = parsed.get(group.primary)!;
    const twin = group.twin && parsed.get(group.twin);
    warnings.push(...pageWarnings(page, group.primary.file));
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
  const { entries, procedures, menu, notes } = out;
  entries.push(...noticeEntries(notices, entries, o.templates));
  docs.noteUnlinked(notes);
  return {
    entries,
    procedures,
    translations: translationReport(groups, entries),
    menu,
    warnings,
    notes,
    problems,
  };
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

function pageNotices(
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
function uniqueSlugs(files: string[]): Map<string, string> {
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

function procedureOf(
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
