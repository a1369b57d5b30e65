import type { Server } from 'restify';
import { publicUrlOf } from '../config';
import type { Core } from '../core/createCore';
import { StaffRoutes, type DeclaredRoute } from './access';
import { StaffAuth } from './auth';
import { StaffDelivery } from './delivery';
import { registerStaffPages } from './pageRoutes';
import { registerStaffApi } from './routes';
import { Teacher } from './teaching';
import { registerTeaching } from './teachingRoutes';

/**
 * The staff console: log-in and set-up pages, the console and insights pages, and their JSON API
 * (queue, conversations, replies, teaching, audit), every route declaring the role it needs.
 * Mounted after the channels, whose deliverers carry staff replies. Returns the declared routes.
 */
export function mountStaff(server: Server, core: Core): readonly DeclaredRoute[] {
  const { config, store, log } = core;
  const auth = new StaffAuth(store.staff, publicUrlOf(config, config.PORT).startsWith('https:'));
  const routes = new StaffRoutes(server, auth, log);
  registerTeaching(routes, {
    store,
    teacher: new Teacher({
      knowledge: core.knowledge,
      store,
      services: core.services,
      smsSegments: config.SMS_MAX_SEGMENTS,
    }),
    entries: () =>
      core.services.matcher.entries.map((e) => ({ id: e.id, title: e.title.en ?? e.id })),
  });
  registerStaffPages(server, {
    auth,
    routes,
    store: store.staff,
    clinic: config.CLINIC_NAME,
    log,
    setupLinkHours: config.STAFF_SETUP_LINK_HOURS,
    trustProxy: config.TRUST_PROXY,
  });
  registerStaffApi(routes, {
    store,
    delivery: new StaffDelivery(store, core.deliverers),
    feed: core.feed,
    t: core.services.t,
    procedure: () => core.services.procedure,
    log,
    clearedCookie: () => auth.clearedCookie(),
    replay: async (id, channel, text) => {
      const replay = core.replayers.get(channel);
      if (replay) await replay(id, text);
    },
  });
  return routes.declared;
}
