import type { BotServices } from '../bot/services';
import type { LiveKnowledge } from '../core/liveKnowledge';
import { conflict } from '../http/errors';
import { curatedEntries } from '../knowledge/curated';
import { taughtEntries } from '../knowledge/taught';
import type { Entry, Problem } from '../knowledge/types';
import { validateEntries } from '../knowledge/validate';
import type { Curation, Store } from '../storage/types';

/**
 * Publishes what admins curated on the Knowledge page through the path teaching uses: the live
 * knowledge is rebuilt in place (here, and over the bus on every other instance). What would
 * not pass the knowledge build is refused first, and a rebuild that fails leaves the old
 * knowledge serving and the curation waiting, with the reason.
 */
export class Curator {
  constructor(
    private readonly o: {
      knowledge: LiveKnowledge;
      store: Store;
      services: BotServices;
      smsSegments: number;
    },
  ) {}

  /** The entries patients are answered from now (files, taught, published curation). */
  live(): readonly Entry[] {
    return this.o.services.matcher.entries;
  }

  entry(id: string): Entry | undefined {
    return this.live().find((e) => e.id === id && !e.handoff);
  }

  /** The build's problems the curation would bring to the entries it touches. */
  private async problems(adding: readonly Curation[]): Promise<Problem[]> {
    const taught = taughtEntries(
      this.o.knowledge.current.entries,
      await this.o.store.teaching.list('approved'),
    );
    const published = await this.o.store.curation.published();
    const ids = new Set(adding.map((c) => c.entryId));
    const touched = (entries: Entry[]) => entries.filter((e) => ids.has(e.id));
    const opts = { smsSegments: this.o.smsSegments };
    const key = (p: Problem) => `${p.entryId ?? ''}\n${p.message}`;
    const before = new Set(
      validateEntries(touched(curatedEntries(taught, published)), opts).map(key),
    );
    return validateEntries(touched(curatedEntries(taught, [...published, ...adding])), opts).filter(
      (p) => !before.has(key(p)),
    );
  }

  /** Makes everything approved live; returns what it published. */
  async publish(staffId: string): Promise<Curation[]> {
    const waiting = (await this.o.store.curation.list()).filter((c) => c.status === 'approved');
    if (!waiting.length) throw conflict('nothing is waiting to be published');
    const problems = await this.problems(waiting);
    if (problems.length)
      throw conflict(
        `not published, the knowledge build refuses it: ${problems.map((p) => `${p.entryId}: ${p.message}`).join('; ')}`,
      );
    const done = await this.o.store.curation.publish(staffId);
    try {
      await this.o.knowledge.publish();
    } catch (err) {
      // The old matcher is still serving: the curation waits for the next publish.
      await this.o.store.curation.unpublish(done.map((c) => c.id));
      throw conflict(
        `not published, the knowledge could not be rebuilt (${(err as Error).message}); patients are answered as before`,
      );
    }
    return done;
  }
}
