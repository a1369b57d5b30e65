import type { Logger } from 'pino';
import type { BotServices } from '../bot/services';
import { curatedEntries } from '../knowledge/curated';
import { taughtEntries } from '../knowledge/taught';
import type { KnowledgeBase } from '../knowledge/types';
import { buildMatcher, type MatcherResources } from '../matching/matcher';
import type { Bus } from '../storage/bus';
import type { Store } from '../storage/types';

/**
 * The knowledge the bot answers from, while the service runs: the clinic's files as last built,
 * with the changes staff taught and an admin approved, and what admins curated and published. The matcher is rebuilt in place, on this
 * instance and (over the bus) on every other, so the bot answers from the new knowledge at once,
 * without a restart.
 */
export class LiveKnowledge {
  constructor(
    private base: KnowledgeBase,
    readonly resources: MatcherResources,
    private readonly o: {
      services: BotServices;
      store: Store;
      bus?: Bus;
      log: Logger;
    },
  ) {
    const rebuild = () =>
      void this.rebuild().catch((err: Error) =>
        o.log.error({ err: err.message }, 'knowledge rebuild failed'),
      );
    o.bus?.subscribe('knowledge', rebuild);
    o.bus?.onReconnect(rebuild);
  }

  /** The clinic's knowledge as built from its files (without what staff taught). */
  get current(): KnowledgeBase {
    return this.base;
  }

  /**
   * The matcher from the files' entries, the approved changes and what admins published on the
   * Knowledge page. Built before it replaces the one serving: a failing build changes nothing.
   */
  async rebuild(): Promise<void> {
    const approved = await this.o.store.teaching.list('approved');
    const published = await this.o.store.curation.published();
    const matcher = buildMatcher(
      curatedEntries(taughtEntries(this.base.entries, approved), published),
      this.resources,
      this.base.procedures,
    );
    this.o.services.matcher = matcher;
    this.o.services.menu = this.base.menu.map((id) => matcher.byId(id)).filter((e) => !!e);
    this.o.services.procedure = this.base.procedure;
  }

  /** New files, built without error: answered from now on. */
  async replace(next: KnowledgeBase): Promise<void> {
    this.base = next;
    await this.rebuild();
  }

  /** After an approval or a new build: this instance now, every other one over the bus. */
  async publish(): Promise<void> {
    await this.rebuild();
    await this.o.bus?.publish('knowledge', {});
  }
}
