import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { FaqBot } from '../bot/FaqBot';
import type { Translate } from '../i18n';
import { DEFAULT_LANG, langOf } from '../language/langs';
import { StorageUnavailableError } from '../storage/errors';

/**
 * One error handler per turn: logged by conversation id (never text); the patient is told, in
 * their language, that something went wrong and staff will follow up.
 */
export async function runTurn(
  bot: FaqBot,
  ctx: TurnContext,
  t: Translate,
  log: Logger,
): Promise<void> {
  try {
    await bot.run(ctx);
  } catch (err) {
    // With the database gone the patient's message is not kept: the request fails (503) so the
    // channel sends it again, rather than an apology that would lose it. Only the database's
    // own outages: a channel's network error is not one.
    if (err instanceof StorageUnavailableError) throw err;
    log.error(
      {
        conversationId: ctx.activity.conversation?.id,
        channel: ctx.activity.channelId,
        err: (err as Error).message,
      },
      'turn failed',
    );
    const lang = langOf(ctx.activity.locale) ?? DEFAULT_LANG;
    await ctx.sendActivity(t(lang, 'error.turn')).catch(() => undefined);
  }
}
