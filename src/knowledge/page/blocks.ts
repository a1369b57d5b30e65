import type { Lang } from '../types';

/** A link found in a page: its text and address (null when the page gives none). */
export interface PageLink {
  text: string;
  url: string | null;
}

/**
 * One block of a page's main content, whatever the page was written in (HTML, Markdown, text):
 * a heading, a paragraph or a list item. Sections are built from these.
 */
export interface Block {
  kind: 'heading' | 'para' | 'bullet';
  /** 1-6 for headings; synthetic headings (accordion titles, bold lines) sit below the last one. */
  level?: number;
  text: string;
  links: PageLink[];
  /** The whole paragraph is bold: it may be a heading. */
  bold?: boolean;
  /** A bold lead ending in a colon ("**Duration:** 1 hour"): a section of its own. */
  label?: string;
  /** The block is nothing but one link (a download button). */
  onlyLink?: boolean;
  /** A heading the page did not mark up as one (an accordion or tab title, a `dt`). */
  synthetic?: boolean;
  /** Nesting depth of a list item (0 for a top-level item). */
  depth?: number;
}

/** What a page says about itself, besides its content. */
export interface PageMeta {
  title?: string;
  /** The page's main heading (HTML `h1`, Markdown `#`, front matter `title`). */
  h1?: string;
  lang?: Lang;
  /** Its public address: canonical link, og:url, or front matter `source`/`url`. */
  url?: string;
  /** Other-language versions: hreflang links and language toggles, by language. */
  alternates: Partial<Record<Lang, string>>;
}

/** A page read into blocks, with clinic notices found outside its main content. */
export interface PageBlocks {
  meta: PageMeta;
  blocks: Block[];
  /** Short notices outside the main content (a banner on every page): clinic-wide entries. */
  notices: string[];
}

/** "English | Español": a language toggle, never content. */
export const LANGUAGE_TOGGLE =
  /^(english|espa[nñ]ol|spanish|en|es)(\s*[|/·•-]?\s*(english|espa[nñ]ol|spanish|en|es))*$/i;

export function langOf(value: string | undefined): Lang | undefined {
  const v = value?.trim().toLowerCase();
  if (!v) return undefined;
  if (/^en\b|^en-|^english$/.test(v)) return 'en';
  if (/^es\b|^es-|^espa[nñ]ol$|^spanish$/.test(v)) return 'es';
  return undefined;
}

/** Collapses the spacing of text read from a page. */
export function clean(s: string): string {
  return s
    .replace(/[\u00a0\u2007\u202f\t\r\n]/g, ' ')
    .replace(/\u00ad|\u200b/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}
