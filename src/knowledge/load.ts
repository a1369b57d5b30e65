import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { KnowledgeError } from './errors';
import { entriesFromFaq } from './faqFile';
import { readManifest } from './fetch/manifest';
import type { SectionQuestions } from './page/questions';
import { entriesFromTsv } from './qnaTsv';
import { FaqFileSchema, parseWith } from './schemas';
import { readSite } from './site/readSite';
import { noFiles, scanFolder, type FolderFiles } from './site/scan';
import type { Entry, KnowledgeBase, Problem } from './types';
import { validateEntries, type ValidationOptions } from './validate';
import { ROOT } from '../paths';

export const KNOWLEDGE_DIR = join(ROOT, 'knowledge');

function readJson(dir: string, file: string, problems: Problem[]): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    problems.push({ file, message: `not valid JSON: ${(err as Error).message}` });
    return undefined;
  }
}

function templates(): SectionQuestions {
  return JSON.parse(
    readFileSync(join(KNOWLEDGE_DIR, 'section-questions.json'), 'utf8'),
  ) as SectionQuestions;
}

/** FAQ files and QnA Maker exports: entries as the clinic wrote them. */
function curatedFiles(
  dir: string,
  files: FolderFiles,
  entries: Entry[],
  problems: Problem[],
): void {
  for (const file of files.tsvs) {
    const result = entriesFromTsv(readFileSync(join(dir, file), 'utf8'), file);
    if (result.length && 'message' in result[0]) problems.push(...(result as Problem[]));
    else entries.push(...(result as Entry[]));
  }
  for (const file of files.faqs) {
    const raw = readJson(dir, file, problems);
    const faq = raw === undefined ? [] : parseWith(FaqFileSchema, raw, file);
    if (Array.isArray(faq)) problems.push(...faq);
    else entries.push(...entriesFromFaq(faq, file));
  }
}

/** Reads a set of knowledge files under `dir` (pages, documents, FAQ files, exports) into entries. */
async function build(
  dir: string,
  files: FolderFiles,
  opts: ValidationOptions,
): Promise<KnowledgeBase> {
  const problems: Problem[] = [];
  const entries: Entry[] = [];
  const site = await readSite(dir, files, { templates: templates(), manifest: readManifest(dir) });
  problems.push(...site.problems);
  entries.push(...site.entries);
  curatedFiles(dir, files, entries, problems);
  const warnings = [...site.warnings];
  problems.push(...validateEntries(entries, opts, warnings));
  for (const id of site.menu) {
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
  for (const t of site.translations) {
    if (!t.pairedWith && t.onlyEn.length) {
      warnings.push({
        file: t.page,
        message: `no Spanish version: ${t.onlyEn.length} entries answer in English only`,
      });
    } else if (t.onlyEn.length) {
      warnings.push({
        file: t.page,
        message: `${t.onlyEn.length} entries have no Spanish text in ${t.pairedWith}: ${t.onlyEn.join(', ')}`,
      });
    }
  }
  const fallback = entries
    .filter((e) => !e.contextOnly)
    .slice(0, 4)
    .map((e) => e.id);
  return {
    entries,
    warnings,
    notes: [
      ...site.notes,
      ...files.skipped.map((file) => ({ file, message: 'not a knowledge file; left out' })),
    ],
    menu: site.menu.length ? site.menu : fallback,
    procedure:
      site.procedures.length === 1
        ? (site.procedures[0].name.en ?? site.procedures[0].name.es ?? '')
        : '',
    procedures: site.procedures,
    translations: site.translations,
  };
}

/** Given files (`ask --kb`): each is read as a knowledge file, relative to its own folder. */
export async function loadKnowledgeFiles(
  paths: string[],
  opts: ValidationOptions,
): Promise<KnowledgeBase> {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length)
    throw new KnowledgeError(missing.map((p) => ({ file: basename(p), message: 'no such file' })));
  const root = commonDir(paths);
  const files: FolderFiles = noFiles();
  const problems: Problem[] = [];
  for (const p of paths) {
    const rel = relative(root, p).split(sep).join('/');
    if (rel.endsWith('.entries.json')) files.companions.push(rel);
    else if (/\.(txt|md|markdown|html?)$/i.test(rel)) files.pages.push(rel);
    else if (/\.tsv$/i.test(rel)) files.tsvs.push(rel);
    else if (/\.json$/i.test(rel)) files.faqs.push(rel);
    else if (/\.pdf$/i.test(rel)) files.documents.push(rel);
    else
      problems.push({
        file: rel,
        message: 'not a knowledge file (.txt .md .html page, .json FAQ, .tsv export)',
      });
  }
  if (problems.length) throw new KnowledgeError(problems);
  return build(root, files, opts);
}

function commonDir(paths: string[]): string {
  let dir = dirname(paths[0]);
  while (!paths.every((p) => p.startsWith(dir + sep)) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The knowledge folder and its sub-folders, as the service reads it. */
export async function loadKnowledgeDir(dir: string, smsSegments: number): Promise<KnowledgeBase> {
  return build(dir, scanFolder(dir), { smsSegments });
}
