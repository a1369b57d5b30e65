import { findAll, parseHtml, textOf } from '../html/dom';
import { langOf, LANGUAGE_TOGGLE } from '../page/blocks';

export interface PageLinks {
  /** Ordinary links: pages to visit when they are under the site's path. */
  pages: string[];
  /** Links to documents (PDF instruction sheets). */
  documents: string[];
  /** Other-language versions (hreflang, a language toggle): saved wherever they are. */
  alternates: string[];
}

const DOCUMENT = /\.pdf$/i;
/** Addresses that are files, not pages. */
const NOT_PAGE =
  /\.(png|jpe?g|gif|svg|webp|ico|css|js|json|xml|zip|docx?|xlsx?|pptx?|mp[34]|mov|woff2?|ttf|eot)$/i;

function absolute(href: string, base: string): URL | undefined {
  try {
    const url = new URL(href.trim(), base);
    url.hash = '';
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The links of a page, absolute, in the order the page has them. */
export function linksOf(html: string, base: string): PageLinks {
  const doc = parseHtml(html);
  const baseHref = findAll(doc, (e) => e.name === 'base' && !!e.attribs.href)[0]?.attribs.href;
  const from = baseHref ? (absolute(baseHref, base)?.href ?? base) : base;
  const out: PageLinks = { pages: [], documents: [], alternates: [] };
  const add = (list: string[], url: URL | undefined) => {
    if (url && !list.includes(url.href)) list.push(url.href);
  };
  for (const link of findAll(
    doc,
    (e) => e.name === 'link' && !!e.attribs.hreflang && !!e.attribs.href,
  )) {
    if (langOf(link.attribs.hreflang)) add(out.alternates, absolute(link.attribs.href, from));
  }
  for (const a of findAll(doc, (e) => e.name === 'a' && !!e.attribs.href)) {
    const url = absolute(a.attribs.href, from);
    if (!url) continue;
    if (DOCUMENT.test(url.pathname)) add(out.documents, url);
    else if (a.attribs.hreflang || LANGUAGE_TOGGLE.test(textOf(a).trim())) add(out.alternates, url);
    else if (!NOT_PAGE.test(url.pathname) && !url.search) add(out.pages, url);
  }
  return out;
}

/** Where a fetched address is saved, relative to the knowledge folder: the site's own path. */
export function fileFor(url: string, kind: 'page' | 'document'): string {
  const path = decodeURIComponent(new URL(url).pathname).replace(/^\/+/, '');
  const safe = path
    .split('/')
    .filter((p) => p && p !== '.' && p !== '..')
    .map((p) => p.replace(/[^\p{L}\p{N}._ -]+/gu, '-').replace(/^[._]+/, ''))
    .join('/');
  if (kind === 'document') return safe || 'document.pdf';
  if (!safe || path.endsWith('/')) return `${safe ? `${safe}/` : ''}index.html`;
  if (/\.(md|markdown|txt)$/i.test(safe)) return safe;
  return /\.(html?|php|aspx?|jsp)$/i.test(safe)
    ? safe.replace(/\.(php|aspx?|jsp)$/i, '.html')
    : `${safe}.html`;
}
