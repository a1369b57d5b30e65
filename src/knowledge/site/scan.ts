import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files the build reads for settings, not entries. */
export const SETTINGS = new Set(['lexicon.json', 'section-questions.json', 'handoff-topics.json']);
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

const PAGE = /\.(txt|md|markdown|html?)$/i;

/** The knowledge folder and its sub-folders (dot-folders left out), paths relative to it, sorted. */
export function scanFolder(dir: string): FolderFiles {
  const out: FolderFiles = {
    pages: [],
    companions: [],
    faqs: [],
    tsvs: [],
    documents: [],
    skipped: [],
  };
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(d, name);
      const rel = relative(dir, full).split(sep).join('/');
      if (statSync(full).isDirectory()) walk(full);
      else if (rel === name && SETTINGS.has(name)) continue;
      else if (name.endsWith('.entries.json')) out.companions.push(rel);
      else if (/\.json$/i.test(name)) out.faqs.push(rel);
      else if (/\.tsv$/i.test(name)) out.tsvs.push(rel);
      else if (/\.pdf$/i.test(name)) out.documents.push(rel);
      else if (PAGE.test(name) && name.toLowerCase() !== 'robots.txt') out.pages.push(rel);
      else out.skipped.push(rel);
    }
  };
  walk(dir);
  return out;
}
