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
  /** A named setting kept with the data (e.g. the token-signing key), created once. */
  setting(key: string, create: () => string): Promise<string>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
