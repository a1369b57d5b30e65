import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pageWarnings } from './contradictions';
import { KnowledgeError } from './errors';
import { entriesFromFaq } from './faqFile';
import { entriesFromMeta, entriesFromPage, type SectionQuestions } from './pageEntries';
import { parsePage } from './parsePage';
import { entriesFromTsv } from './qnaTsv';
import { FaqFileSchema, PageMetaSchema, parseWith, type PageMeta } from './schemas';
import type { Entry, KnowledgeBase, Problem } from './types';
import { validateEntries, type ValidationOptions } from './validate';
import { ROOT } from '../paths';

export const KNOWLEDGE_DIR = join(ROOT, 'knowledge');
const NOT_ENTRIES = new Set(['lexicon.json', 'section-questions.json', 'handoff-topics.json']);
const PAGE = /\.(txt|md|markdown|html?)$/i;

function readJson(file: string, problems: Problem[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push({ file: basename(file), message: `not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

function collect(result: Entry[] | Problem[], entries: Entry[], problems: Problem[]): void {
  if (result.length && 'message' in result[0]) problems.push(...(result as Problem[]));
  else entries.push(...(result as Entry[]));
}

/** Reads knowledge files (pages, their companion files, FAQ files, QnA Maker TSVs) into entries. */
export function loadKnowledgeFiles(files: string[], opts: ValidationOptions): KnowledgeBase {
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const templates = JSON.parse(
    readFileSync(join(KNOWLEDGE_DIR, 'section-questions.json'), 'utf8'),
  ) as SectionQuestions;
  const metas = new Map<string, { meta: PageMeta; file: string }>();
  const menu: string[] = [];
  const procedures: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.entries.json'))) {
    const raw = readJson(file, problems);
    if (raw === undefined) continue;
    const meta = parseWith(PageMetaSchema, raw, basename(file));
    if (Array.isArray(meta)) problems.push(...meta);
    else {
      metas.set(join(dirname(file), meta.page), { meta, file: basename(file) });
      menu.push(...(meta.menu ?? []));
    }
  }
  for (const file of files) {
    const name = basename(file);
    if (!existsSync(file)) {
      problems.push({ file: name, message: 'no such file' });
    } else if (PAGE.test(name)) {
      const found = metas.get(file) ?? metas.get(join(dirname(file), name));
      const page = parsePage(name, readFileSync(file, 'utf8'), found?.meta.procedure?.en);
      warnings.push(...pageWarnings(page, name));
      procedures.push(page.procedure);
      collect(
        found
          ? entriesFromMeta(page, found.meta, found.file)
          : entriesFromPage(page, name, templates),
        entries,
        problems,
      );
    } else if (name.endsWith('.tsv')) {
      collect(entriesFromTsv(readFileSync(file, 'utf8'), name), entries, problems);
    } else if (name.endsWith('.json') && !name.endsWith('.entries.json')) {
      const raw = readJson(file, problems);
      const faq = raw === undefined ? [] : parseWith(FaqFileSchema, raw, name);
      if (Array.isArray(faq)) problems.push(...faq);
      else entries.push(...entriesFromFaq(faq, name));
    } else if (!name.endsWith('.entries.json')) {
      problems.push({
        file: name,
        message: 'not a knowledge file (.txt .md .html page, .json FAQ, .tsv export)',
      });
    }
  }
  for (const [page, { file }] of metas) {
    if (!files.includes(page))
      problems.push({ file, message: `its page ${basename(page)} is not there` });
  }
  problems.push(
    ...validateEntries(entries, { ...opts, smsLenient: opts.requireLanguages.length === 0 }),
  );
  for (const id of menu) {
    if (!entries.some((e) => e.id === id))
      problems.push({ file: 'menu', message: `menu names unknown entry ${id}` });
  }
  if (problems.length) throw new KnowledgeError(problems);
  for (const e of entries) {
    for (const lang of e.reviewPending) {
      warnings.push({
        file: e.source,
        entryId: e.id,
        message: `${lang} text is a translation awaiting the clinic's review`,
      });
    }
  }
  const fallback = entries
    .filter((e) => !e.contextOnly)
    .slice(0, 4)
    .map((e) => e.id);
  const procedure = procedures.length === 1 ? procedures[0] : '';
  return { entries, warnings, menu: menu.length ? menu : fallback, procedure };
}

/** The shipped knowledge folder, held to the strict rules: both languages everywhere. */
export function loadKnowledgeDir(dir: string, smsSegments: number): KnowledgeBase {
  const files = readdirSync(dir)
    .filter(
      (f) =>
        !NOT_ENTRIES.has(f) && !f.startsWith('.') && /\.(txt|md|markdown|html?|json|tsv)$/i.test(f),
    )
    .sort()
    .map((f) => join(dir, f));
  return loadKnowledgeFiles(files, { requireLanguages: ['en', 'es'], smsSegments });
}
