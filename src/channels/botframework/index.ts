import type { Server } from 'restify';
import type { Core } from '../../core/createCore';
import { RateLimiter } from '../../http/rateLimit';
import { botFrameworkAdapter, registerBotFramework } from './routes';

/**
 * POST /api/messages: the Bot Framework protocol, for Azure Bot Service (and with it Azure's
 * Direct Line, Teams) with MicrosoftAppId, or the Emulator on this machine with BOT_EMULATOR.
 */
export function mountBotFramework(server: Server, core: Core): void {
  const { config } = core;
  registerBotFramework(
    server,
    botFrameworkAdapter(config, () => core.store.synced()),
    core.logic,
    core.log,
    {
      appId: config.MicrosoftAppId,
      emulator: config.BOT_EMULATOR === 'true',
      trustProxy: config.TRUST_PROXY,
      perConversation: new RateLimiter(config.MESSAGE_RATE_LIMIT_PER_MINUTE, 60_000),
      // Azure Bot Service calls from a few addresses for every patient: generous per address.
      perAddress: new RateLimiter(config.MESSAGE_RATE_LIMIT_PER_MINUTE * 20, 60_000),
    },
  );
}
