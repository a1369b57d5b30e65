import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { messagesOf } from '../channels/sms/twiml';
import { loadConfig, publicUrlOf, smsEnabled } from '../config';

// `npm run sms -- "how long does it take"`: what Twilio would do when a patient texts the
// clinic, signed with the service's own auth token and posted to its running webhook.
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const fromAt = args.indexOf('--from');
  const from = fromAt >= 0 ? args.splice(fromAt, 2)[1] : '+15555550100';
  const body = args.filter((a) => a !== '--').join(' ');
  const config = loadConfig();
  if (!smsEnabled(config)) {
    throw new Error(
      'SMS is off: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER (the same values the running service has)',
    );
  }
  const url = `${publicUrlOf(config, config.PORT)}/api/sms`;
  const params: Record<string, string> = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: config.TWILIO_ACCOUNT_SID,
    From: from,
    To: config.TWILIO_PHONE_NUMBER,
    Body: body,
    NumMedia: '0',
  };
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
        config.TWILIO_AUTH_TOKEN,
        url,
        params,
      ),
    },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`the webhook answered ${res.status}: ${text}`);
  const messages = messagesOf(text);
  process.stdout.write(`${messages.length ? messages.join('\n---\n') : '(no reply)'}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message ?? String(err)}\n`);
  process.exit(1);
});
