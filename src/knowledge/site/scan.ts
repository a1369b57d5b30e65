import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files the build reads for settings, not entries. */
export const SETTINGS = new Set([
  'lexicon.json',
  'section-questions.json',
  'handoff-topics.json',
  'glossary.json',
]);
/** What `npm run knowledge -- fetch` records about the files it saved. */
export const FETCH_MANIFEST = '.fetch.json';

export interface FolderFiles {
  pages: string[];
  companions: string[];
  faqs: string[];
  tsvs: string[];
  documents: string[];
  /** Files that are not knowledge (images, styles, robots.txt), for a note. */
  skipped: string[];
}

/** A folder's files before any is sorted into its kind. */
export function noFiles(): FolderFiles {
  return { pages: [], companions: [], faqs: [], tsvs: [], documents: [], skipped: [] };
}

const PAGE = /\.(txt|md|markdown|html?)$/i;
/** Text files about the folder, not the clinic's content. */
const NOT_PAGES = /^(robots\.txt|readme|license|licence|changelog|contributing)(\.[a-z]+)?$/i;

/**
 * The knowledge folder and its sub-folders, paths relative to it, sorted. Folders named with a
 * leading "." or "_" (a fetch record, a site generator's sources, drafts) are not the site's.
 */
export function scanFolder(dir: string): FolderFiles {
  const out = noFiles();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(d, name);
      const rel = relative(dir, full).split(sep).join('/');
      if (statSync(full).isDirectory()) {
        if (name.startsWith('_')) out.skipped.push(`${rel}/`);
        else walk(full);
      } else if (rel === name && SETTINGS.has(name)) continue;
      else if (name.endsWith('.entries.json')) out.companions.push(rel);
      else if (/\.json$/i.test(name)) out.faqs.push(rel);
      else if (/\.tsv$/i.test(name)) out.tsvs.push(rel);
      else if (/\.pdf$/i.test(name)) out.documents.push(rel);
      else if (PAGE.test(name) && !NOT_PAGES.test(name)) out.pages.push(rel);
      else out.skipped.push(rel);
    }
  };
  walk(dir);
  return out;
}
