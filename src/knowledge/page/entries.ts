import type { PageSection, ParsedPage } from '../parsePage';
import { excerpt, slug } from '../slug';
import { LANGS, type ByLang, type Entry, type Lang } from '../types';
import { alignSections } from './align';
import { DOCUMENT_LINK, documentEntries, documentText, uniqueKey, type DocRef } from './documents';
import { questionsFor, type SectionQuestions } from './questions';

export interface PageSide {
  file: string;
  page: ParsedPage;
  lang: Lang;
  url?: string;
}

export interface PageInput {
  primary: PageSide;
  twin?: PageSide;
  /** The procedure the page describes; absent for a clinic-wide page (FAQ). */
  procedure?: string;
  names: ByLang<string>;
  idBase: string;
  templates: SectionQuestions;
  /** A document linked from a page file, as the build found it. */
  document(href: string, fromFile: string): DocRef;
  warn(file: string, message: string): void;
}

/** What a section says in one language, documents it stands for included. */
interface SideText {
  side: PageSide;
  index: number;
  text: string;
  doc?: DocRef;
}

function sectionDoc(s: PageSection, side: PageSide, input: PageInput): DocRef | undefined {
  const first = s.items[0];
  const url = first?.onlyLink ? first.links[0]?.url : null;
  return url && DOCUMENT_LINK.test(url) ? input.document(url, side.file) : undefined;
}

/** The section's own text, then each sub-section under its heading. */
function render(side: PageSide, index: number, input: PageInput): SideText {
  const sections = side.page.sections;
  const s = sections[index];
  const doc = sectionDoc(s, side, input);
  const own = doc?.doc
    ? [documentText(doc.doc), ...s.items.slice(1).map(itemText)]
    : s.items.map(itemText);
  const children = sections
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.parent === index)
    .map(({ c, i }) =>
      [c.heading, render(side, i, input).text].filter(Boolean).join(c.inline ? ': ' : '\n\n'),
    );
  return { side, index, text: [...own, ...children].filter(Boolean).join('\n\n'), doc };
}

const itemText = (i: { text: string; bullet: boolean }) => (i.bullet ? `• ${i.text}` : i.text);

function titleOf(input: PageInput, lang: Lang, s: PageSection): string {
  const heading =
    s.heading ?? input.templates.titles?.[s.kind === 'notice' ? 'notice' : 'what']?.[lang] ?? '';
  const name = input.names[lang] ?? input.names.en ?? input.names.es;
  if (!input.procedure && s.question) return heading;
  return name ? `${name}: ${heading}` : heading;
}

/** Entries of one page (and its other-language version): one a section, its items, its documents. */
export function pageEntries(input: PageInput): Entry[] {
  const { primary, twin } = input;
  const pairs = twin
    ? alignSections(primary.page.sections, twin.page.sections)
    : new Map<number, number>();
  const entries: Entry[] = [];
  const used = new Set<string>();
  const keys = new Map<number, string>();
  const keyOf = (side: PageSide, i: number): string => {
    const s = side.page.sections[i];
    const own = s.kind && s.kind !== 'notice' ? s.kind : slug(s.heading ?? '', 8) || 'section';
    return s.parent !== undefined && side === primary
      ? `${keys.get(s.parent) ?? 'section'}.${own}`
      : own;
  };
  primary.page.sections.forEach((s, i) => {
    if (s.kind === 'notice') return; // clinic-wide: kept once for the whole site
    if (!input.procedure && s.kind === 'what' && s.heading === null) return; // a FAQ page's intro
    const key = uniqueKey(keyOf(primary, i), used);
    keys.set(i, key);
    const j = pairs.get(i);
    const sides = [
      render(primary, i, input),
      ...(twin && j !== undefined ? [render(twin, j, input)] : []),
    ];
    entries.push(...sectionEntries(input, `${input.idBase}.${key}`, sides));
  });
  if (twin) {
    const paired = new Set(pairs.values());
    twin.page.sections.forEach((s, j) => {
      if (paired.has(j) || s.kind === 'notice') return;
      const key = uniqueKey(keyOf(twin, j), used);
      entries.push(...sectionEntries(input, `${input.idBase}.${key}`, [render(twin, j, input)]));
    });
  }
  return entries;
}

function sectionEntries(input: PageInput, id: string, sides: SideText[]): Entry[] {
  const base = sides[0];
  const s = base.side.page.sections[base.index];
  const entry: Entry = {
    id,
    source: base.side.file,
    title: {},
    questions: {},
    answer: {},
    sms: {},
    reviewPending: [],
    procedure: input.procedure,
    url: base.side.url,
    provenance: { file: base.side.file, url: base.side.url, section: s.heading ?? undefined },
  };
  for (const side of sides) {
    const section = side.side.page.sections[side.index];
    const lang = side.side.lang;
    entry.title[lang] = titleOf(input, lang, section);
    // A Spanish section that only links the English sheet has no Spanish text of its own.
    const sameDoc =
      side !== base &&
      side.doc &&
      side.doc.file === base.doc?.file &&
      !section.items.slice(1).length;
    if (!sameDoc && side.text.trim()) entry.answer[lang] = side.text;
    entry.questions[lang] = questionsFor(input.templates, lang, {
      kind: section.kind,
      heading: section.heading,
      question: section.question,
      procedure: input.names[lang] ?? input.names.en ?? input.names.es ?? '',
    });
  }
  // Asked in the other language, a section every page has is still found (and answered in
  // the language it has, said to be so).
  for (const lang of LANGS) {
    if (entry.questions[lang]?.length || !s.kind || (s.kind === 'what' && !input.procedure))
      continue;
    const name = input.names[lang] ?? input.names.en ?? input.names.es ?? '';
    entry.questions[lang] = questionsFor(input.templates, lang, { kind: s.kind, procedure: name });
  }
  if (base.doc?.doc)
    entry.provenance!.document = {
      file: base.doc.file,
      url: base.doc.url,
      title: base.doc.doc.title,
    };
  const out = Object.keys(entry.answer).length ? [entry] : [];
  out.push(...itemEntries(input, id, sides));
  out.push(...linkedDocuments(input, id, sides));
  return out;
}

/** A section of several items (types, steps): each item answers on its own too. */
function itemEntries(input: PageInput, id: string, sides: SideText[]): Entry[] {
  const base = sides[0];
  const s = base.side.page.sections[base.index];
  // A download button among the items is the document's, not an answer of its own.
  const items = s.items.filter((i) => !i.onlyLink);
  if (items.length < 2 || base.doc) return [];
  const twin = sides[1] && sides[1].side.page.sections[sides[1].index];
  const twinItems = twin?.items.filter((i) => !i.onlyLink) ?? [];
  const sameCount = twin && twinItems.length === items.length;
  const used = new Set<string>();
  return items.map((item, k): Entry => {
    const key = uniqueKey(item.name ? slug(item.name, 6) : String(k + 1), used);
    const entry: Entry = {
      id: `${id}.${key}`,
      source: base.side.file,
      title: {},
      questions: {},
      answer: {},
      sms: {},
      reviewPending: [],
      procedure: input.procedure,
      url: base.side.url,
      provenance: { file: base.side.file, url: base.side.url, section: s.heading ?? undefined },
    };
    const langs: [PageSide, PageSection, PageSection['items']][] = [[base.side, s, items]];
    if (sameCount) langs.push([sides[1].side, twin, twinItems]);
    for (const [side, section, list] of langs) {
      const it = list[k];
      const name = input.names[side.lang] ?? input.names.en ?? '';
      // Under a heading of the page's own ("Do not", "Risks"), an item keeps it: out of its
      // list, "Take a bath" must still read as something not to do.
      const keep = !section.kind && !section.question && section.heading && !it.name;
      entry.answer[side.lang] = keep ? `${section.heading}: ${it.text}` : it.text;
      entry.title[side.lang] =
        `${name}: ${it.name ?? `${section.heading ?? ''} – ${excerpt(it.text, 6)}`}`;
      entry.questions[side.lang] = it.name
        ? questionsFor(input.templates, side.lang, {
            kind: 'types-item',
            procedure: name,
            item: it.name,
          })
        : [];
    }
    return entry;
  });
}

interface LinkedDoc {
  ref: DocRef;
  label: string;
  key: string;
}

/** The documents a section stands for or links (a button after its text, a link in a sentence). */
function docsOf(input: PageInput, side: SideText): LinkedDoc[] {
  const s = side.side.page.sections[side.index];
  const docs: LinkedDoc[] = side.doc ? [{ ref: side.doc, label: s.heading ?? '', key: '' }] : [];
  for (const item of s.items.slice(side.doc ? 1 : 0)) {
    for (const link of item.links) {
      if (!link.url || !DOCUMENT_LINK.test(link.url)) continue;
      const ref = input.document(link.url, side.side.file);
      const label =
        ref.doc?.title ?? link.text.replace(/\b(download|read|the|\(pdf\))\b/gi, '').trim();
      const name = slug(ref.file.replace(/^.*\//, '').replace(/\.pdf$/i, ''), 8);
      const key = name.startsWith(`${input.idBase}-`) ? name.slice(input.idBase.length + 1) : name;
      docs.push({ ref, label, key: `${input.idBase}.${key}` });
    }
  }
  return docs;
}

/**
 * Entries of the documents a section links; the other-language section's document at the same
 * place, when it is another file (a Spanish sheet), gives their other language.
 */
function linkedDocuments(input: PageInput, id: string, sides: SideText[]): Entry[] {
  const [base, twin] = sides;
  const s = base.side.page.sections[base.index];
  const twinDocs = twin ? docsOf(input, twin) : [];
  return docsOf(input, base).flatMap(({ ref, label, key }, k) => {
    if (!ref.doc) return [];
    const other = twinDocs[k];
    const paired = twin && other?.ref.doc && other.ref.file !== ref.file ? other : undefined;
    return documentEntries({
      base: key || id,
      procedure: input.procedure,
      names: input.names,
      labels: { [base.side.lang]: label, ...(paired ? { [twin.side.lang]: paired.label } : {}) },
      docs: { [base.side.lang]: ref, ...(paired ? { [twin.side.lang]: paired.ref } : {}) },
      provenance: { file: base.side.file, url: base.side.url, section: s.heading ?? undefined },
      templates: input.templates,
    });
  });
}
