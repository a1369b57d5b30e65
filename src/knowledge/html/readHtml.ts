import type { Document } from 'domhandler';
import { clean, langOf, LANGUAGE_TOGGLE, type PageBlocks, type PageMeta } from '../page/blocks';
import { attr, findAll, findFirst, parseHtml, textOf } from './dom';
import { mainContent } from './mainContent';
import { htmlBlocks } from './toBlocks';

/** Toggle links name their language: "Español", "ES", or carry hreflang/lang. */
function toggleLang(text: string, hreflang?: string, lang?: string): 'en' | 'es' | undefined {
  return (
    langOf(hreflang) ?? langOf(lang) ?? (LANGUAGE_TOGGLE.test(text) ? langOf(text) : undefined)
  );
}

function pageMeta(doc: Document): PageMeta {
  const html = findFirst(doc, (e) => e.name === 'html');
  const metaContent = (test: (a: Record<string, string>) => boolean) =>
    findAll(doc, (e) => e.name === 'meta' && test(e.attribs))[0]?.attribs.content?.trim();
  const canonical = findAll(
    doc,
    (e) => e.name === 'link' && /\bcanonical\b/i.test(e.attribs.rel ?? ''),
  )[0];
  const alternates: PageMeta['alternates'] = {};
  for (const link of findAll(doc, (e) => e.name === 'link' && !!e.attribs.hreflang)) {
    const lang = langOf(link.attribs.hreflang);
    if (lang && link.attribs.href) alternates[lang] ??= link.attribs.href.trim();
  }
  // A language toggle in the page (WPML, Polylang, a hand-made "English | Español").
  for (const a of findAll(doc, (e) => e.name === 'a' && !!e.attribs.href)) {
    const text = clean(textOf(a));
    const lang = toggleLang(
      text,
      attr(a, 'hreflang'),
      findFirst(a, (e) => !!e.attribs.lang)?.attribs.lang ?? attr(a, 'lang'),
    );
    if (lang && (LANGUAGE_TOGGLE.test(text) || attr(a, 'hreflang')))
      alternates[lang] ??= a.attribs.href.trim();
  }
  const title = findFirst(doc, (e) => e.name === 'title');
  return {
    title: title ? clean(textOf(title)) : undefined,
    lang: langOf(html?.attribs.lang),
    url: canonical?.attribs.href?.trim() || metaContent((a) => a.property === 'og:url'),
    alternates,
  };
}

/** A page as saved from the clinic's site: its main content as blocks, and what it says of itself. */
export function readHtml(html: string): PageBlocks {
  const doc = parseHtml(html);
  const meta = pageMeta(doc);
  const { root, notices } = mainContent(doc);
  const blocks = htmlBlocks(doc, root);
  const h1 = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  if (h1) meta.h1 = h1.text;
  return { meta, blocks, notices };
}
