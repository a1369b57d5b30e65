import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../../config';
import { forbidden, HttpError, tooMany } from '../../http/errors';
import { clientAddress, handle, isLoopback } from '../../http/handle';
import type { RateLimiter } from '../../http/rateLimit';
import { hasControlCharacters } from '../../http/text';
import { patientText } from '../../bot/inbound';
import { StorageUnavailableError } from '../../storage/errors';

/**
 * POST /api/messages: the Bot Framework protocol (Azure Bot Service, the Emulator). Anonymous
 * when MicrosoftAppId is unset; with it set, botbuilder refuses calls without a valid token.
 */
export function botFrameworkAdapter(
  config: Config,
  synced: () => Promise<void> = () => Promise.resolve(),
): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  return new DurableCloudAdapter(new ConfigurationBotFrameworkAuthentication(options), synced);
}

/** Replies leave for the channel only once what the turn stored (the patient's words) is on disk. */
class DurableCloudAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly synced: () => Promise<void>,
  ) {
    super(auth);
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    await this.synced();
    return super.sendActivities(context, activities);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string =>
  typeof v === 'string' && v !== '' && !hasControlCharacters(v);
const hasId = (v: unknown) => isObject(v) && isId(v.id);

/**
 * What is wrong with an activity, checked before botbuilder sees it: botbuilder threw on these
 * (a 500 naming its internals) or answered 400 with a bare string, and answers an invoke this bot
 * does not implement with 501.
 */
function problemOf(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body must be a JSON activity object';
  const { type, serviceUrl, channelId, conversation, from, text, locale } = body;
  if (typeof type !== 'string' || !type) return 'the activity needs a "type"';
  if (type === 'invoke') return 'this bot takes no invoke activities';
  if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl) || !/^https?:/i.test(serviceUrl))
    return '"serviceUrl" must be an http(s) address';
  if (!isId(channelId)) return 'the activity needs a "channelId"';
  if (!hasId(conversation)) return '"conversation" needs an "id"';
  if (!hasId(from)) return '"from" needs an "id"';
  if (text !== undefined && typeof text !== 'string') return '"text" must be a string';
  if (locale !== undefined && typeof locale !== 'string') return '"locale" must be a string';
  return undefined;
}

/** Who may call /api/messages, and how often. */
export interface BotFrameworkAccess {
  /** Set: Azure Bot Service's signed tokens (botbuilder checks them, and the serviceUrl). */
  appId?: string;
  /** No app id: the Bot Framework Emulator, from this machine only. */
  emulator: boolean;
  /** Proxies of the clinic's own in front (TRUST_PROXY). */
  trustProxy: number;
  perConversation: RateLimiter;
  perAddress: RateLimiter;
}

function loopbackUrl(url: string): boolean {
  try {
    return isLoopback(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Refuses a caller before botbuilder sees it. Without an app id, nothing vouches for a caller:
 * it could name any conversation, and replies go to whatever serviceUrl it gives (internal
 * addresses, cloud metadata). So the endpoint is off unless the Emulator setting is on, and
 * then it answers this machine only, and replies only to this machine.
 */
function checkCaller(req: Request, body: { serviceUrl: string }, a: BotFrameworkAccess): void {
  if (!a.appId) {
    if (!a.emulator)
      throw forbidden(
        'this endpoint is off: set MicrosoftAppId to connect Azure Bot Service, or BOT_EMULATOR=true for the Bot Framework Emulator on this machine',
      );
    if (!isLoopback(clientAddress(req, a.trustProxy)))
      throw forbidden('the Bot Framework Emulator is answered on this machine only');
    if (!loopbackUrl(body.serviceUrl))
      throw forbidden('with the Emulator, serviceUrl must be an address on this machine');
  }
}

export function registerBotFramework(
  server: Server,
  adapter: CloudAdapter,
  logic: (ctx: TurnContext) => Promise<void>,
  log: Logger,
  access: BotFrameworkAccess,
): void {
  server.post(
    '/api/messages',
    handle(log, async (req: Request, res: Response) => {
      const problem = problemOf(req.body);
      if (problem) throw new HttpError(400, 'BadArgument', problem);
      const activity = req.body as { serviceUrl: string; conversation: { id: string } };
      checkCaller(req, activity, access);
      if (!access.perAddress.take(clientAddress(req, access.trustProxy)))
        throw tooMany('too many messages from this address; try again in a minute');
      if (!access.perConversation.take(activity.conversation.id))
        throw tooMany('too many messages in this conversation; please wait a moment');
      const body = req.body as { text?: string };
      if (body.text !== undefined) body.text = patientText(body.text);
      let outage: StorageUnavailableError | undefined;
      const refusal = await processCapturingRefusal(adapter, req, res, async (ctx) => {
        try {
          await logic(ctx);
        } catch (err) {
          if (err instanceof StorageUnavailableError) outage = err;
          throw err;
        }
      });
      // botbuilder answers its refusals with a bare string (or nothing); ours carry a reason.
      if (outage) throw outage;
      if (refusal === 401)
        throw new HttpError(401, 'Unauthorized', 'the Bot Framework token is missing or not valid');
      if (refusal !== undefined) throw new Error(`botbuilder refused the activity (${refusal})`);
    }),
  );
}

/**
 * Runs botbuilder's CloudAdapter with a response that passes successes through and keeps an
 * error status to itself, returned for the caller to answer.
 */
async function processCapturingRefusal(
  adapter: CloudAdapter,
  req: Request,
  res: Response,
  logic: (ctx: TurnContext) => Promise<void>,
): Promise<number | undefined> {
  let status = 200;
  const shim = {
    socket: res.socket,
    header: (name: string, value: unknown) => res.header(name, value),
    status: (code: number) => {
      status = code;
      if (code < 400) res.status(code);
    },
    send: (body?: unknown) => {
      if (status < 400) res.send(body);
    },
    end: () => {
      if (status < 400) res.end();
    },
  };
  await adapter.process(req, shim, logic);
  return status >= 400 ? status : undefined;
}
