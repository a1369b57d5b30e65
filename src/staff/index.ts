import type { Server } from 'restify';
import { publicUrlOf } from '../config';
import type { Core } from '../core/createCore';
import { SqlHistoryStore } from '../storage/sql/historyStore';
import { SqlStaffMessageStore } from '../storage/sql/staffMessageStore';
import { StaffRoutes, type DeclaredRoute } from './access';
import { StaffAuth } from './auth';
import { StaffDelivery } from './delivery';
import { DeliveryWatch } from './deliveryWatch';
import { Curator } from './curator';
import { registerKnowledgePage } from './knowledgeRoutes';
import { registerStaffPages } from './pageRoutes';
import { registerRecords } from './recordRoutes';
import { registerStaffApi } from './routes';
import { Teacher } from './teaching';
import { registerTeaching } from './teachingRoutes';

/**
 * The staff console: log-in and set-up pages, the console, history, knowledge, audit and
 * insights pages, and their JSON API (queue, conversations, replies, teaching, curation,
 * history, exports, audit), every route declaring the role it needs. Mounted after the
 * channels, whose deliverers carry staff replies. Returns the declared routes.
 */
export function mountStaff(server: Server, core: Core): readonly DeclaredRoute[] {
  const { config, store, log } = core;
  const auth = new StaffAuth(store.staff, publicUrlOf(config, config.PORT).startsWith('https:'));
  const routes = new StaffRoutes(server, auth, log);
  const messages = new SqlStaffMessageStore(store.sql);
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
    delivery: new StaffDelivery(store, messages, core.deliverers),
    messages,
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
  registerKnowledgePage(routes, {
    store,
    curator: new Curator({
      knowledge: core.knowledge,
      store,
      services: core.services,
      smsSegments: config.SMS_MAX_SEGMENTS,
    }),
    procedures: () => core.knowledge.current.procedures,
    view: () => ({
      t: core.services.t,
      smsSegments: config.SMS_MAX_SEGMENTS,
      links: core.services.links,
    }),
  });
  registerRecords(routes, {
    staff: store.staff,
    history: new SqlHistoryStore(store.sql, store.fields),
    messages,
  });
  const watch = new DeliveryWatch({ messages, feed: core.feed, log });
  watch.start();
  core.onClose(() => watch.stop());
  return routes.declared;
}
