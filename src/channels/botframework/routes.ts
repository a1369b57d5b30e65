import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from '../../config';

/**
 * POST /api/messages: the Bot Framework protocol (Azure Bot Service, the Emulator). Anonymous
 * when MicrosoftAppId is unset; with it set, botbuilder refuses calls without a valid token.
 */
export function botFrameworkAdapter(config: Config): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options));
}

export function registerBotFramework(
  server: Server,
  adapter: CloudAdapter,
  logic: (ctx: TurnContext) => Promise<void>,
): void {
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, logic);
  });
}
