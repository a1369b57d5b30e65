import type { Request, Server } from 'restify';
import type { WebSocketServer } from 'ws';
import { CHANNELS } from '../../bot/channels';
import type { Core } from '../../core/createCore';
import { RateLimiter } from '../../http/rateLimit';
import { mountAnswers } from './answers';
import { DirectLineService } from './directLine';
import { DirectLineAdapter } from './directLineAdapter';
import { StreamHub } from './hub';
import { renderPage } from './page';
import { registerWebChat } from './routes';
import { attachStreams } from './stream';
import { TokenSigner } from './tokens';
import { SqlStaffMessageStore } from '../../storage/sql/staffMessageStore';

export interface WebChatFeature {
  /** Accepts the Direct Line WebSocket streams on the server's port (once it listens). */
  attachStreams(): WebSocketServer;
  /** Sizes of what the page loads, for the README and the benchmark. */
  assetSize(path: string): { bytes: number; gzipped: number } | undefined;
}

/**
 * The web widget: the clinic page, the Web Chat bundle, and a Direct Line 3.0 endpoint of our
 * own (tokens, conversations, activities, streams). Staff replies to web patients go through it.
 */
export async function mountWebChat(server: Server, core: Core): Promise<WebChatFeature> {
  const { config, store, log } = core;
  const hub = new StreamHub(
    store.bus,
    (err) => log.warn({ err: err.message }, 'bus publish failed'),
    () => store.synced(),
  );
  const key = await store.setting('directline.signing-key', TokenSigner.newKey);
  const staffMessages = new SqlStaffMessageStore(store.sql);
  const service = new DirectLineService({
    store,
    signer: new TokenSigner(
      Buffer.from(key, 'base64url'),
      config.DIRECTLINE_TOKEN_TTL_SECONDS,
      undefined,
      config.DIRECTLINE_SESSION_HOURS * 3600,
    ),
    hub,
    adapter: new DirectLineAdapter(store, hub),
    logic: core.logic,
    publicUrl: () => core.publicUrl(),
    botName: config.CLINIC_NAME,
    // As long as the conversation is kept (ten years when it is kept for good).
    resumeDays: config.RETENTION_DAYS || 3650,
    staffShown: async (id, seq) => {
      if (await staffMessages.shownUpTo(id, seq))
        core.feed.publish({ type: 'conversation', conversationId: id });
    },
  });
  core.deliverers.set(CHANNELS.web, (id, text, name) => service.deliver(id, text, name));
  core.replayers.set(CHANNELS.web, (id, text) => service.replay(id, text));
  const assets = registerWebChat(server, {
    service,
    tokenLimiter: new RateLimiter(config.TOKEN_RATE_LIMIT_PER_MINUTE, 60_000),
    messageLimiter: new RateLimiter(config.MESSAGE_RATE_LIMIT_PER_MINUTE, 60_000),
    trustProxy: config.TRUST_PROXY,
    requestBase: (req: Request) => {
      // Without PUBLIC_URL, the address the page was opened at (localhost, 127.0.0.1, the LAN).
      const host = req.header('host');
      if (config.PUBLIC_URL || !host || !/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return undefined;
      return `${req.isSecure() ? 'https' : 'http'}://${host}`;
    },
    page: (lang, procedure) =>
      renderPage({
        procedure,
        clinicName: config.CLINIC_NAME,
        color: config.CLINIC_COLOR,
        accentColor: config.CLINIC_ACCENT_COLOR,
        lang,
        // As patients are answered now: with what admins published and staff taught.
        knowledge: { ...core.knowledge.current, entries: [...core.services.matcher.entries] },
        t: core.services.t,
      }),
    color: config.CLINIC_COLOR,
    accentColor: config.CLINIC_ACCENT_COLOR,
    log,
  });
  mountAnswers(server, core);
  let wss: WebSocketServer | undefined;
  core.onClose(() => {
    for (const client of wss?.clients ?? []) client.terminate();
    wss?.close();
  });
  return {
    attachStreams: () => (wss = attachStreams(server.server, service, hub, log)),
    assetSize: (path) => assets.sizeOf(path),
  };
}
