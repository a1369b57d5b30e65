import type { PageSection } from '../parsePage';
import { slug } from '../slug';
import { LANGS, type Entry, type Lang } from '../types';
import { alignSections } from './align';
import { DOCUMENT_LINK, documentText, uniqueKey, type DocRef } from './documents';
import { itemEntries } from './itemEntries';
import { linkedDocuments } from './linkedDocuments';
import { emptyEntry, type PageInput, type PageSide, type SideText } from './pageInput';
import { questionsFor } from './questions';

export type { PageInput, PageSide };

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
  const entry = emptyEntry(input, base, id);
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
    // "Duration: 2 to 4 hours" reads as an answer; "2 to 4 hours" alone does not.
    const text = section.inline && section.heading ? `${section.heading}: ${side.text}` : side.text;
    if (!sameDoc && side.text.trim()) entry.answer[lang] = text;
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
