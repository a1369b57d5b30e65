import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { formatProblem, KnowledgeError } from '../knowledge/errors';
import { loadKnowledgeDir } from '../knowledge/load';
import type { LiveKnowledge } from './liveKnowledge';

/** How the last build of the knowledge folder went, for /readyz and the console. */
export interface BuildStatus {
  at: string;
  ok: boolean;
  entries: number;
  warnings: number;
  /** Why the last build failed (file and problem); empty when it built. */
  problems: string[];
}

/**
 * Rebuilds the knowledge when its folder changes (a page saved, `npm run knowledge -- fetch`, a
 * file removed) or on SIGHUP, so the running service answers from the new knowledge without a
 * restart. A build that fails keeps the old knowledge serving, and says why.
 */
export class KnowledgeWatcher {
  status: BuildStatus;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private building?: Promise<void>;
  private again = false;

  constructor(
    private readonly o: {
      folder: string;
      smsSegments: number;
      knowledge: LiveKnowledge;
      log: Logger;
      /** Quiet time after the last change before building (a fetch writes many files). */
      settleMs?: number;
    },
  ) {
    const kb = o.knowledge.current;
    this.status = {
      at: new Date().toISOString(),
      ok: true,
      entries: kb.entries.length,
      warnings: kb.warnings.length,
      problems: [],
    };
  }

  start(): void {
    try {
      this.watcher = watch(this.o.folder, { recursive: true }, () => this.changed());
      this.watcher.on('error', (err) =>
        this.o.log.warn({ err: err.message }, 'knowledge folder no longer watched'),
      );
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'knowledge folder not watched');
    }
  }

  stop(): Promise<void> {
    this.watcher?.close();
    clearTimeout(this.timer);
    return this.building ?? Promise.resolve();
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.rebuild(), this.o.settleMs ?? 1500);
    this.timer.unref();
  }

  /** Builds the folder now; resolves when done (a rebuild asked for meanwhile follows). */
  rebuild(): Promise<void> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = this.build().finally(() => {
      this.building = undefined;
      if (this.again) {
        this.again = false;
        void this.rebuild();
      }
    });
    return this.building;
  }

  private async build(): Promise<void> {
    const at = new Date().toISOString();
    try {
      const kb = await loadKnowledgeDir(this.o.folder, this.o.smsSegments);
      await this.o.knowledge.replace(kb);
      this.status = {
        at,
        ok: true,
        entries: kb.entries.length,
        warnings: kb.warnings.length,
        problems: [],
      };
      this.o.log.info(
        { entries: kb.entries.length, warnings: kb.warnings.length },
        'knowledge reloaded',
      );
    } catch (err) {
      const problems =
        err instanceof KnowledgeError ? err.problems.map(formatProblem) : [(err as Error).message];
      this.status = { ...this.status, at, ok: false, problems };
      this.o.log.error(
        { problems },
        'knowledge build failed: the previous knowledge keeps serving',
      );
    }
  }
}
