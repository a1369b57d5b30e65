import type { Lang } from '../language/langs';

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
  /** For a bot answer: where its words come from (page, section or document), for staff. */
  source?: string;
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
  /**
   * Records that a conversation exists on a channel (once; ownership starts with the bot) and
   * says who has it now: with 'staff' the bot stays silent.
   */
  ensureConversation(id: string, channel: string): Promise<'bot' | 'staff'>;
  appendTranscript(line: TranscriptLine): Promise<void>;
  createEscalation(e: Omit<Escalation, 'id' | 'createdAt'>): Promise<Escalation>;
  recordTurn(turn: TurnRecord): Promise<void>;
  /**
   * The patient asked for their data to be deleted and confirmed: everything said in the
   * conversation goes (audited, with no content). Returns how many records were removed. (The
   * bot's own state goes through botbuilder's Storage, by its exact keys.)
   */
  forgetConversation(id: string): Promise<number>;
}

/** A Direct Line activity as stored, with its place in the conversation (the watermark). */
export interface StoredActivity {
  seq: number;
  activity: Record<string, unknown>;
}

/** The web-chat history of each conversation, which a reload or a restart must keep. */
export interface ActivityLog {
  createConversation(id: string, channel: string): Promise<void>;
  /** The conversation exists and its patient has not deleted it (its tokens still open it). */
  conversationOpen(id: string): Promise<boolean>;
  /** Appends the activity and returns it as stored: its id and sequence number (watermark). */
  appendActivity(
    conversationId: string,
    activity: Record<string, unknown>,
  ): Promise<StoredActivity>;
  activitiesAfter(conversationId: string, watermark: number): Promise<StoredActivity[]>;
  /** Keeps a patient's way back to a conversation (the secret's hash), until `expiresAt`. */
  saveResume(
    secretHash: string,
    conversationId: string,
    userId: string,
    expiresAt: Date,
  ): Promise<void>;
  /** The conversation and patient a resume secret opens, while it is valid. */
  resumeOf(secretHash: string): Promise<{ conversationId: string; userId: string } | undefined>;
  /**
   * Resolves once everything stored so far would survive a power cut (a stored write already
   * survives the process being killed). Whatever leaves the service waits for it: responses,
   * messages shown in a widget or sent to a channel.
   */
  synced(): Promise<void>;
}

export interface UnpagedEscalation {
  id: string;
  conversationId: string;
  createdAt: string;
}

export interface PageCounts {
  /** Pages sent since the window's start, in all. */
  total: number;
  /** Pages sent about this conversation since its own window's start. */
  conversation: number;
}

/** One SMS to one on-call number; `contactId` is that number's outbox conversation. */
export interface OnCallPage {
  contactId: string;
  to: string;
  from: string;
  body: string;
}

/** Paging on-call staff about urgent escalations: each settled once, sent or held back. */
export interface PagerStore {
  /** Urgent escalations not settled yet, oldest first. */
  unpaged(limit: number): Promise<UnpagedEscalation[]>;
  counts(conversationId: string, since: Date, conversationSince: Date): Promise<PageCounts>;
  /**
   * Settles an escalation: its pages queued in the outbox in the same transaction (made by
   * `pages`, told how many escalations were held back since the last page), or 'held'. False
   * when it was settled already (by another instance).
   */
  settle(escalationId: string, pages: ((held: number) => OnCallPage[]) | 'held'): Promise<boolean>;
  /** Queues pages about something other than an escalation (a failed urgent staff reply). */
  queue(pages: OnCallPage[]): Promise<void>;
}

/** Everything the service keeps: one interface, an engine per database. */
export interface Store extends ConversationStore, ActivityLog {
  sms: SmsStore;
  pager: PagerStore;
  staff: StaffStore;
  teaching: TeachingStore;
  curation: CurationStore;
  /** A named setting kept with the data (e.g. the token-signing key), created once. */
  setting(key: string, create: () => string): Promise<string>;
  /**
   * Runs `fn` holding a lock on `key` (a conversation) that every instance of the service
   * respects, so two messages of one patient never race, whichever instance each reached.
   */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
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
  /**
   * Messages left "sending" by a crash (claimed before `olderThan`, default now): never resent
   * blindly, marked failed for staff to check.
   */
  releaseInterrupted(olderThan?: Date): Promise<number>;
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

export type StaffRole = 'staff' | 'admin';

export interface StaffMember {
  id: string;
  email: string;
  role: StaffRole;
  /** What patients and colleagues see: the display name, or the email's name part until set. */
  name: string;
  /** False until a display name was given (at creation or on the set-up page). */
  named: boolean;
}

export interface StaffAccount extends StaffMember {
  disabled: boolean;
  /** False until the set-up link was used (or a password given at creation). */
  hasPassword: boolean;
  createdAt: string;
}

export interface StaffCredentials extends StaffMember {
  passwordHash: string | null;
  /** A disabled account cannot log in, and its sessions are gone. */
  disabled: boolean;
}

export interface QueueItem {
  escalationId: string;
  conversationId: string;
  channel: string;
  reason: EscalationReason;
  priority: 'urgent' | 'normal';
  lang: Lang;
  createdAt: string;
  status: 'open' | 'claimed';
  claimedBy: string | null;
  /** The display name of whoever claimed it. */
  claimedByName: string | null;
  lastPatientMessage: string | null;
}

export interface AuditEntry {
  /** Set when read back: the cursor for the next page. */
  id?: number;
  at: string;
  staffId: string | null;
  /** Set when read back: the staff member's email, so the log names people. */
  staffEmail?: string | null;
  action: string;
  conversationId: string | null;
  detail: string | null;
  /** A hash of the console session, so one view of a conversation is recorded once. */
  session?: string | null;
}

export interface AuditFilter {
  staffId?: string;
  /** The staff member's email (the audit page filters by it). */
  staffEmail?: string;
  action?: string;
  conversationId?: string;
  /** ISO times: entries at or after `from`, before `to`. */
  from?: string;
  to?: string;
  limit?: number;
  before?: number;
}

/** Staff accounts and sessions, who owns each conversation, and the audit log. */
export interface StaffStore {
  addStaff(
    email: string,
    role: StaffRole,
    passwordHash: string | null,
    setupTokenHash: string | null,
    displayName?: string | null,
  ): Promise<StaffMember>;
  /** False: no such account. */
  setDisplayName(staffId: string, displayName: string): Promise<boolean>;
  byId(staffId: string): Promise<StaffMember | undefined>;
  credentials(email: string): Promise<StaffCredentials | undefined>;
  /** The account a set-up link was issued for, if it was issued after `issuedAfter`. */
  bySetupToken(tokenHash: string, issuedAfter: string): Promise<StaffMember | undefined>;
  /** A new one-time set-up link for an account (a first password, or a forgotten one). */
  issueSetupLink(staffId: string, tokenHash: string): Promise<void>;
  /** Sets the password and ends every session of the account (a reset logs everyone out). */
  setPassword(staffId: string, passwordHash: string): Promise<void>;
  /** Disables (or enables) an account; disabling ends its sessions. False: no such account. */
  setDisabled(email: string, disabled: boolean): Promise<boolean>;
  /** False: no such account. */
  setRole(email: string, role: StaffRole): Promise<boolean>;
  /** Every account, by email, for the clinic's IT person. */
  listStaff(): Promise<StaffAccount[]>;
  createSession(tokenHash: string, staffId: string, csrf: string, expiresAt: string): Promise<void>;
  session(
    tokenHash: string,
  ): Promise<{ member: StaffMember; csrf: string; expiresAt: string } | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  ownerOf(conversationId: string): Promise<{ owner: 'bot' | 'staff'; staffId: string | null }>;
  /** Hands the conversation to a staff member; false when another already has it. */
  claim(conversationId: string, staffId: string): Promise<boolean>;
  /** The bot takes the conversation back; open escalations are resolved. */
  resolve(conversationId: string, staffId: string): Promise<boolean>;
  queue(): Promise<QueueItem[]>;
  channelOf(conversationId: string): Promise<{ channel: string; lang: Lang | null } | undefined>;
  audit(entry: Omit<AuditEntry, 'at' | 'id' | 'staffEmail'>): Promise<void>;
  /**
   * Records a staff member's view of a conversation, once per console session: false when this
   * session's view of it is already in the log (the console refreshing what is open).
   */
  auditViewOnce(staffId: string, session: string, conversationId: string): Promise<boolean>;
  /** Newest first; `before` (an entry's id) pages back through older entries. */
  auditLog(filter: AuditFilter): Promise<AuditEntry[]>;
  handoffs(
    conversationId: string,
  ): Promise<{ staffId: string; staffName: string; startedAt: string; endedAt: string | null }[]>;
}

/** A question added to an entry, or a whole new entry, as staff drafted it. */
export interface KnowledgeChange {
  id: number;
  kind: 'question' | 'entry';
  entryId: string;
  payload:
    | { lang: Lang; question: string }
    | {
        title: Record<Lang, string>;
        questions: Record<Lang, string[]>;
        answer: Record<Lang, string>;
        sms?: Partial<Record<Lang, string>>;
      };
  status: 'draft' | 'approved' | 'rejected';
  proposedBy: string;
  decidedBy: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface TeachingStore {
  propose(
    c: Pick<KnowledgeChange, 'kind' | 'entryId' | 'payload' | 'proposedBy'>,
  ): Promise<KnowledgeChange>;
  get(id: number): Promise<KnowledgeChange | undefined>;
  list(status?: KnowledgeChange['status']): Promise<KnowledgeChange[]>;
  /** Approves or rejects a draft; false when it was already decided. */
  decide(id: number, status: 'approved' | 'rejected', staffId: string): Promise<boolean>;
  /** Recent distinct patient messages, to show what a change would answer differently. */
  patientMessages(limit: number): Promise<string[]>;
}

/**
 * What an admin curated on the Knowledge page: a question wording, Spanish text written for an
 * entry, or a review mark (of a changed page's English, of Spanish awaiting review). A mark
 * names the hash of the text it reviewed, so a later change to that text needs a review again.
 */
export interface Curation {
  id: number;
  entryId: string;
  kind: 'question' | 'spanish' | 'source-reviewed' | 'spanish-reviewed';
  payload:
    | { lang: Lang; question: string }
    | { answer: string; sms?: string; english: string }
    | { hash: string };
  /** Spanish text is 'pending' until an admin approves it; nothing is live before 'published'. */
  status: 'pending' | 'approved' | 'published' | 'replaced';
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedAt: string | null;
}

export interface CurationStore {
  add(
    c: Pick<Curation, 'entryId' | 'kind' | 'payload' | 'createdBy'> & {
      status: 'pending' | 'approved';
    },
  ): Promise<Curation>;
  get(id: number): Promise<Curation | undefined>;
  /** Everything but what was replaced, oldest first. */
  list(): Promise<Curation[]>;
  /** Pending Spanish text approved; false when it was not pending. */
  approve(id: number, staffId: string): Promise<boolean>;
  /** Everything approved becomes published; returns what it published. */
  publish(staffId: string): Promise<Curation[]>;
  /** Back to approved (a publish the knowledge could not take). */
  unpublish(ids: number[]): Promise<void>;
  published(): Promise<Curation[]>;
  /** The Knowledge page's views for the audit log: one a session. */
  auditViewOnce(staffId: string, session: string): Promise<boolean>;
}

/** How a past conversation ended up, the most serious first. */
export type Outcome = 'emergency' | 'staff' | 'escalated' | 'answered';

export interface HistoryFilter {
  /** Words the patient, the bot or staff said (matched after decrypting, case and accents folded). */
  text?: string;
  /** ISO times: conversations started at or after `from`, before `to`. */
  from?: string;
  to?: string;
  channel?: string;
  lang?: Lang;
  outcome?: Outcome;
  /** The page's size. */
  limit: number;
  /** The `next` of the page before. */
  before?: string;
  /** Also the conversations still in the queue or with staff (exports); the history has them not. */
  includeOpen?: boolean;
}

export interface HistoryItem {
  conversationId: string;
  channel: string;
  lang: Lang | null;
  startedAt: string;
  lastAt: string;
  messages: number;
  outcome: Outcome;
  /** The patient's first message. */
  firstMessage: string | null;
}

export interface HistoryPage {
  items: HistoryItem[];
  /** Pass as `before` for older ones; null when there are none. */
  next: string | null;
  /** Conversations read to fill this page (a text search opens each one's words). */
  scanned: number;
}

export interface UnansweredQuestion {
  at: string;
  conversationId: string;
  channel: string;
  lang: Lang;
  reason: EscalationReason;
  topic: string | null;
  question: string | null;
  considered: { id: string; confidence: number }[];
  status: string;
}

/** What a staff message went through, as the console shows it. */
export type DeliveryState =
  'queued' | 'sending' | 'retrying' | 'sent' | 'delivered' | 'read' | 'failed';

export interface StaffMessageRecord {
  id: number;
  conversationId: string;
  at: string;
  staffId: string | null;
  staffName: string | null;
  channel: string;
  state: DeliveryState;
  /** Why it failed, or why it is being retried. */
  reason: string | null;
  /** Set when a failure of this message on an urgent conversation alerted staff. */
  alertedAt: string | null;
  acknowledgedAt: string | null;
}
