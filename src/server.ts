import type { Server } from 'restify';
import type { Logger } from 'pino';
import type { WebSocketServer } from 'ws';
import { mountBotFramework } from './channels/botframework';
import { mountSms } from './channels/sms';
import type { SmsOutbox } from './channels/sms/outbox';
import { mountWebChat } from './channels/webchat';
import type { Config } from './config';
import { createCore } from './core/createCore';
import { mountHealth } from './http/health';
import { createHttpServer } from './http/server';
import { mountStaff } from './staff';
import type { DeclaredRoute } from './staff/access';
import type { SqlStore } from './storage/sql/store';

export interface App {
  server: Server;
  store: SqlStore;
  log: Logger;
  /** Resolves when every turn under way has finished. */
  drain(): Promise<void>;
  close(): Promise<void>;
  /** Sizes of what the page loads, for the README and the benchmark. */
  assetSize(path: string): { bytes: number; gzipped: number } | undefined;
  attachStreams(): WebSocketServer;
  /** Present when SMS is configured. */
  outbox?: SmsOutbox;
  /** The console's routes and the role each needs (what the route-table test checks). */
  staffRoutes: readonly DeclaredRoute[];
  /** Builds the knowledge folder again now; the old knowledge serves if it fails. */
  reloadKnowledge(): Promise<void>;
}

/**
 * Builds the service without listening (`src/index.ts` listens; tests call it in process): the
 * core (storage, knowledge, bot), then each feature mounted on the HTTP server.
 */
export async function createApp(config: Config): Promise<App> {
  // The port is known once the server listens (a test listens on port 0).
  const listening = { port: (): number | undefined => undefined };
  const core = await createCore(config, () => listening.port());
  const server = createHttpServer(config, { log: core.log, synced: () => core.store.synced() });
  listening.port = () => (server.address() as { port?: number } | null)?.port;
  const http = server;
  // Closed after the features (their streams and senders), before the turns are drained.
  core.onClose(() => new Promise<void>((resolve) => http.close(() => resolve())));
  mountHealth(server, core);
  const webChat = await mountWebChat(server, core);
  mountBotFramework(server, core);
  const outbox = await mountSms(server, core);
  const staffRoutes = mountStaff(server, core);
  return {
    server: http,
    store: core.store,
    log: core.log,
    drain: () => core.drain(),
    assetSize: webChat.assetSize,
    attachStreams: webChat.attachStreams,
    outbox,
    staffRoutes,
    reloadKnowledge: () => core.builds.rebuild(),
    close: () => core.close(),
  };
}
