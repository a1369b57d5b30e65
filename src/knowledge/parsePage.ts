import { readHtml } from './html/readHtml';
import type { PageBlocks, PageLink, PageMeta } from './page/blocks';
import type { SectionKind } from './page/kinds';
import {
  hasChild,
  reindexParents,
  SectionBuilder,
  type PageItem,
  type PageSection,
} from './page/sections';
import { readMarkdown, readText } from './page/textBlocks';

export type { PageItem, PageLink, PageSection, SectionKind };

export interface ParsedPage {
  procedure: string;
  sections: PageSection[];
  references: string[];
  links: PageLink[];
  meta: PageMeta;
  /** Short notices outside the main content (a banner): clinic-wide. */
  notices: string[];
}

export type PageFormat = 'text' | 'markdown' | 'html';

export function formatOf(fileName: string, content: string): PageFormat {
  if (/\.html?$/i.test(fileName) || /^\s*<(!doctype|html|body|div|h1|p)\b/i.test(content))
    return 'html';
  if (/\.(md|markdown)$/i.test(fileName)) return 'markdown';
  return 'text';
}

export function readBlocks(fileName: string, content: string): PageBlocks {
  const format = formatOf(fileName, content);
  return format === 'html'
    ? readHtml(content)
    : format === 'markdown'
      ? readMarkdown(content)
      : readText(content);
}

/** Splits a page, as the clinic publishes it, into sections by its own headings. */
export function parsePage(fileName: string, content: string, procedure?: string): ParsedPage {
  const read = readBlocks(fileName, content);
  return sectionsOf(fileName, read, procedure);
}

export function sectionsOf(fileName: string, read: PageBlocks, procedure?: string): ParsedPage {
  const builder = new SectionBuilder();
  const blocks = read.blocks;
  blocks.forEach((b, i) => builder.add(b, blocks[i + 1]));
  const sections = builder.sections.filter(
    (s) => s.items.length || s.text || hasChild(builder.sections, s),
  );
  reindexParents(builder.sections, sections);
  return {
    procedure: procedure ?? procedureName(fileName, read.meta, sections),
    sections,
    references: builder.references,
    links: blocks.flatMap((b) => b.links),
    meta: read.meta,
    notices: read.notices,
  };
}

function procedureName(fileName: string, meta: PageMeta, sections: PageSection[]): string {
  if (meta.h1) return meta.h1;
  const types = sections.find((s) => s.kind === 'types')?.heading?.match(/of\s+(.+)$/i);
  if (types) return types[1].trim();
  const title = meta.title?.split(/\s+[–—|-]\s+/)[0]?.trim();
  if (title) return title;
  const base = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]+$/, '')
    .replace(/[-_]+/g, ' ');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/** Looks up a section or item by reference: "what", "types/Impella RP", "how/1". */
export function findSection(page: ParsedPage, ref: string): string | undefined {
  const [kind, item] = ref.split('/');
  const section = page.sections.find((s) => s.kind === kind);
  if (!section) return undefined;
  if (item === undefined) {
    return section.heading && section.kind !== 'aka' && section.kind !== 'duration'
      ? `${section.heading}\n\n${section.text}`
      : section.text;
  }
  const n = Number(item);
  const found = Number.isInteger(n)
    ? section.items[n - 1]
    : section.items.find((i) => i.name === item);
  return found?.text;
}
