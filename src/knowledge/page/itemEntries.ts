import type { PageSection } from '../parsePage';
import { excerpt, slug } from '../slug';
import type { Entry } from '../types';
import { uniqueKey } from './documents';
import { emptyEntry, type PageInput, type PageSide, type SideText } from './pageInput';
import { questionsFor } from './questions';

export function itemEntries(input: PageInput, id: string, sides: SideText[]): Entry[] {
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
    const entry = emptyEntry(input, base, `${id}.${key}`);
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
