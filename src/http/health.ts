import type { Server } from 'restify';
import type { Core } from '../core/createCore';
import { handle } from './handle';

/** GET /healthz (the process is alive) and /readyz (storage reachable, knowledge loaded). */
export function mountHealth(server: Server, core: Core): void {
  server.get(
    '/healthz',
    handle(core.log, async (_req, res) => res.send(200, { status: 'alive' })),
  );
  server.get(
    '/readyz',
    handle(core.log, async (_req, res) => {
      const entries = core.services.matcher.entries.length;
      try {
        await core.store.ping();
      } catch {
        return res.send(503, { status: 'storage unreachable' });
      }
      // A failed rebuild leaves the previous knowledge serving: ready, and saying why.
      const build = core.builds.status;
      res.send(entries ? 200 : 503, {
        status: entries ? 'ready' : 'no knowledge',
        entries,
        knowledge: build.ok
          ? { built: build.at, warnings: build.warnings }
          : { failed: build.at, problems: build.problems, serving: 'the previous knowledge' },
      });
    }),
  );
}
