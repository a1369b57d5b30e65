import type { ReadDocument } from '../pdf/layout';
import { excerpt, slug } from '../slug';
import { LANGS, type ByLang, type Entry, type Lang, type Provenance } from '../types';
import { fill, type SectionQuestions } from './questions';

/** A document a page links to, as the build found it. */
export interface DocRef {
  /** Its file, relative to the knowledge folder. */
  file: string;
  url?: string;
  doc?: ReadDocument;
  /** Why it could not be read; absent when it was read or is missing. */
  error?: string;
  missing?: boolean;
}

export const DOCUMENT_LINK = /\.pdf(?:[?#].*)?$/i;

/** A document read into text: its sub-headings and instructions, as the answer of a section. */
export function documentText(doc: ReadDocument): string {
  return doc.groups
    .map((g) =>
      [g.heading, ...g.items.map((i) => (g.heading ? `• ${i}` : i))].filter(Boolean).join('\n\n'),
    )
    .join('\n\n');
}

export interface DocEntryInput {
  base: string;
  procedure?: string;
  names: ByLang<string>;
  /** What the document is, in each language: the section heading or the document's title. */
  labels: ByLang<string>;
  docs: Partial<Record<Lang, DocRef>>;
  provenance: Omit<Provenance, 'document'>;
  templates: SectionQuestions;
}

/**
 * One entry per instruction of a document, titled with its sub-heading ("Cardioversion: Eating
 * and drinking"); a Spanish document of the same shape gives the Spanish text, item by item.
 */
export function documentEntries(o: DocEntryInput): Entry[] {
  const primary = (o.docs.en?.doc ? 'en' : 'es') as Lang;
  const main = o.docs[primary]?.doc;
  if (!main) return [];
  const other: Lang = primary === 'en' ? 'es' : 'en';
  const twin = sameShape(main, o.docs[other]?.doc) ? o.docs[other]?.doc : undefined;
  const ref = o.docs[primary]!;
  const entries: Entry[] = [];
  const used = new Set<string>();
  let loose = 0;
  main.groups.forEach((g, gi) => {
    // Items under no sub-heading are numbered through the document.
    const key = g.heading ? uniqueKey(slug(g.heading, 8) || 'part', used) : '';
    g.items.forEach((_item, ii) => {
      const id = !key
        ? `${o.base}.${++loose}`
        : g.items.length > 1
          ? `${o.base}.${key}.${ii + 1}`
          : `${o.base}.${key}`;
      const parts: ByLang<{ heading: string | null; item: string; several: boolean }> = {};
      for (const [lang, doc] of [
        [primary, main],
        [other, twin],
      ] as const) {
        const group = doc?.groups[gi];
        if (group)
          parts[lang] = {
            heading: group.heading,
            item: group.items[ii],
            several: g.items.length > 1,
          };
      }
      entries.push({
        ...itemTexts(o, parts, primary),
        id,
        source: o.provenance.file,
        sms: {},
        reviewPending: [],
        procedure: o.procedure,
        url: ref.url,
        provenance: {
          ...o.provenance,
          document: { file: ref.file, url: ref.url, title: main.title },
        },
      });
    });
  });
  return entries;
}

/** An instruction's title, questions and answer in each language the document has it in. */
function itemTexts(
  o: DocEntryInput,
  parts: ByLang<{ heading: string | null; item: string; several: boolean }>,
  primary: Lang,
): Pick<Entry, 'title' | 'questions' | 'answer'> {
  const out: Pick<Entry, 'title' | 'questions' | 'answer'> = {
    title: {},
    questions: {},
    answer: {},
  };
  for (const lang of LANGS) {
    const part = parts[lang];
    if (!part) continue;
    const name = o.names[lang] ?? o.names[primary] ?? '';
    const label = part.heading ?? o.labels[lang] ?? o.labels[primary] ?? '';
    const several = part.several || !part.heading;
    out.title[lang] =
      `${name ? `${name}: ` : ''}${label}${several ? ` – ${excerpt(part.item, 6)}` : ''}`;
    out.questions[lang] = fill(o.templates.document?.[lang], {
      heading: (part.heading ?? '').toLowerCase(),
      procedure: name,
      document: (o.labels[lang] ?? '').toLowerCase(),
    });
    // "Do not: Take a bath..." — an instruction never loses the heading that qualifies it.
    out.answer[lang] = withHeading(part.heading, part.item);
  }
  return out;
}

function withHeading(heading: string | null, item: string): string {
  return heading ? `${heading}: ${item}` : item;
}

function sameShape(a: ReadDocument, b: ReadDocument | undefined): boolean {
  return (
    !!b &&
    a.groups.length === b.groups.length &&
    a.groups.every(
      (g, i) =>
        g.items.length === b.groups[i].items.length && !!g.heading === !!b.groups[i].heading,
    )
  );
}

export function uniqueKey(key: string, used: Set<string>): string {
  let k = key;
  for (let n = 2; used.has(k); n++) k = `${key}-${n}`;
  used.add(k);
  return k;
}
