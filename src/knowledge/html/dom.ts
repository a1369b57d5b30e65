import type { AnyNode, Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';

export type { AnyNode, Element };

export function parseHtml(html: string): ReturnType<typeof parseDocument> {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
}

export const isElement = (n: AnyNode): n is Element => DomUtils.isTag(n);

export function attr(el: Element, name: string): string | undefined {
  const v = el.attribs[name];
  return v === undefined ? undefined : v.trim();
}

/** Every element under `root` (document order) that passes `test`. */
export function findAll(root: AnyNode | AnyNode[], test: (el: Element) => boolean): Element[] {
  return DomUtils.findAll(test, Array.isArray(root) ? root : [root]);
}

export function findFirst(
  root: AnyNode | AnyNode[],
  test: (el: Element) => boolean,
): Element | null {
  return DomUtils.findOne(test, Array.isArray(root) ? root : [root]);
}

export function textOf(n: AnyNode | AnyNode[]): string {
  return DomUtils.textContent(n);
}

export function remove(el: Element): void {
  DomUtils.removeElement(el);
}

export function ancestors(el: Element): Element[] {
  const out: Element[] = [];
  for (let p = el.parent; p && isElement(p); p = p.parent) out.push(p);
  return out;
}

/**
 * Words of an element's class and id ("wpml-ls-item" → wpml, ls, item, wpml-ls-item), for
 * recognising what a block is for whatever the theme calls it.
 */
export function nameWords(el: Element): Set<string> {
  const words = new Set<string>();
  const names = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`.toLowerCase().split(/\s+/);
  for (const name of names.filter(Boolean)) {
    words.add(name);
    for (const part of name.split(/[-_]+/)) if (part) words.add(part);
  }
  return words;
}
