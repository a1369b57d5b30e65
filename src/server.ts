import restify, { type Server } from 'restify';
import { bodyParsers } from './http/bodies';
import type { Logger } from 'pino';
import type { TurnContext } from 'botbuilder';
import type { WebSocketServer } from 'ws';
import { createBot } from './core/createBot';
import type { FaqBot } from './bot/FaqBot';
import { botFrameworkAdapter, registerBotFramework } from './channels/botframework/routes';
import { DirectLineService } from './channels/webchat/directLine';
import { DirectLineAdapter } from './channels/webchat/directLineAdapter';
import { StreamHub } from './channels/webchat/hub';
import { renderPage } from './channels/webchat/page';
import { registerWebChat } from './channels/webchat/routes';
import { attachStreams } from './channels/webchat/stream';
import { TokenSigner } from './channels/webchat/tokens';
import { publicUrlOf, smsEnabled, type Config } from './config';
import { SmsOutbox } from './channels/sms/outbox';
import { registerSms } from './channels/sms/routes';
import { createTwilioClient } from './channels/sms/twilioClient';
import { SmsWebhook } from './channels/sms/webhook';
import { durableResponses } from './http/durable';
import { handle } from './http/handle';
import { answerUnreadableRequests, errorBody, HttpError } from './http/errors';
import { RateLimiter } from './http/rateLimit';
import { registerCors } from './http/cors';
import { securityHeaders } from './http/security';
import { KNOWLEDGE_DIR, loadKnowledgeDir } from './knowledge/load';
import { loadMatcherResources } from './core/matcherResources';
import { createLogger } from './logger';
import { StaffRoutes, type DeclaredRoute } from './staff/access';
import { StaffAuth } from './staff/auth';
import { StaffDelivery } from './staff/delivery';
import { StaffFeed } from './core/feed';
import { parseOfficeHours } from './officeHours';
import { OnCallPager } from './staff/pager';
import { Teacher } from './staff/teaching';
import { registerTeaching } from './staff/teachingRoutes';
import { registerStaffPages } from './staff/pageRoutes';
import { registerStaffApi } from './staff/routes';
import { SqlBotStorage } from './storage/sql/botStateStorage';
import type { SqlStore } from './storage/sql/store';
import { openStore } from './storage/open';
import { StorageUnavailableError } from './storage/errors';
import type { Lang } from './knowledge/types';

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
}

/** Builds the service without listening: `src/index.ts` listens, tests call it in process. */
export async function createApp(config: Config, port = config.PORT): Promise<App> {
  const log = createLogger(config.LOG_LEVEL);
  const store = await openStore(config, log);
  const knowledge = await loadKnowledgeDir(
    config.KNOWLEDGE_DIR ?? KNOWLEDGE_DIR,
    config.SMS_MAX_SEGMENTS,
  );
  const busError = (err: Error) => log.warn({ err: err.message }, 'bus publish failed');
  const feed = new StaffFeed(store.bus, busError);
  const matcherResources = loadMatcherResources();
  const { bot, services } = createBot({
    notices: feed,
    officeHours: config.OFFICE_HOURS
      ? parseOfficeHours(config.OFFICE_HOURS, config.TIMEZONE)
      : undefined,
    knowledge,
    resources: matcherResources,
    store,
    storage: new SqlBotStorage(store.sql, store.fields),
    clinicName: config.CLINIC_NAME,
  });

  const inFlight = new Set<Promise<unknown>>();
  const logic = (ctx: TurnContext) => track(inFlight, runTurn(bot, ctx, services.t, log));
  // Known once listening (a test listens on port 0); PUBLIC_URL wins when set.
  let knownUrl: string | undefined;
  const publicUrl = () => {
    if (knownUrl) return knownUrl;
    const listening = (server.address() as { port?: number } | null)?.port;
    const url = publicUrlOf(config, listening ?? port);
    // Asked on every turn: kept once the port is known.
    if (listening) knownUrl = url;
    return url;
  };
  const hub = new StreamHub(store.bus, busError, () => store.synced());
  const adapter = new DirectLineAdapter(store, hub);
  const key = await store.setting('directline.signing-key', TokenSigner.newKey);
  const service = new DirectLineService({
    store,
    signer: new TokenSigner(
      Buffer.from(key, 'base64url'),
      config.DIRECTLINE_TOKEN_TTL_SECONDS,
      undefined,
      config.DIRECTLINE_SESSION_HOURS * 3600,
    ),
    hub,
    adapter,
    logic,
    publicUrl,
    botName: config.CLINIC_NAME,
  });

  const server: Server = restify.createServer({
    name: 'clinic-faq-bot',
    handleUncaughtExceptions: false,
  });
  answerUnreadableRequests(server.server);
  const auth = new StaffAuth(store.staff, publicUrlOf(config, port).startsWith('https:'));
  server.pre(durableResponses(() => store.synced()));
  const staffRoutes = new StaffRoutes(server, auth, log);
  registerCors(server, config.ALLOWED_ORIGINS);
  server.use(securityHeaders({ https: publicUrlOf(config, port).startsWith('https:') }));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(bodyParsers());
  server.get(
    '/healthz',
    handle(log, async (_req, res) => res.send(200, { status: 'alive' })),
  );
  server.get(
    '/readyz',
    handle(log, async (_req, res) => {
      try {
        await store.ping();
        res.send(knowledge.entries.length ? 200 : 503, {
          status: knowledge.entries.length ? 'ready' : 'no knowledge',
          entries: knowledge.entries.length,
        });
      } catch {
        res.send(503, { status: 'storage unreachable' });
      }
    }),
  );
  registerBotFramework(
    server,
    botFrameworkAdapter(config, () => store.synced()),
    logic,
    log,
    {
      appId: config.MicrosoftAppId,
      emulator: config.BOT_EMULATOR === 'true',
      trustProxy: config.TRUST_PROXY,
      perConversation: new RateLimiter(config.MESSAGE_RATE_LIMIT_PER_MINUTE, 60_000),
      // Azure Bot Service calls from a few addresses for every patient: generous per address.
      perAddress: new RateLimiter(config.MESSAGE_RATE_LIMIT_PER_MINUTE * 20, 60_000),
    },
  );
  const assets = registerWebChat(server, {
    service,
    tokenLimiter: new RateLimiter(config.TOKEN_RATE_LIMIT_PER_MINUTE, 60_000),
    messageLimiter: new RateLimiter(config.MESSAGE_RATE_LIMIT_PER_MINUTE, 60_000),
    trustProxy: config.TRUST_PROXY,
    // Without PUBLIC_URL, the address the page was opened at (localhost, 127.0.0.1, the LAN).
    requestBase: (req) => {
      const host = req.header('host');
      if (config.PUBLIC_URL || !host || !/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return undefined;
      return `${req.isSecure() ? 'https' : 'http'}://${host}`;
    },
    page: (lang: Lang) =>
      renderPage({
        clinicName: config.CLINIC_NAME,
        color: config.CLINIC_COLOR,
        accentColor: config.CLINIC_ACCENT_COLOR,
        lang,
        knowledge,
        t: services.t,
      }),
    color: config.CLINIC_COLOR,
    accentColor: config.CLINIC_ACCENT_COLOR,
    log,
  });
  const outbox = smsEnabled(config) ? await registerSmsChannel(config) : undefined;
  const pager =
    outbox && config.ONCALL_NUMBERS.length && config.TWILIO_PHONE_NUMBER
      ? new OnCallPager({
          store: store.pager,
          numbers: config.ONCALL_NUMBERS,
          clinicNumber: config.TWILIO_PHONE_NUMBER,
          consoleUrl: publicUrl,
          clinicName: config.CLINIC_NAME,
          limits: {
            perHour: config.ONCALL_PAGES_PER_HOUR,
            conversationMinutes: config.ONCALL_REPAGE_MINUTES,
          },
          t: services.t,
          log,
        })
      : undefined;
  pager?.start(feed);
  const resources = matcherResources;
  const teacher = new Teacher({
    knowledge,
    resources,
    store,
    services,
    smsSegments: config.SMS_MAX_SEGMENTS,
    bus: store.bus,
    onError: (err) => log.error({ err: err.message }, 'knowledge rebuild failed'),
  });
  await teacher.rebuild();
  registerTeaching(staffRoutes, {
    store,
    teacher,
    entries: () => services.matcher.entries.map((e) => ({ id: e.id, title: e.title.en ?? e.id })),
  });
  registerStaffPages(server, {
    auth,
    routes: staffRoutes,
    store: store.staff,
    clinic: config.CLINIC_NAME,
    log,
    setupLinkHours: config.STAFF_SETUP_LINK_HOURS,
    trustProxy: config.TRUST_PROXY,
  });
  registerStaffApi(staffRoutes, {
    store,
    delivery: new StaffDelivery(store, service, Boolean(outbox)),
    feed,
    t: services.t,
    procedure: knowledge.procedure,
    log,
    clearedCookie: () => auth.clearedCookie(),
  });
  // restify's own errors (bad JSON, 413) in the same shape as ours: {error: {code, message}}.
  server.on(
    'restifyError',
    (
      _req,
      _res,
      err: Error & { body?: { code?: string }; toJSON?: () => unknown },
      cb: () => void,
    ) => {
      const code = err.body?.code ?? err.name;
      err.toJSON = () => errorBody(new HttpError(0, code, err.message));
      cb();
    },
  );
  server.on('after', (req, res) =>
    log.debug({ method: req.method, path: req.getPath(), status: res.statusCode }, 'request'),
  );

  async function registerSmsChannel(
    c: Config & {
      TWILIO_ACCOUNT_SID: string;
      TWILIO_AUTH_TOKEN: string;
      TWILIO_PHONE_NUMBER: string;
    },
  ) {
    const webhook = new SmsWebhook({
      store,
      authToken: c.TWILIO_AUTH_TOKEN,
      idKey: await store.setting('sms.id-key', TokenSigner.newKey),
      logic,
      t: services.t,
      clinicName: c.CLINIC_NAME,
      clinicPhone: c.CLINIC_PHONE,
      maxSegments: c.SMS_MAX_SEGMENTS,
      publicUrl,
    });
    registerSms(server, {
      webhook,
      smsLimitPerMinute: c.SMS_RATE_LIMIT_PER_MINUTE,
      store: store.sms,
      authToken: c.TWILIO_AUTH_TOKEN,
      publicUrl,
      log,
    });
    const sender = new SmsOutbox(
      store.sms,
      createTwilioClient(c.TWILIO_ACCOUNT_SID, c.TWILIO_AUTH_TOKEN, c.TWILIO_API_BASE),
      {
        perSecond: c.SMS_SENDS_PER_SECOND,
        maxAttempts: c.SMS_MAX_ATTEMPTS,
        retryBaseMs: c.SMS_RETRY_BASE_MS,
        // Twilio's client gives up on a request after 30 s; two minutes leaves a margin.
        staleSendMs: store.engine === 'pg' ? 120_000 : undefined,
        statusCallback: () => `${publicUrl()}/api/sms/status`,
        log,
      },
    );
    await sender.start();
    return sender;
  }

  const purge = async () => {
    if (!config.RETENTION_DAYS) return;
    const cutoff = new Date(Date.now() - config.RETENTION_DAYS * 86_400_000);
    try {
      const removed = await store.purgeBefore(cutoff);
      log.info({ removed, retentionDays: config.RETENTION_DAYS }, 'retention purge');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'retention purge failed');
    }
  };
  await purge();
  const purger = setInterval(() => void purge(), 3_600_000);
  purger.unref();

  let wss: WebSocketServer | undefined;
  const drain = async () => {
    while (inFlight.size) await Promise.allSettled([...inFlight]);
  };
  return {
    server,
    store,
    log,
    drain,
    assetSize: (path) => assets.sizeOf(path),
    attachStreams: () => (wss = attachStreams(server.server, service, hub, log)),
    outbox,
    staffRoutes: staffRoutes.declared,
    async close() {
      clearInterval(purger);
      await pager?.stop();
      await outbox?.stop();
      for (const client of wss?.clients ?? []) client.terminate();
      wss?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await drain();
      await store.close();
    },
  };
}

function track<T>(set: Set<Promise<unknown>>, p: Promise<T>): Promise<T> {
  set.add(p);
  return p.finally(() => set.delete(p));
}

/** One error handler per turn: logged by conversation id (never text); the patient is told. */
async function runTurn(
  bot: FaqBot,
  ctx: TurnContext,
  t: (l: Lang, k: string) => string,
  log: Logger,
): Promise<void> {
  try {
    await bot.run(ctx);
  } catch (err) {
    // With the database gone the patient's message is not kept: the request fails (503) so the
    // channel sends it again, rather than an apology that would lose it.
    // Only the database's own outages: a channel's network error is not one.
    if (err instanceof StorageUnavailableError) throw err;
    log.error(
      {
        conversationId: ctx.activity.conversation?.id,
        channel: ctx.activity.channelId,
        err: (err as Error).message,
      },
      'turn failed',
    );
    const lang: Lang = ctx.activity.locale?.startsWith('es') ? 'es' : 'en';
    await ctx.sendActivity(t(lang, 'error.turn')).catch(() => undefined);
  }
}
