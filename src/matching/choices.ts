import type { Entry } from '../knowledge/types';
import { fold } from '../language/normalize';

/** One "did you mean" choice as the patient reads it. */
export interface Choice {
  entry: Entry;
  title: string;
  /** Where it comes from, when another choice has the same title. */
  from?: string;
}

/** Ways to tell entries with the same title apart, most telling first. */
const QUALIFIERS: ((e: Entry) => string | undefined)[] = [
  (e) => hostOf(e.url),
  (e) => pathWords(e.url),
  (e) => (e.metadata ? Object.values(e.metadata).join(', ') : undefined),
];

/**
 * The choices to offer, no two alike: entries with the same title (two rows of an export
 * asking "What is (are) Noonan syndrome ?" from two sites) are told apart by where each comes
 * from; when nothing tells them apart, they are one choice (the first, the better ranked).
 */
export function distinctChoices(
  entries: readonly Entry[],
  titleOf: (e: Entry) => string,
): Choice[] {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const key = normalise(titleOf(e));
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out: Choice[] = [];
  const done = new Set<string>();
  for (const e of entries) {
    const key = normalise(titleOf(e));
    if (done.has(key)) continue;
    done.add(key);
    const group = groups.get(key)!;
    const qualify =
      group.length > 1
        ? QUALIFIERS.find((q) => new Set(group.map(q).filter(Boolean)).size > 1)
        : undefined;
    const seen = new Set<string>();
    for (const g of group) {
      const from = qualify?.(g);
      if (seen.has(from ?? '')) continue;
      seen.add(from ?? '');
      out.push({ entry: g, title: titleOf(g), from });
    }
  }
  return out;
}

/** Titles a patient would read as the same ("What is it ?", "what is it?"). */
function normalise(title: string): string {
  return fold(title);
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname.replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
}

/** "https://clinic.example/procedures/tavr/" → "tavr". */
function pathWords(url: string | undefined): string | undefined {
  try {
    const parts = url ? new URL(url).pathname.split('/').filter(Boolean) : [];
    const last = parts[parts.length - 1]?.replace(/\.(html?|aspx?|php)$/i, '');
    return last ? decodeURIComponent(last).replace(/[-_]+/g, ' ') : undefined;
  } catch {
    return undefined;
  }
}
