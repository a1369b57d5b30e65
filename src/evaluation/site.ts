import { readFileSync } from 'node:fs';
import type { Entry, Lang } from '../knowledge/types';
import type { Action } from '../storage/types';
import type { Labelled, Predicted } from './labelled';

/**
 * A patient message about a clinic's site, labelled by what a correct reply contains (the
 * clinic's own words), not by entry ids: the same check works whatever the build calls its
 * entries. Lines with the same `conversation` are consecutive turns of one conversation.
 */
export interface SiteLabelled {
  id: string;
  category: string;
  channel: 'sms' | 'web';
  text: string;
  page?: string;
  conversation?: string;
  expected: {
    action: Action;
    lang: Lang;
    procedure: string | null;
    answerIncludes: string | null;
  };
}

export interface SitePredicted extends Predicted {
  /** Everything the bot said in the turn. */
  text: string;
}

export function readSiteLabelled(file: string): SiteLabelled[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SiteLabelled);
}

/** As the labelled-set scorer reads it: an expected phrase stands for the expected entry. */
export function asLabelled(item: SiteLabelled): Labelled {
  return {
    id: item.id,
    category: item.category,
    channel: item.channel,
    text: item.text,
    expected: {
      action: item.expected.action,
      lang: item.expected.lang,
      entryId: item.expected.answerIncludes,
    },
  };
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The answer is right when the clinic's words the label quotes are in what the patient was told,
 * or in the answered entry's text (an SMS may cut the answer and link the rest).
 */
export function containsExpected(
  item: SiteLabelled,
  p: { text: string; entryId: string | null },
  byId: (id: string) => Entry | undefined,
): boolean {
  const want = item.expected.answerIncludes;
  if (!want) return false;
  const phrase = collapse(want);
  if (collapse(p.text).includes(phrase)) return true;
  const entry = p.entryId ? byId(p.entryId) : undefined;
  return Object.values(entry?.answer ?? {}).some((a) => a && collapse(a).includes(phrase));
}
