import type { BotServices } from '../bot/services';
import { validateEntries } from '../knowledge/validate';
import type { Entry, KnowledgeBase } from '../knowledge/types';
import { buildMatcher, type Matcher, type MatcherResources } from '../matching/matcher';
import type { KnowledgeChange, Store } from '../storage/types';
import { badRequest } from '../http/errors';
import type { Bus } from '../storage/bus';

const SOURCE = 'taught by staff';

/** The knowledge with approved changes applied: a wording added to an entry, or a new entry. Pure. */
export function applyChanges(base: readonly Entry[], changes: readonly KnowledgeChange[]): Entry[] {
  const entries = base.map((e) => ({ ...e, questions: { ...e.questions } }));
  for (const c of changes) {
    if (c.kind === 'question' && 'question' in c.payload) {
      const target = entries.find((e) => e.id === c.entryId);
      const { lang, question } = c.payload;
      if (target) target.questions[lang] = [...(target.questions[lang] ?? []), question];
    } else if (c.kind === 'entry' && 'answer' in c.payload) {
      const p = c.payload;
      entries.push({
        id: c.entryId,
        source: SOURCE,
        title: p.title,
        questions: p.questions,
        answer: p.answer,
        sms: p.sms ?? {},
        reviewPending: [],
      });
    }
  }
  return entries;
}

export interface ImpactRow {
  message: string;
  before: { outcome: string; entryId: string | null };
  after: { outcome: string; entryId: string | null };
}

/**
 * Staff teach the bot; an admin approves; the matcher is rebuilt in place, so the bot answers
 * the new wording at once, without a restart.
 */
export class Teacher {
  constructor(
    private readonly o: {
      knowledge: KnowledgeBase;
      resources: MatcherResources;
      store: Store;
      services: BotServices;
      smsSegments: number;
      /** Tells the other instances to rebuild too. */
      bus?: Bus;
      onError?: (err: Error) => void;
    },
  ) {
    const rebuild = () => void this.rebuild().catch((err: Error) => o.onError?.(err));
    o.bus?.subscribe('knowledge', rebuild);
    o.bus?.onReconnect(rebuild);
  }

  private approved(): Promise<KnowledgeChange[]> {
    return this.o.store.teaching.list('approved');
  }

  async rebuild(): Promise<void> {
    const entries = applyChanges(this.o.knowledge.entries, await this.approved());
    this.o.services.matcher = buildMatcher(entries, this.o.resources);
  }

  /** After an approval: this instance's matcher now, every other instance's over the bus. */
  async publishApproved(): Promise<void> {
    await this.rebuild();
    await this.o.bus?.publish('knowledge', {});
  }

  /** Refuses a draft that would not pass the knowledge build. */
  check(change: Pick<KnowledgeChange, 'kind' | 'entryId' | 'payload'>): void {
    const current = this.o.services.matcher.entries;
    if (change.kind === 'question') {
      const p = change.payload as { lang?: unknown; question?: unknown };
      if (!current.some((e) => e.id === change.entryId))
        throw badRequest(`no entry ${change.entryId}`);
      if (p.lang !== 'en' && p.lang !== 'es') throw badRequest('lang is en or es');
      if (typeof p.question !== 'string' || !p.question.trim() || p.question.length > 300) {
        throw badRequest('the question is 1 to 300 characters');
      }
      return;
    }
    if (current.some((e) => e.id === change.entryId))
      throw badRequest(`an entry ${change.entryId} already exists`);
    const [entry] = applyChanges(
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
          requireLanguages: ['en', 'es'],
          smsSegments: this.o.smsSegments,
        })
      : [{ message: 'a new entry needs title, questions and answer in English and Spanish' }];
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '));
  }

  /** Past patient messages that would get a different answer with this change approved. */
  async impact(change: KnowledgeChange): Promise<ImpactRow[]> {
    const candidate: Matcher = buildMatcher(
      applyChanges(this.o.knowledge.entries, [...(await this.approved()), change]),
      this.o.resources,
    );
    const now = this.o.services.matcher;
    const rows: ImpactRow[] = [];
    for (const message of await this.o.store.teaching.patientMessages(500)) {
      const a = now.match(message);
      const b = candidate.match(message);
      const before = {
        outcome: a.outcome,
        entryId: a.outcome === 'answer' ? a.choices[0].entry.id : null,
      };
      const after = {
        outcome: b.outcome,
        entryId: b.outcome === 'answer' ? b.choices[0].entry.id : null,
      };
      if (before.outcome !== after.outcome || before.entryId !== after.entryId)
        rows.push({ message, before, after });
    }
    return rows;
  }
}
