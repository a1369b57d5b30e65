import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { BotServices } from '../bot/services';
import { publicUrlOf, type Config } from '../config';
import { KNOWLEDGE_DIR, loadKnowledgeDir } from '../knowledge/load';
import { createLogger } from '../logger';
import { parseOfficeHours } from '../officeHours';
import { startRetention } from '../storage/retention';
import { SqlBotStorage } from '../storage/sql/botStateStorage';
import type { SqlStore } from '../storage/sql/store';
import { openStore } from '../storage/open';
import { createBot } from './createBot';
import { StaffFeed } from './feed';
import { KnowledgeWatcher } from './knowledgeWatcher';
import { LiveKnowledge } from './liveKnowledge';
import { loadMatcherResources } from './matcherResources';
import { runTurn } from './runTurn';

/** Where a delivered staff message can be followed: an SMS's outbox row, a chat's history. */
export interface DeliveryReceipt {
  outboxId?: number;
  /** A web-chat message's place in the conversation's history. */
  activitySeq?: number;
}

/** Sends a staff member's message to a patient on one channel (each channel registers its own). */
export type Deliverer = (
  conversationId: string,
  text: string,
  staffName: string,
) => Promise<DeliveryReceipt | void>;

/**
 * Answers, as the bot, a patient's message that is already in the transcript (staff finished
 * without replying to it), on the patient's channel (each channel registers its own).
 */
export type Replayer = (conversationId: string, text: string) => Promise<void>;

/**
 * What every feature mounts on: the settings, the store, the knowledge and the bot, the staff
 * feed, and the turn runner every channel hands its activities to.
 */
export interface Core {
  config: Config;
  log: Logger;
  store: SqlStore;
  feed: StaffFeed;
  services: BotServices;
  knowledge: LiveKnowledge;
  /** Rebuilds the knowledge when its folder changes; how the last build went. */
  builds: KnowledgeWatcher;
  /** Runs one turn of the bot, with the turn's error handler; tracked until it ends. */
  logic: (ctx: TurnContext) => Promise<void>;
  /** The address patients reach the service at: PUBLIC_URL, or where it listens. */
  publicUrl(): string;
  /** Staff replies, by channel id. */
  deliverers: Map<string, Deliverer>;
  /** Messages staff left unanswered, taken up by the bot, by channel id. */
  replayers: Map<string, Replayer>;
  /** Runs when the service stops, last registered first, before the store closes. */
  onClose(fn: () => Promise<void> | void): void;
  /** Resolves when every turn under way has finished. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The core of the service, before any HTTP: storage, the knowledge, the bot with its dialogs.
 * `listeningPort` tells, once the server listens, which port it took (a test listens on 0).
 */
export async function createCore(
  config: Config,
  listeningPort: () => number | undefined,
): Promise<Core> {
  const log = createLogger(config.LOG_LEVEL);
  const store = await openStore(config, log);
  const folder = config.KNOWLEDGE_DIR ?? KNOWLEDGE_DIR;
  const base = await loadKnowledgeDir(folder, config.SMS_MAX_SEGMENTS);
  const feed = new StaffFeed(store.bus, (err) =>
    log.warn({ err: err.message }, 'bus publish failed'),
  );
  const resources = loadMatcherResources(folder);
  const { bot, services } = createBot({
    notices: feed,
    officeHours: config.OFFICE_HOURS
      ? parseOfficeHours(config.OFFICE_HOURS, config.TIMEZONE)
      : undefined,
    knowledge: base,
    resources,
    store,
    storage: new SqlBotStorage(store.sql, store.fields),
    clinicName: config.CLINIC_NAME,
  });
  const knowledge = new LiveKnowledge(base, resources, { services, store, bus: store.bus, log });
  await knowledge.rebuild();
  const builds = new KnowledgeWatcher({
    folder,
    smsSegments: config.SMS_MAX_SEGMENTS,
    knowledge,
    log,
  });
  builds.start();

  const inFlight = new Set<Promise<unknown>>();
  const drain = async () => {
    while (inFlight.size) await Promise.allSettled([...inFlight]);
  };
  let knownUrl: string | undefined;
  const closers: (() => Promise<void> | void)[] = [
    await startRetention(store, config.RETENTION_DAYS, log),
    () => builds.stop(),
  ];
  return {
    config,
    log,
    store,
    feed,
    services,
    knowledge,
    builds,
    deliverers: new Map(),
    replayers: new Map(),
    logic(ctx) {
      const turn = runTurn(bot, ctx, services.t, log);
      inFlight.add(turn);
      return turn.finally(() => inFlight.delete(turn));
    },
    publicUrl() {
      // Asked on every turn: kept once the port is known.
      if (knownUrl) return knownUrl;
      const port = listeningPort();
      const url = publicUrlOf(config, port ?? config.PORT);
      if (port !== undefined) knownUrl = url;
      return url;
    },
    onClose: (fn) => void closers.push(fn),
    drain,
    async close() {
      for (const fn of closers.reverse()) await fn();
      await drain();
      await store.close();
    },
  };
}
