import type { Server } from 'restify';
import { CHANNELS } from '../../bot/channels';
import { smsEnabled } from '../../config';
import type { Core } from '../../core/createCore';
import { TokenSigner } from '../webchat/tokens';
import { OnCallPager } from './pager';
import { SmsOutbox } from './outbox';
import { registerSms } from './routes';
import { createTwilioClient } from './twilioClient';
import { SmsWebhook } from './webhook';

/**
 * Text messages through Twilio, when the three Twilio settings are there: the signed inbound
 * webhook, the outbox for later messages (staff replies, on-call pages) and delivery reports.
 * Returns the outbox, or undefined with SMS off.
 */
export async function mountSms(server: Server, core: Core): Promise<SmsOutbox | undefined> {
  const { config: c, store, log } = core;
  if (!smsEnabled(c)) return undefined;
  const publicUrl = () => core.publicUrl();
  const webhook = new SmsWebhook({
    store,
    authToken: c.TWILIO_AUTH_TOKEN,
    idKey: await store.setting('sms.id-key', TokenSigner.newKey),
    logic: core.logic,
    t: core.services.t,
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
  const outbox = new SmsOutbox(
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
  await outbox.start();
  core.onClose(() => outbox.stop());
  core.deliverers.set(CHANNELS.sms, async (id, text) => ({
    outboxId: await store.sms.enqueue(id, text),
  }));
  core.replayers.set(CHANNELS.sms, (id, text) =>
    webhook.replay(id, text, (reply) => store.sms.enqueue(id, reply)),
  );
  if (c.ONCALL_NUMBERS.length) {
    const pager = new OnCallPager({
      store: store.pager,
      numbers: c.ONCALL_NUMBERS,
      clinicNumber: c.TWILIO_PHONE_NUMBER,
      consoleUrl: publicUrl,
      clinicName: c.CLINIC_NAME,
      limits: { perHour: c.ONCALL_PAGES_PER_HOUR, conversationMinutes: c.ONCALL_REPAGE_MINUTES },
      t: core.services.t,
      log,
    });
    pager.start(core.feed);
    core.onClose(() => pager.stop());
  }
  return outbox;
}
