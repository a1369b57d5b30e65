import { posix } from 'node:path';
import type { PageBlocks } from '../page/blocks';
import type { Lang } from '../types';

/** A page file as read, before it is split into sections. */
export interface SitePage {
  file: string;
  read: PageBlocks;
  lang: Lang;
  /** Public address: the page's canonical link, front matter, or the fetch record. */
  url?: string;
  mtimeMs: number;
  curated: boolean;
}

const SPANISH_WORDS =
  /\b(el|la|los|las|de|del|que|para|con|por|una|usted|su|se|es|en|procedimiento)\b/gi;
const ENGLISH_WORDS = /\b(the|and|of|to|you|your|is|for|with|will|be|procedure|this|are)\b/gi;

/** The page's language: as it declares it, its folder (`es/`), or the words it uses. */
export function pageLang(file: string, read: PageBlocks): Lang {
  if (read.meta.lang) return read.meta.lang;
  if (/(^|\/)es\//.test(file) || /[.-]es\.[a-z]+$/i.test(file)) return 'es';
  const text = read.blocks.map((b) => b.text).join(' ');
  const es = text.match(SPANISH_WORDS)?.length ?? 0;
  const en = text.match(ENGLISH_WORDS)?.length ?? 0;
  return es > en * 1.5 ? 'es' : 'en';
}

/** Resolves a link written in `fromFile` to a file path in the folder (or undefined). */
export function resolveLink(
  href: string,
  fromFile: string,
  urlToFile: Map<string, string>,
  pageUrl?: string,
): string | undefined {
  const bare = href.replace(/[?#].*$/, '');
  if (!bare) return undefined;
  if (/^[a-z]+:/i.test(bare)) {
    const exact = urlToFile.get(bare) ?? urlToFile.get(bare.replace(/\/$/, ''));
    if (exact) return exact;
    if (pageUrl) {
      try {
        const page = new URL(pageUrl);
        const target = new URL(bare);
        if (page.host !== target.host) return undefined;
        return relativeBetween(page.pathname, target.pathname, fromFile);
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
  if (bare.startsWith('/')) {
    if (pageUrl) return relativeBetween(new URL(pageUrl).pathname, bare, fromFile);
    return posix.normalize(bare.slice(1));
  }
  return posix.normalize(posix.join(posix.dirname(fromFile), decodeURIComponent(bare)));
}

/** Maps a site path to a file by how the page's own path maps to its file. */
function relativeBetween(pagePath: string, targetPath: string, pageFile: string): string {
  const rel = posix.relative(posix.dirname(pagePath), decodeURIComponent(targetPath));
  return posix.normalize(posix.join(posix.dirname(pageFile), rel));
}

/** The procedure's id: the page's file name, or its folder for an index page. */
export function pageSlug(file: string): string {
  const parts = file.replace(/\.[^./]+$/, '').split('/');
  let base = parts[parts.length - 1];
  if (/^index$/i.test(base) && parts.length > 1) base = parts[parts.length - 2];
  return base.replace(/[.-]es$/i, '');
}
