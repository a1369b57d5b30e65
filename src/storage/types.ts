import type { Lang } from '../knowledge/types';

export type Action = 'answer' | 'clarify' | 'escalate' | 'emergency' | 'smalltalk';

export type EscalationReason = 'emergency' | 'crisis' | 'personal' | 'human' | 'unsure' | 'topic';

export interface Escalation {
  id: string;
  conversationId: string;
  channel: string;
  reason: EscalationReason;
  priority: 'urgent' | 'normal';
  lang: Lang;
  createdAt: string;
  /** What the bot considered, for staff: entry ids and confidences, or the hand-off topic. */
  considered: { id: string; confidence: number }[];
  topic?: string;
}

export interface TranscriptLine {
  conversationId: string;
  at: string;
  from: 'patient' | 'bot' | 'staff';
  text: string;
}

/** What the bot decided in one turn; `ask --jsonl` and the evaluation read these. */
export interface TurnRecord {
  conversationId: string;
  action: Action;
  lang: Lang;
  entryId: string | null;
  confidence: number | null;
  ranked: { id: string; score: number }[];
}

/** Where conversations are kept. In memory here; durable engines implement the same interface. */
export interface ConversationStore {
  appendTranscript(line: TranscriptLine): Promise<void>;
  createEscalation(e: Omit<Escalation, 'id' | 'createdAt'>): Promise<Escalation>;
  recordTurn(turn: TurnRecord): Promise<void>;
}

/** A Direct Line activity as stored, with its place in the conversation (the watermark). */
export interface StoredActivity {
  seq: number;
  activity: Record<string, unknown>;
}

/** The web-chat history of each conversation, which a reload or a restart must keep. */
export interface ActivityLog {
  createConversation(id: string, channel: string): Promise<void>;
  conversationExists(id: string): Promise<boolean>;
  /** Appends and returns the activity's sequence number (its watermark). */
  appendActivity(conversationId: string, activity: Record<string, unknown>): Promise<number>;
  activitiesAfter(conversationId: string, watermark: number): Promise<StoredActivity[]>;
}

/** Everything the service keeps: one interface, an engine per database. */
export interface Store extends ConversationStore, ActivityLog {
  sms: SmsStore;
  /** A named setting kept with the data (e.g. the token-signing key), created once. */
  setting(key: string, create: () => string): Promise<string>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface SmsContact {
  patientNumber: string;
  clinicNumber: string;
  optedOut: boolean;
}

export interface OutboxMessage {
  id: number;
  conversationId: string;
  body: string;
  attempts: number;
  to: string;
  from: string;
}

/** What the SMS channel keeps: numbers, opt-outs, answered webhooks and the outbox. */
export interface SmsStore {
  saveContact(conversationId: string, patientNumber: string, clinicNumber: string): Promise<void>;
  contact(conversationId: string): Promise<SmsContact | undefined>;
  setOptedOut(conversationId: string, optedOut: boolean): Promise<void>;
  /** The reply already given to this MessageSid, if Twilio is retrying it. */
  inboundReply(messageSid: string): Promise<string | undefined>;
  recordInbound(messageSid: string, conversationId: string, reply: string): Promise<void>;
  enqueue(conversationId: string, body: string): Promise<number>;
  /** Claims due messages (queued, retry time passed) so no other sender takes them. */
  claimDue(now: Date, limit: number): Promise<OutboxMessage[]>;
  markSent(id: number, twilioSid: string): Promise<void>;
  markRetry(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Messages left "sending" by a crash: never resent blindly, marked for staff to check. */
  releaseInterrupted(): Promise<number>;
  recordDelivery(twilioSid: string, status: string, errorCode?: string): Promise<void>;
  outboxOf(conversationId: string): Promise<
    {
      id: number;
      body: string;
      status: string;
      attempts: number;
      error: string | null;
      delivery: string | null;
      twilioSid: string | null;
    }[]
  >;
}
