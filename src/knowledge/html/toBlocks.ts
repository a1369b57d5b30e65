import type { Document } from 'domhandler';
import { clean, LANGUAGE_TOGGLE, type Block, type PageLink } from '../page/blocks';
import { attr, findFirst, isElement, textOf, type AnyNode, type Element } from './dom';

const BLOCK = new Set(
  'p div section article main header li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table thead tbody tr td th blockquote figure figcaption details summary pre hr address center'.split(
    ' ',
  ),
);
const BOLD = new Set(['strong', 'b']);
/** Class words of the header button of an accordion, toggle or collapsible panel. */
const DISCLOSURE = /accordion|toggle|collaps|expand/i;

interface Run {
  text: string;
  bold: boolean;
}

/** "<b>Duration:</b> 1 hour" or "<b>Duration</b>: 1 hour": a label with its value after it. */
function boldLabel(visible: Run[], text: string): string | undefined {
  if (!visible[0]?.bold) return undefined;
  let lead = '';
  for (const r of visible) {
    if (!r.bold) break;
    lead += r.text;
  }
  const label = clean(lead).replace(/\s*:$/, '');
  if (label.length < 2 || label.length > 60 || !/\p{L}/u.test(label)) return undefined;
  const rest = text.slice(label.length);
  return /^\s*:\s*\S/.test(rest) ? label : undefined;
}

/** Walks the main content once, turning it into headings, paragraphs and list items. */
class BlockWriter {
  readonly blocks: Block[] = [];
  private runs: Run[] = [];
  private links: PageLink[] = [];
  private lastLevel = 1;

  constructor(private readonly doc: Document) {}

  flush(kind: 'para' | 'bullet' = 'para', depth = 0): void {
    const text = clean(this.runs.map((r) => r.text).join(''));
    if (text && !LANGUAGE_TOGGLE.test(text)) {
      const block: Block = { kind, text, links: this.links };
      if (kind === 'bullet') block.depth = depth;
      const visible = this.runs.filter((r) => r.text.trim());
      if (visible.length && visible.every((r) => r.bold)) block.bold = true;
      const label = boldLabel(visible, text);
      if (label) block.label = label;
      if (this.links.length === 1 && clean(this.links[0].text) === text) block.onlyLink = true;
      this.blocks.push(block);
    }
    this.runs = [];
    this.links = [];
  }

  heading(text: string, level?: number): void {
    this.flush();
    const t = clean(text).replace(/\s*:$/, '');
    if (!t || LANGUAGE_TOGGLE.test(t)) return;
    if (level !== undefined) this.lastLevel = level;
    this.blocks.push({
      kind: 'heading',
      level: level ?? Math.min(6, this.lastLevel + 1),
      text: t,
      links: [],
      ...(level === undefined ? { synthetic: true } : {}),
    });
  }

  walk(node: AnyNode, bold = false, listDepth = -1): void {
    if (node.type === 'root') {
      for (const child of (node as Document).children) this.walk(child, bold, listDepth);
      return;
    }
    if (!isElement(node)) {
      if (node.type === 'text') this.runs.push({ text: (node as { data: string }).data, bold });
      return;
    }
    const el = node;
    const role = attr(el, 'role');
    if (role === 'tab') return; // its label is written where its panel starts
    if (/^h[1-6]$/.test(el.name)) return this.heading(textOf(el), Number(el.name[1]));
    if (el.name === 'summary' || el.name === 'dt' || this.isToggle(el)) {
      return this.heading(textOf(el));
    }
    if (role === 'tabpanel') this.heading(this.panelLabel(el));
    if (el.name === 'br') return this.flush();
    if (el.name === 'a') return this.link(el, bold);
    if (el.name === 'li') return this.item(el, bold, listDepth);
    if (el.name === 'tr') return this.row(el);
    const block = BLOCK.has(el.name);
    if (block) this.flush();
    const depth = el.name === 'ul' || el.name === 'ol' ? listDepth + 1 : listDepth;
    for (const child of el.children) this.walk(child, bold || BOLD.has(el.name), depth);
    if (block) this.flush();
  }

  private link(el: Element, bold: boolean): void {
    const text = clean(textOf(el));
    const href = attr(el, 'href');
    if (text) this.links.push({ text, url: href ? href : null });
    this.runs.push({ text: textOf(el), bold });
  }

  private item(el: Element, bold: boolean, listDepth: number): void {
    this.flush();
    for (const child of el.children) {
      if (isElement(child) && (child.name === 'ul' || child.name === 'ol')) {
        this.flush('bullet', Math.max(0, listDepth));
      }
      this.walk(child, bold, listDepth);
    }
    this.flush('bullet', Math.max(0, listDepth));
  }

  private row(el: Element): void {
    this.flush();
    const cells = el.children.filter(isElement).map((c) => clean(textOf(c)));
    const text = cells.filter(Boolean).join(' – ');
    if (text) this.blocks.push({ kind: 'para', text, links: [] });
  }

  /**
   * An accordion title: a button (or div) that opens a panel elsewhere on the page, or a button
   * a page builder's script opens its panel with (its class says it is an accordion's or a
   * toggle's header, or it says whether it is expanded), such as a FAQ's question.
   */
  private isToggle(el: Element): boolean {
    const target =
      attr(el, 'aria-controls') ?? attr(el, 'data-bs-target') ?? attr(el, 'data-target');
    if (!target) return this.isDisclosureButton(el);
    const id = target.replace(/^#/, '');
    const text = clean(textOf(el));
    return (
      text.length > 0 && text.length < 200 && !!findFirst(this.doc, (e) => e.attribs.id === id)
    );
  }

  private isDisclosureButton(el: Element): boolean {
    if (el.name !== 'button' && attr(el, 'role') !== 'button') return false;
    const text = clean(textOf(el));
    return (
      text.length > 0 &&
      text.length < 200 &&
      (attr(el, 'aria-expanded') !== undefined || DISCLOSURE.test(attr(el, 'class') ?? ''))
    );
  }

  private panelLabel(el: Element): string {
    const by = attr(el, 'aria-labelledby');
    const id = attr(el, 'id');
    const label =
      (by && findFirst(this.doc, (e) => e.attribs.id === by)) ||
      (id && findFirst(this.doc, (e) => attr(e, 'aria-controls') === id));
    return label ? textOf(label) : '';
  }
}

export function htmlBlocks(doc: Document, root: AnyNode): Block[] {
  const writer = new BlockWriter(doc);
  writer.walk(root);
  writer.flush();
  return writer.blocks;
}
