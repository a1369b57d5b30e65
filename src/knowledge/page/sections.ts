import { clean, type Block, type PageLink } from './blocks';
import { isQuestion, kindOf, type SectionKind } from './kinds';
import { actsAsHeading } from './textBlocks';

export interface PageItem {
  /** "Impella RP" for a named item ("Impella RP – placed in ..."), else null. */
  name: string | null;
  text: string;
  /** Published as a bullet point; kept so the answer reads as the page does. */
  bullet: boolean;
  links: PageLink[];
  /** The item is a download link and nothing else. */
  onlyLink?: boolean;
}

export interface PageSection {
  /** A section every procedure page has (duration, preparing...); absent for the page's own. */
  kind?: SectionKind;
  heading: string | null;
  /** 2 for a top-level section; deeper for sub-headings, accordion titles, labels inside one. */
  level: number;
  /** Index of the enclosing section in `sections`. */
  parent?: number;
  text: string;
  items: PageItem[];
  /** The heading is a question patients ask ("Can I shower with it?"). */
  question: boolean;
  /** A "Label: value" line, not a heading with a block under it. */
  inline?: boolean;
}

export const CITATION = /\bdoi:|\bet al\.|\b(19|20)\d\d;\s*\d+/i;
const NAMED_ITEM = /^([^–—:-]{2,40}?)\s*[–—:-]\s+(.+)$/;
export function hasChild(all: PageSection[], s: PageSection): boolean {
  const i = all.indexOf(s);
  return all.some((c) => c.parent === i && (c.items.length > 0 || c.text));
}

export function reindexParents(all: PageSection[], kept: PageSection[]): void {
  for (const s of kept) {
    let p = s.parent === undefined ? undefined : all[s.parent];
    while (p && !kept.includes(p)) p = p.parent === undefined ? undefined : all[p.parent];
    s.parent = p ? kept.indexOf(p) : undefined;
  }
}

/** Builds a page's sections from its blocks, one block at a time. */
export class SectionBuilder {
  readonly sections: PageSection[] = [];
  readonly references: string[] = [];
  private current: PageSection | null = null;
  /** The last heading the page marked up as one. */
  private lastReal: PageSection | null = null;
  private readonly usedKinds = new Set<SectionKind>();

  add(b: Block, next: Block | undefined): void {
    if (b.kind === 'heading') return this.heading(b.text, b.level ?? 2, !b.synthetic);
    if (CITATION.test(b.text)) {
      this.references.push(...b.text.split(/(?<=doi:\S+)\s+(?=\S)/));
      return;
    }
    if (b.label) return this.label(b);
    if (actsAsHeading(b, next)) {
      return this.heading(b.text.replace(/:$/, ''), this.boldLevel(), false);
    }
    if (this.current) return this.addTo(this.current, b);
    this.lead(b);
  }

  /**
   * A bold line right under a heading is a sub-heading of it ("Types" → "Treadmill test"); after
   * the heading's own text, it stands beside it ("After the procedure" ... "Risks").
   */
  private boldLevel(): number {
    const last = this.lastReal;
    if (!last) return 2;
    const hasSubsections = this.sections[this.sections.length - 1] !== last;
    return last.items.length || hasSubsections ? last.level : Math.min(7, last.level + 1);
  }

  private kindFor(heading: string): SectionKind | undefined {
    const kind = kindOf(heading);
    if (!kind || this.usedKinds.has(kind)) return undefined;
    this.usedKinds.add(kind);
    return kind;
  }

  private heading(text: string, level: number, real = true): void {
    if (level <= 1) {
      this.current = null; // the page's title: the procedure's name, not a section
      this.lastReal = null;
      return;
    }
    const heading = clean(text).replace(/\s*:$/, '');
    const kind = this.kindFor(heading);
    let parent: number | undefined;
    // A section every page has (preparing, after...) is the page's own, whatever its level.
    for (let i = this.sections.length - 1; i >= 0 && parent === undefined && !kind; i--) {
      const s = this.sections[i];
      // A question is answered by its own text: what follows it is not part of its answer.
      if (s.heading !== null && !s.inline && !s.question && s.level < level) parent = i;
    }
    this.current = this.push({
      kind,
      heading,
      level,
      parent,
      text: '',
      items: [],
      question: isQuestion(heading),
    });
    if (real) this.lastReal = this.current;
  }

  /** "Duration: 1 hour": a section of its own; inside a section, a sub-section of it. */
  private label(b: Block): void {
    const label = b.label!;
    const value = clean(b.text.slice(b.text.indexOf(label) + label.length).replace(/^\s*:/, ''));
    const inside = this.current;
    const section = this.push({
      kind: inside ? undefined : this.kindFor(label),
      heading: label,
      level: inside ? inside.level + 1 : 2,
      parent: inside ? this.sections.indexOf(inside) : undefined,
      text: '',
      items: [],
      question: isQuestion(label),
      inline: true,
    });
    this.addTo(section, { ...b, text: value, label: undefined, links: b.links });
    if (!inside) this.current = null;
  }

  /** Before any heading: a sentence-long lead is what the procedure is; a short line is a notice. */
  private lead(b: Block): void {
    const last = this.sections[this.sections.length - 1];
    const sentence = /[.!?]$/.test(b.text);
    if (sentence && last?.kind === 'what' && last.heading === null) return this.addTo(last, b);
    const kind: SectionKind = sentence && !this.usedKinds.has('what') ? 'what' : 'notice';
    if (kind === 'what') this.usedKinds.add('what');
    const section = this.push({
      kind,
      heading: null,
      level: 2,
      text: '',
      items: [],
      question: false,
    });
    this.addTo(section, b);
  }

  private push(s: PageSection): PageSection {
    this.sections.push(s);
    return s;
  }

  private addTo(section: PageSection, b: Block): void {
    const bullet = b.kind === 'bullet';
    const named = section.kind === 'types' ? NAMED_ITEM.exec(b.text) : null;
    section.items.push({
      name: named ? named[1].trim() : null,
      text: b.text,
      bullet,
      links: b.links,
      onlyLink: b.onlyLink,
    });
    section.text = section.items.map((i) => (i.bullet ? `• ${i.text}` : i.text)).join('\n\n');
  }
}
