import { answerText, titleOf, type SourceLink } from '../bot/replies';
import { CHANNELS } from '../bot/channels';
import { fitSms } from '../channels/sms/fit';
import type { Translate } from '../i18n';
import type { Entry, Lang, Procedure } from '../knowledge/types';
import { LANGS } from '../language/langs';
import type { Curation } from '../storage/types';
import { textHash } from '../knowledge/curated';

/** Where an entry's Spanish stands, as the Knowledge page shows it. */
export type KnowledgeStatus = 'translated' | 'untranslated' | 'awaiting review' | 'source changed';
export const STATUSES: KnowledgeStatus[] = [
  'translated',
  'untranslated',
  'awaiting review',
  'source changed',
];

export interface EntryView {
  id: string;
  title: string;
  section: string | null;
  url: string | null;
  questions: Record<Lang, string[]>;
  /** The reply each channel would give, in each language, from the knowledge serving now. */
  answers: Record<Lang, { web: string; sms: string }>;
  spanish: {
    /** The Spanish patients are given now (null: they get the English, said to be so). */
    served: string | null;
    /** Staff-written Spanish not published yet, and whether an admin approved it. */
    draft: { id: number; text: string; sms: string | null; approved: boolean } | null;
    /** The clinic's Spanish is a translation marked for its review. */
    reviewPending: boolean;
    /** The Spanish staff wrote, published, translates English the page no longer has. */
    outdated: boolean;
  };
  sourceChanged: boolean;
  status: KnowledgeStatus;
  /** Curation waiting for Publish (wordings, approved Spanish, review marks). */
  unpublished: { id: number; kind: Curation['kind']; text: string | null }[];
}

export interface SourceGroup {
  source: string;
  url: string | null;
  entries: EntryView[];
}

export interface ProcedureGroup {
  /** Null: the clinic's own entries (FAQ, notices), about no one procedure. */
  procedure: { id: string; name: string } | null;
  sources: SourceGroup[];
}

export interface ViewOptions {
  t: Translate;
  smsSegments: number;
  links?: {
    answer(entry: Entry, lang: Lang): string | undefined;
    source(entry: Entry, lang: Lang): SourceLink | undefined;
  };
}

/** The replies web chat and SMS would send, through the bot's own answer and SMS formatters. */
function answersOf(e: Entry, o: ViewOptions): EntryView['answers'] {
  const one = (lang: Lang) => ({
    web: answerText(e, lang, CHANNELS.web, o.t, o.links?.source(e, lang)),
    sms: fitSms(answerText(e, lang, CHANNELS.sms, o.t), o.smsSegments, o.links?.answer(e, lang)),
  });
  return Object.fromEntries(LANGS.map((l) => [l, one(l)])) as EntryView['answers'];
}

function statusOf(v: Omit<EntryView, 'status'>): KnowledgeStatus {
  if (v.sourceChanged || v.spanish.outdated) return 'source changed';
  if ((v.spanish.draft && !v.spanish.draft.approved) || v.spanish.reviewPending)
    return 'awaiting review';
  return v.spanish.served === null ? 'untranslated' : 'translated';
}

const textOf = (c: Curation): string | null =>
  'question' in c.payload ? c.payload.question : 'answer' in c.payload ? c.payload.answer : null;

export function entryView(e: Entry, curation: readonly Curation[], o: ViewOptions): EntryView {
  const mine = curation.filter((c) => c.entryId === e.id && c.status !== 'published');
  const draft = mine.filter((c) => c.kind === 'spanish').pop();
  const served = curation
    .filter((c) => c.entryId === e.id && c.kind === 'spanish' && c.status === 'published')
    .pop();
  const p = e.provenance;
  const v = {
    id: e.id,
    title: titleOf(e, 'en'),
    section: p?.section ?? null,
    url: p?.document?.url ?? p?.url ?? e.url ?? null,
    questions: Object.fromEntries(
      LANGS.map((l) => [l, e.questions[l] ?? []]),
    ) as EntryView['questions'],
    answers: answersOf(e, o),
    spanish: {
      served: e.answer.es ?? null,
      draft:
        draft && 'answer' in draft.payload
          ? {
              id: draft.id,
              text: draft.payload.answer,
              sms: draft.payload.sms ?? null,
              approved: draft.status === 'approved',
            }
          : null,
      reviewPending: e.answer.es !== undefined && e.reviewPending.includes('es'),
      outdated:
        served !== undefined &&
        'english' in served.payload &&
        served.payload.english !== textHash(e.answer.en),
    },
    sourceChanged: e.sourceChanged === true,
    unpublished: mine
      .filter((c) => c.status === 'approved')
      .map((c) => ({ id: c.id, kind: c.kind, text: textOf(c) })),
  };
  return { ...v, status: statusOf(v) };
}

/** The page or document an entry's words come from. */
const sourceOf = (e: Entry) => ({
  source:
    e.provenance?.document?.title ?? e.provenance?.document?.file ?? e.provenance?.file ?? e.source,
  url: e.provenance?.document?.url ?? e.provenance?.url ?? null,
});

/** Entries by procedure (the clinic's own last), then by the page or document they come from. */
export function groupEntries(
  entries: readonly Entry[],
  views: ReadonlyMap<string, EntryView>,
  procedures: readonly Procedure[],
): ProcedureGroup[] {
  const groups: ProcedureGroup[] = [];
  // A procedure no page names any more (an entry from an old build) still gets its group.
  const named = entries.map((e) => e.procedure).filter((p): p is string => !!p);
  const keys = [...new Set([...procedures.map((p) => p.id), ...named]), null];
  for (const key of keys) {
    const mine = entries.filter((e) => (e.procedure ?? null) === key && views.has(e.id));
    if (!mine.length) continue;
    const proc = procedures.find((p) => p.id === key);
    const sources: SourceGroup[] = [];
    for (const e of mine) {
      const s = sourceOf(e);
      let group = sources.find((g) => g.source === s.source);
      if (!group) sources.push((group = { ...s, entries: [] }));
      group.entries.push(views.get(e.id)!);
    }
    groups.push({
      procedure: key === null ? null : { id: key, name: proc?.name.en ?? proc?.name.es ?? key },
      sources,
    });
  }
  return groups;
}
