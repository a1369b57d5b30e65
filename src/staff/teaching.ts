import type { BotServices } from '../bot/services';
import type { LiveKnowledge } from '../core/liveKnowledge';
import { taughtEntries } from '../knowledge/taught';
import { validateEntries } from '../knowledge/validate';
import { buildMatcher, type Matcher } from '../matching/matcher';
import type { KnowledgeChange, Store } from '../storage/types';
import { badRequest } from '../http/errors';
import { LANGS, langOf } from '../language/langs';

export interface ImpactRow {
  message: string;
  before: { outcome: string; entryId: string | null };
  after: { outcome: string; entryId: string | null };
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

  /** Past patient messages that would get a different answer with this change approved. */
  async impact(change: KnowledgeChange): Promise<ImpactRow[]> {
    const candidate: Matcher = buildMatcher(
      taughtEntries(this.o.knowledge.current.entries, [...(await this.approved()), change]),
      this.o.knowledge.resources,
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
