import type { Document } from 'domhandler';
import { clean, LANGUAGE_TOGGLE } from '../page/blocks';
import {
  ancestors,
  attr,
  findAll,
  findFirst,
  nameWords,
  remove,
  textOf,
  type Element,
} from './dom';

/** Never content, wherever they are. */
const NEVER = new Set(
  'script style noscript template svg iframe object embed canvas form input select textarea label img picture video audio map head title meta link'.split(
    ' ',
  ),
);
/** Page furniture: navigation, sidebars, site header and footer. */
const FURNITURE = new Set(['nav', 'aside', 'footer']);
const FURNITURE_ROLES = new Set([
  'navigation',
  'complementary',
  'contentinfo',
  'banner',
  'search',
  'dialog',
  'alertdialog',
  'menu',
  'menubar',
]);
/** Class or id words themes give to furniture (cookie notices, share buttons, breadcrumbs...). */
const FURNITURE_WORDS = new Set(
  'cookie cookies consent gdpr cmplz share sharing sharedaddy social breadcrumb breadcrumbs related sidebar comments comment-respond newsletter subscribe skip-link screen-reader-text sr-only visually-hidden pagination pager wpml language-switcher lang-switcher langswitch language-selector popup modal advert advertisement'.split(
    ' ',
  ),
);
/** Class or id words of clinic notices (a banner on every page). */
const NOTICE_WORDS = new Set(
  'notice notices banner alert announcement announcements notification'.split(' '),
);
const NOTICE_ROLES = new Set(['note', 'alert', 'status']);

function isFurniture(el: Element): boolean {
  if (FURNITURE.has(el.name)) return true;
  const role = attr(el, 'role');
  if (role && FURNITURE_ROLES.has(role)) return true;
  const words = nameWords(el);
  for (const w of words) if (FURNITURE_WORDS.has(w)) return true;
  return false;
}

/** Links and nothing else, most of them to other pages: a menu or a "related" list. */
function isLinkList(el: Element): boolean {
  if (!['ul', 'ol', 'div', 'p', 'section'].includes(el.name)) return false;
  const text = clean(textOf(el));
  if (!text) return false;
  if (LANGUAGE_TOGGLE.test(text)) return true;
  const links = findAll(el, (e) => e.name === 'a');
  if (links.length < 3) return false;
  const linkText = links.reduce((n, a) => n + clean(textOf(a)).length, 0);
  return linkText / text.length > 0.8;
}

function isNotice(el: Element): boolean {
  if (isFurniture(el) && !NOTICE_ROLES.has(attr(el, 'role') ?? '')) return false;
  if (NOTICE_ROLES.has(attr(el, 'role') ?? '')) return true;
  for (const w of nameWords(el)) if (NOTICE_WORDS.has(w)) return true;
  return false;
}

/** Short notices (a COVID banner) outside `root`, read before the furniture around them goes. */
function noticesOutside(doc: Document, root: Element): string[] {
  const found = findAll(doc, (el) => isNotice(el) && !ancestors(el).some(isNotice));
  return found
    .filter((el) => el !== root && !ancestors(el).includes(root) && !ancestors(root).includes(el))
    .filter((el) => !ancestors(el).some(isFurniture))
    .map((el) => clean(textOf(el)))
    .filter((t) => t.length >= 12 && t.length <= 400 && !LANGUAGE_TOGGLE.test(t));
}

/** Readability-style score: paragraph text, commas, less the share of it that is links. */
function bestByText(doc: Document): Element | null {
  const scores = new Map<Element, number>();
  for (const p of findAll(doc, (e) => /^(p|li|dd|td|pre|h[2-6]|summary)$/.test(e.name))) {
    const text = clean(textOf(p));
    if (text.length < 25) continue;
    const score = 1 + text.split(',').length + Math.min(3, text.length / 100);
    const [parent, grand] = ancestors(p).filter((a) => !['ul', 'ol', 'dl'].includes(a.name));
    if (parent) scores.set(parent, (scores.get(parent) ?? 0) + score);
    if (grand) scores.set(grand, (scores.get(grand) ?? 0) + score / 2);
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, score] of scores) {
    const text = clean(textOf(el)).length || 1;
    const links = findAll(el, (e) => e.name === 'a').reduce(
      (n, a) => n + clean(textOf(a)).length,
      0,
    );
    const adjusted = score * (1 - links / text);
    if (adjusted > bestScore) [best, bestScore] = [el, adjusted];
  }
  return best;
}

function mainRoot(doc: Document): Element | null {
  const main =
    findFirst(doc, (e) => e.name === 'main') ?? findFirst(doc, (e) => attr(e, 'role') === 'main');
  if (main) return main;
  const articles = findAll(doc, (e) => e.name === 'article');
  if (articles.length) {
    return articles.reduce((a, b) => (textOf(b).length > textOf(a).length ? b : a));
  }
  return null;
}

/**
 * The page's main content with the furniture taken out, and the notices found around it.
 * Generic: landmarks first (`main`, `role=main`, `article`), else the element with the most
 * paragraph text; nothing depends on one theme's class names.
 */
export function mainContent(doc: Document): { root: Element | Document; notices: string[] } {
  for (const el of findAll(doc, (e) => NEVER.has(e.name))) remove(el);
  const landmark = mainRoot(doc);
  const body = findFirst(doc, (e) => e.name === 'body');
  const notices = landmark ? noticesOutside(doc, landmark) : [];
  const inBody = (el: Element) => !landmark || !ancestors(landmark).includes(el);
  for (const el of findAll(doc, (e) => inBody(e) && (isFurniture(e) || e.name === 'header'))) {
    // A header inside the content holds the page's title (h1): keep it, drop the rest.
    if (el.name === 'header' && landmark && ancestors(el).includes(landmark)) continue;
    if (el.name === 'header' && !landmark && findFirst(el.children, (e) => e.name === 'h1')) {
      continue;
    }
    if (el.parent) remove(el);
  }
  for (const el of findAll(doc, isLinkList)) if (el.parent) remove(el);
  const root = landmark ?? bestContainer(doc, body);
  return { root, notices };
}

/** Without landmarks: the best-scored container, or the body when the text sits directly in it. */
function bestContainer(doc: Document, body: Element | null): Element | Document {
  const best = bestByText(doc);
  if (!best || !body) return body ?? doc;
  // Most of the body's text in the best container: it is the content; else the body is.
  const share = clean(textOf(best)).length / Math.max(1, clean(textOf(body)).length);
  return share > 0.6 ? best : body;
}
