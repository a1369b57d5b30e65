import { pageParagraphs, type PageLink } from './pageText';

export type SectionKind =
  'notice' | 'what' | 'aka' | 'duration' | 'types' | 'preparing' | 'how' | 'after';

export interface PageItem {
  /** "Impella RP" for a named item ("Impella RP – placed in ..."), else its position. */
  name: string | null;
  text: string;
  /** Published as a bullet point; kept so the answer reads as the page does. */
  bullet: boolean;
}

export interface PageSection {
  kind: SectionKind;
  heading: string | null;
  text: string;
  items: PageItem[];
}

export interface ParsedPage {
  procedure: string;
  sections: PageSection[];
  references: string[];
  links: PageLink[];
}

/** Headings with their own block of text below them. */
const BLOCK_HEADINGS: [SectionKind, RegExp][] = [
  ['types', /^(types|kinds) of\b.*$/i],
  ['preparing', /^(preparing for|how to prepare|preparation)\b[^.]*:?$/i],
  [
    'how',
    /^(how (it|this) is (performed|done)|how is it (performed|done)|the procedure|during the procedure)\b[^.]*:?$/i,
  ],
  ['after', /^(after the procedure|after your procedure|recovery|aftercare)\b[^.]*:?$/i],
];

/** Headings whose value is on the same line. */
const INLINE: [SectionKind, RegExp][] = [
  ['aka', /^also known as\s*:\s*(.+)$/i],
  ['duration', /^duration\s*:\s*(.+)$/i],
];

const LANGUAGE_TOGGLE = /^(english|espa[nñ]ol|spanish)(\s*[|/]?\s*(english|espa[nñ]ol|spanish))*$/i;
const CITATION = /\bdoi:|\bet al\.|\b(19|20)\d\d;\s*\d+/i;
const NAMED_ITEM = /^([^–—:-]{2,40}?)\s*[–—:-]\s+(.+)$/;

/** Splits a procedure page, as the clinic publishes it, into its sections. */
export function parsePage(fileName: string, content: string, procedure?: string): ParsedPage {
  const links: PageLink[] = [];
  const paragraphs = pageParagraphs(fileName, content, links);
  const sections: PageSection[] = [];
  const references: string[] = [];
  let current: PageSection | null = null;

  for (const p of paragraphs) {
    if (LANGUAGE_TOGGLE.test(p)) continue;
    if (CITATION.test(p)) {
      references.push(...p.split(/(?<=doi:\S+)\s+(?=\S)/));
      continue;
    }
    const inline = INLINE.find(([, re]) => re.test(p));
    if (inline) {
      const value = p.match(inline[1])![1].trim();
      sections.push({
        kind: inline[0],
        heading: p.slice(0, p.indexOf(':')),
        text: value,
        items: [],
      });
      current = null;
      continue;
    }
    const block = BLOCK_HEADINGS.find(([, re]) => re.test(p));
    if (block) {
      current = { kind: block[0], heading: p.replace(/:\s*$/, ''), text: '', items: [] };
      sections.push(current);
      continue;
    }
    if (current) {
      addToSection(current, p);
      continue;
    }
    // Before any heading: a sentence-long lead is what the procedure is; a short line is a notice.
    const kind: SectionKind = /[.!?]$/.test(p) && p.length > 60 ? 'what' : 'notice';
    sections.push({ kind, heading: null, text: p, items: [] });
  }
  return { procedure: procedure ?? procedureName(fileName, sections), sections, references, links };
}

function addToSection(section: PageSection, paragraph: string): void {
  const isBullet = /^[•·]/.test(paragraph);
  const text = paragraph.replace(/^[•·]\s*/, '');
  const named = section.kind === 'types' ? text.match(NAMED_ITEM) : null;
  section.items.push({ name: named ? named[1].trim() : null, text, bullet: isBullet });
  section.text = section.items.map((i) => (i.bullet ? `• ${i.text}` : i.text)).join('\n\n');
}

function procedureName(fileName: string, sections: PageSection[]): string {
  const types = sections.find((s) => s.kind === 'types')?.heading?.match(/of\s+(.+)$/i);
  if (types) return types[1].trim();
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/** Looks up a section or item by reference: "what", "types/Impella RP", "how/1". */
export function findSection(page: ParsedPage, ref: string): string | undefined {
  const [kind, item] = ref.split('/');
  const section = page.sections.find((s) => s.kind === kind);
  if (!section) return undefined;
  if (item === undefined)
    return section.heading && section.kind !== 'aka' && section.kind !== 'duration'
      ? `${section.heading}\n\n${section.text}`
      : section.text;
  const n = Number(item);
  const found = Number.isInteger(n)
    ? section.items[n - 1]
    : section.items.find((i) => i.name === item);
  return found?.text;
}
