import { createHmac } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import twilio from 'twilio';
import type { Translate } from '../../i18n';
import { detectLanguage } from '../../language/detect';
import { checkSafety } from '../../safety/check';
import type { SmsContact, Store } from '../../storage/types';
import { inboundActivity, patientText, recordPatient } from '../../bot/inbound';
import { CHANNELS } from '../../bot/channels';
import { fitSms } from './fit';
import { keywordOf } from './keywords';
import { SmsTurnAdapter } from './smsAdapter';
import { toTwiml } from './twiml';

export interface SmsWebhookDeps {
  store: Store;
  authToken: string;
  idKey: string;
  logic: (ctx: TurnContext) => Promise<void>;
  t: Translate;
  clinicName: string;
  clinicPhone?: string;
  maxSegments: number;
  publicUrl: () => string;
}

/** Twilio's ids, statuses and numbers: short and printable. */
export const TWILIO_ID = /^[\x21-\x7e]{1,64}$/;

export type WebhookResult =
  | { status: 200; twiml: string; limited?: { conversationId: string } }
  | { status: 400 | 403; reason: string };

/**
 * Twilio's inbound webhook: signature checked, one conversation per patient and clinic number,
 * keywords handled, a retried MessageSid answered with the same reply and recorded once, and
 * replies sized for SMS. Turns of one number run one at a time.
 */
export class SmsWebhook {
  constructor(private readonly d: SmsWebhookDeps) {}

  /** Ids from a keyed hash: the conversation id never shows a phone number. */
  conversationId(patient: string, clinic: string): string {
    return `sms_${createHmac('sha256', this.d.idKey).update(`${patient}|${clinic}`).digest('base64url').slice(0, 24)}`;
  }

  /** `allow(from)` is the sender's rate limit: false, and the text is recorded, not answered. */
  async handle(
    params: Record<string, string>,
    signature: string | undefined,
    signedUrl: string,
    allow: (from: string) => boolean = () => true,
  ): Promise<WebhookResult> {
    if (!signature || !twilio.validateRequest(this.d.authToken, signature, signedUrl, params)) {
      return { status: 403, reason: 'the X-Twilio-Signature is missing or does not match' };
    }
    const { MessageSid: sid, From: from, To: to } = params;
    if (!sid || !from || !to)
      return { status: 400, reason: 'MessageSid, From and To are required' };
    // Twilio's ids and numbers are short and printable; a NUL in one failed PostgreSQL's insert.
    if (![sid, from, to].every((v) => TWILIO_ID.test(v)))
      return { status: 400, reason: 'MessageSid, From or To is not one Twilio sends' };
    const conversationId = this.conversationId(from, to);
    // One turn at a time per number, on every instance: a Twilio retry that reaches another
    // instance waits for the first to finish, then finds its reply.
    return this.d.store.exclusive(conversationId, async () => {
      const prior = await this.d.store.sms.inboundReply(sid);
      if (prior !== undefined) return { status: 200 as const, twiml: prior };
      // The number is kept the first time it texts (read first: most texts are from known ones).
      const known = await this.d.store.sms.contact(conversationId);
      if (!known) await this.d.store.sms.saveContact(conversationId, from, to);
      // Counted after the retry check, so a retried MessageSid costs nothing.
      if (!allow(from) && !this.urgent(params.Body ?? ''))
        return this.recordOnly(sid, conversationId, params.Body ?? '');
      // Every reply within the segment budget, keyword answers included (answers were already
      // cut with their link in turn()).
      const replies = (await this.reply(conversationId, params, known)).map((r) =>
        fitSms(r, this.d.maxSegments),
      );
      const twiml = toTwiml(replies);
      await this.d.store.sms.recordInbound(sid, conversationId, twiml);
      return { status: 200 as const, twiml };
    });
  }

  /** Always answered, whatever the rate: opting out or in, HELP, and an emergency. */
  private urgent(body: string): boolean {
    const text = patientText(body);
    return keywordOf(text) !== undefined || checkSafety(text)?.kind === 'emergency';
  }

  /** Over the sender's rate limit: kept in the transcript for staff, answered with no message. */
  private async recordOnly(sid: string, conversationId: string, body: string) {
    await this.d.store.ensureConversation(conversationId, CHANNELS.sms);
    await recordPatient(this.d.store, conversationId, patientText(body) || '[media]');
    const twiml = toTwiml([]);
    await this.d.store.sms.recordInbound(sid, conversationId, twiml);
    return { status: 200 as const, twiml, limited: { conversationId } };
  }

  private async reply(
    conversationId: string,
    params: Record<string, string>,
    contact: SmsContact | undefined,
  ): Promise<string[]> {
    const body = patientText(params.Body);
    const media = Number(params.NumMedia ?? '0') > 0;
    const keyword = keywordOf(body);
    const t = this.d.t;
    if (keyword?.kind !== undefined || contact?.optedOut || (!body.trim() && media)) {
      // Not a turn for the bot, but the patient's message is kept all the same.
      await recordPatient(this.d.store, conversationId, body || '[media]');
    }
    if (keyword?.kind === 'stop') {
      await this.d.store.sms.setOptedOut(conversationId, true);
      // Twilio confirms its own English keywords; the Spanish ones are confirmed here.
      return keyword.lang === 'es' ? [t('es', 'sms.optedOut')] : [];
    }
    if (keyword?.kind === 'start') {
      await this.d.store.sms.setOptedOut(conversationId, false);
      return [t(keyword.lang, 'sms.optedIn', { clinic: this.d.clinicName })];
    }
    if (contact?.optedOut) return [];
    if (keyword?.kind === 'help') {
      const vars = { clinic: this.d.clinicName, phone: this.d.clinicPhone ?? '' };
      return [t(keyword.lang, this.d.clinicPhone ? 'sms.help' : 'sms.helpNoPhone', vars)];
    }
    if (!body.trim() && media) return [t(detectLanguage(body).lang, 'sms.mediaOnly')];
    return this.turn(conversationId, body);
  }

  private async turn(conversationId: string, text: string): Promise<string[]> {
    const adapter = new SmsTurnAdapter();
    await adapter.run(
      inboundActivity({
        channelId: CHANNELS.sms,
        conversationId,
        userId: `${conversationId}:patient`,
        text,
        serviceUrl: this.d.publicUrl(),
        botName: this.d.clinicName,
      }),
      this.d.logic,
    );
    return adapter.replies.map((a) => {
      // Where the answer can be read whole, if the SMS has to cut it.
      const link = (a.channelData as { link?: string } | undefined)?.link;
      return fitSms(a.text ?? '', this.d.maxSegments, link);
    });
  }
}
