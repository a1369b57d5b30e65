import type { Activity } from 'botbuilder';
import type { ConversationStore } from '../storage/types';

/** The longest message the bot reads: the rest of a pasted essay adds nothing but cost. */
export const MAX_MESSAGE = 5000;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g;

/**
 * A patient's text as every channel takes it in: each lone UTF-16 surrogate (JSON can carry one,
 * UTF-8 cannot) and control character (line breaks kept) made a space, and cut at MAX_MESSAGE,
 * never between the two halves of an emoji.
 */
export function patientText(text: string | undefined): string {
  const clean = (text ?? '').replace(LONE_SURROGATE, ' ').replace(CONTROL, ' ');
  if (clean.length <= MAX_MESSAGE) return clean;
  const cut = clean.slice(0, MAX_MESSAGE);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export interface InboundMessage {
  channelId: string;
  conversationId: string;
  /** The patient's id on the channel. */
  userId: string;
  text: string | undefined;
  locale?: string;
  /** Where replies go (this service's address, for its own channels). */
  serviceUrl: string;
  botName: string;
  id?: string;
  channelData?: unknown;
  /** A message already in the transcript, taken up again (one staff left unanswered). */
  replayed?: boolean;
}

/**
 * Marks a replayed message: a symbol, so nothing a patient sends (JSON) can set it and have
 * their message left out of the transcript.
 */
const REPLAYED = Symbol('replayed');

export function isReplayed(a: Partial<Activity>): boolean {
  return (a as { [REPLAYED]?: boolean })[REPLAYED] === true;
}

/** The bot's activity for a patient's message, on any channel: the one way messages come in. */
export function inboundActivity(m: InboundMessage): Partial<Activity> {
  return {
    type: 'message',
    id: m.id,
    channelId: m.channelId,
    text: patientText(m.text),
    locale: m.locale,
    serviceUrl: m.serviceUrl,
    conversation: { id: m.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: m.userId, role: 'user', name: '' },
    recipient: { id: 'bot', name: m.botName, role: 'bot' },
    timestamp: new Date(),
    channelData: m.channelData,
    ...(m.replayed ? { [REPLAYED]: true } : {}),
  };
}

/**
 * Keeps what a patient said in the transcript: for a turn, and for a message no turn reads (a
 * STOP, a text over the rate limit, a picture without words), so nothing a patient says is lost.
 */
export async function recordPatient(
  store: Pick<ConversationStore, 'appendTranscript'>,
  conversationId: string,
  text: string,
): Promise<void> {
  await store.appendTranscript({
    conversationId,
    at: new Date().toISOString(),
    from: 'patient',
    text: patientText(text),
  });
}
