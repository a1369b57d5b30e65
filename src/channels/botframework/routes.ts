import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import type { Request, Server } from 'restify';
import type { Config } from '../../config';
import { hasControlCharacters, wellFormed } from '../../http/text';

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

export function registerBotFramework(
  server: Server,
  adapter: CloudAdapter,
  logic: (ctx: TurnContext) => Promise<void>,
): void {
  server.post('/api/messages', async (req: Request, res) => {
    const problem = problemOf(req.body);
    if (problem) {
      res.send(400, { error: { code: 'BadArgument', message: problem } });
      return;
    }
    const body = req.body as { text?: string };
    if (body.text !== undefined) body.text = wellFormed(body.text);
    await adapter.process(req, res, logic);
  });
}
