import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FetchManifest } from '../fetch/manifest';
import { readBlocks } from '../parsePage';
import { PageMetaSchema, parseWith, type PageMeta } from '../schemas';
import type { Problem } from '../types';
import { pageLang, type SitePage } from './pages';

export interface Companion {
  meta: PageMeta;
  file: string;
}

export function companions(
  dir: string,
  files: string[],
  problems: Problem[],
): Map<string, Companion> {
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

export function readPages(
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
