import type { BotServices } from '../bot/services';
import type { LiveKnowledge } from '../core/liveKnowledge';
import { taughtEntries } from '../knowledge/taught';
import { validateEntries } from '../knowledge/validate';
import { buildMatcher, type Matcher } from '../matching/matcher';
import type { KnowledgeChange, Store } from '../storage/types';
import { badRequest } from '../http/errors';
import { DEFAULT_LANG, LANGS, langOf, type Lang } from '../language/langs';
import { routeMessage, type Route } from '../conversation/route';
import { checkSafety } from '../safety/check';

export interface ImpactRow {
  message: string;
  before: { outcome: string; entryId: string | null; topic?: string };
  after: { outcome: string; entryId: string | null; topic?: string };
}

/**
 * Staff teach the bot; an admin approves; the live knowledge is rebuilt in place, so the bot
 * answers the new wording at once, without a restart.
 */
export class Teacher {
  constructor(
    private readonly o: {
      knowledge: LiveKnowledge;
      store: Store;
      services: BotServices;
      smsSegments: number;
    },
  ) {}

  private approved(): Promise<KnowledgeChange[]> {
    return this.o.store.teaching.list('approved');
  }

  /** After an approval: this instance's matcher now, every other instance's over the bus. */
  publishApproved(): Promise<void> {
    return this.o.knowledge.publish();
  }

  /** Refuses a draft that would not pass the knowledge build. */
  check(change: Pick<KnowledgeChange, 'kind' | 'entryId' | 'payload'>): void {
    const current = this.o.services.matcher.entries;
    if (change.kind === 'question') {
      const p = change.payload as { lang?: unknown; question?: unknown };
      if (!current.some((e) => e.id === change.entryId))
        throw badRequest(`no entry ${change.entryId}`);
      if (typeof p.lang !== 'string' || langOf(p.lang) !== p.lang)
        throw badRequest(`lang is one of ${LANGS.join(', ')}`);
      if (typeof p.question !== 'string' || !p.question.trim() || p.question.length > 300) {
        throw badRequest('the question is 1 to 300 characters');
      }
      return;
    }
    if (current.some((e) => e.id === change.entryId))
      throw badRequest(`an entry ${change.entryId} already exists`);
    const [entry] = taughtEntries(
      [],
      [
        {
          ...change,
          id: 0,
          status: 'approved',
          proposedBy: '',
          decidedBy: null,
          createdAt: '',
          decidedAt: null,
        },
      ],
    );
    const problems = entry
      ? validateEntries([entry], {
          requireLanguages: LANGS,
          smsSegments: this.o.smsSegments,
        })
      : [{ message: 'a new entry needs title, questions and answer in English and Spanish' }];
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '));
  }

  /**
   * What approving the change would do, through the whole turn (safety, hand-off rules, small
   * talk, then the matcher): how the taught wording itself would be answered, and which rule
   * would still override it; and the past patient messages that would get a different answer.
   */
  async impact(change: KnowledgeChange): Promise<Impact> {
    const candidate: Matcher = buildMatcher(
      taughtEntries(this.o.knowledge.current.entries, [...(await this.approved()), change]),
      this.o.knowledge.resources,
    );
    const s = this.o.services;
    const turn = (text: string, matcher: Matcher, lang: Lang = DEFAULT_LANG) =>
      outcomeOf(
        routeMessage(text, { matcher, lang, isWord: s.isWord, wordLang: s.wordLang }).route,
      );
    const taught = wordingsOf(change).map(({ text, lang }) => {
      const after = turn(text, candidate, lang);
      return {
        text,
        ...after,
        overriddenBy: after.entryId === change.entryId ? null : overridingRule(text, after),
      };
    });
    const rows: ImpactRow[] = [];
    for (const message of await this.o.store.teaching.patientMessages(500)) {
      const before = turn(message, s.matcher);
      const after = turn(message, candidate);
      if (before.outcome !== after.outcome || before.entryId !== after.entryId)
        rows.push({ message, before, after });
    }
    return { taught, changes: rows };
  }
}

export interface Impact {
  /** The taught wording(s) as the bot would answer them once approved. */
  taught: (Outcome & { text: string; overriddenBy: OverridingRule | null })[];
  changes: ImpactRow[];
}

type Outcome = ImpactRow['after'];

/** Why a wording would not get the taught answer: the rule (and the words that set it off). */
export interface OverridingRule {
  rule:
    | 'emergency'
    | 'crisis'
    | 'personal'
    | 'human'
    | 'topic'
    | 'smalltalk'
    | 'language'
    | 'clarify'
    | 'other-entry'
    | 'not-understood';
  /** The words the safety check matched, or the hand-off topic, or the entry answered instead. */
  detail: string | null;
}

function outcomeOf(r: Route): Outcome {
  if (r.kind === 'answer') return { outcome: 'answer', entryId: r.entry.id };
  if (r.kind === 'escalate') return { outcome: 'escalate', entryId: null, topic: r.topic };
  if (r.kind === 'emergency') return { outcome: r.crisis ? 'crisis' : 'emergency', entryId: null };
  return { outcome: r.kind, entryId: null };
}

function overridingRule(text: string, o: Outcome): OverridingRule {
  const flag = checkSafety(text);
  switch (o.outcome) {
    case 'emergency':
    case 'crisis':
    case 'personal':
    case 'human':
      return { rule: o.outcome, detail: flag?.matched ?? null };
    case 'escalate':
      return { rule: 'topic', detail: o.topic ?? null };
    case 'smalltalk':
    case 'language':
    case 'clarify':
    case 'not-understood':
      return { rule: o.outcome, detail: null };
    default:
      return { rule: 'other-entry', detail: o.entryId };
  }
}

/** The patient wordings a change teaches. */
function wordingsOf(change: KnowledgeChange): { text: string; lang: Lang }[] {
  const p = change.payload;
  if ('question' in p) return [{ text: p.question, lang: p.lang }];
  return LANGS.flatMap((lang) => (p.questions[lang] ?? []).map((text) => ({ text, lang })));
}
