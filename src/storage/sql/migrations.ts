/**
 * Versioned schema changes, one list per engine, applied in order once each; never edit one that
 * has shipped, add the next. A change goes into both lists.
 */
export const SQLITE_MIGRATIONS: string[] = [
  `CREATE TABLE bot_state (
     key TEXT PRIMARY KEY,
     etag INTEGER NOT NULL,
     doc TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE conversations (
     id TEXT PRIMARY KEY,
     channel TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE activities (
     conversation_id TEXT NOT NULL REFERENCES conversations(id),
     seq INTEGER NOT NULL,
     activity TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (conversation_id, seq)
   );
   CREATE TABLE transcript (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     conversation_id TEXT NOT NULL,
     at TEXT NOT NULL,
     sender TEXT NOT NULL,
     text TEXT NOT NULL
   );
   CREATE INDEX transcript_by_conversation ON transcript (conversation_id, id);
   CREATE TABLE escalations (
     id TEXT PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     channel TEXT NOT NULL,
     reason TEXT NOT NULL,
     priority TEXT NOT NULL,
     lang TEXT NOT NULL,
     considered TEXT NOT NULL,
     topic TEXT,
     status TEXT NOT NULL DEFAULT 'open',
     created_at TEXT NOT NULL
   );
   CREATE INDEX escalations_open ON escalations (status, priority, created_at);
   CREATE TABLE turns (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     conversation_id TEXT NOT NULL,
     action TEXT NOT NULL,
     lang TEXT NOT NULL,
     entry_id TEXT,
     confidence REAL,
     ranked TEXT NOT NULL,
     at TEXT NOT NULL
   );
   CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  // 2: SMS: who each SMS conversation is with, opt-outs, webhook retries, and the outbox.
  `CREATE TABLE sms_contacts (
     conversation_id TEXT PRIMARY KEY,
     patient_number TEXT NOT NULL,
     clinic_number TEXT NOT NULL,
     opted_out INTEGER NOT NULL DEFAULT 0,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE sms_inbound (
     message_sid TEXT PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     reply TEXT NOT NULL,
     received_at TEXT NOT NULL
   );
   CREATE TABLE sms_outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     conversation_id TEXT NOT NULL,
     body TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'queued',
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at TEXT NOT NULL,
     twilio_sid TEXT,
     error TEXT,
     delivery TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX sms_outbox_due ON sms_outbox (status, next_attempt_at);
   CREATE UNIQUE INDEX sms_outbox_sid ON sms_outbox (twilio_sid);`,
  // 3: staff, sessions, who owns each conversation, handoffs and the audit log.
  `CREATE TABLE staff (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE,
     role TEXT NOT NULL,
     password_hash TEXT,
     setup_token_hash TEXT,
     failed_logins INTEGER NOT NULL DEFAULT 0,
     locked_until TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE staff_sessions (
     token_hash TEXT PRIMARY KEY,
     staff_id TEXT NOT NULL REFERENCES staff(id),
     csrf TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );
   ALTER TABLE conversations ADD COLUMN owner TEXT NOT NULL DEFAULT 'bot';
   ALTER TABLE conversations ADD COLUMN owner_staff_id TEXT;
   ALTER TABLE conversations ADD COLUMN lang TEXT;
   CREATE TABLE handoffs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     conversation_id TEXT NOT NULL,
     staff_id TEXT NOT NULL,
     started_at TEXT NOT NULL,
     ended_at TEXT
   );
   ALTER TABLE escalations ADD COLUMN claimed_by TEXT;
   ALTER TABLE escalations ADD COLUMN resolved_at TEXT;
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     staff_id TEXT,
     action TEXT NOT NULL,
     conversation_id TEXT,
     detail TEXT
   );
   CREATE INDEX audit_by_time ON audit (at);`,
  // 4: what staff taught the bot: drafts, and what an admin approved.
  `CREATE TABLE knowledge_changes (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     entry_id TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'draft',
     proposed_by TEXT NOT NULL,
     decided_by TEXT,
     created_at TEXT NOT NULL,
     decided_at TEXT
   );`,
  // 5: each conversation counts its activities, so two instances never give out one watermark
  // twice.
  `ALTER TABLE conversations ADD COLUMN last_seq INTEGER NOT NULL DEFAULT -1;
   UPDATE conversations SET last_seq =
     COALESCE((SELECT MAX(seq) FROM activities a WHERE a.conversation_id = conversations.id), -1);`,
  // 6: when a staff set-up link was issued, so that it expires (and can be issued again).
  `ALTER TABLE staff ADD COLUMN setup_issued_at TEXT;`,
  // 7: a turn keeps its conversation's language, inside the turn's own insert: as a statement of
  // its own it ran on every message, a write that nearly always changed nothing.
  `CREATE TRIGGER turns_keep_conversation_lang AFTER INSERT ON turns
   BEGIN
     UPDATE conversations SET lang = NEW.lang
      WHERE id = NEW.conversation_id AND lang IS NOT NEW.lang;
   END;`,
  // 8: on-call paging settled per urgent escalation (sent or held back by the limits), with the
  // page stored in the outbox in the same transaction; chat conversations revoked by "delete my
  // data"; staff accounts that can be disabled. Escalations from before are not paged now.
  `ALTER TABLE escalations ADD COLUMN paged_at TEXT;
   ALTER TABLE escalations ADD COLUMN page TEXT;
   UPDATE escalations SET paged_at = created_at, page = 'none';
   CREATE INDEX escalations_unpaged ON escalations (priority, paged_at);
   ALTER TABLE conversations ADD COLUMN revoked_at TEXT;
   ALTER TABLE staff ADD COLUMN disabled_at TEXT;`,
  // 9: where each bot answer's words come from (the page, section or document), for staff.
  `ALTER TABLE transcript ADD COLUMN source TEXT;`,
  // 10: a web-chat patient's way back to their conversation after its tokens expired (a
  // secret the page keeps, stored hashed).
  `CREATE TABLE webchat_resume (
     secret_hash TEXT PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );
   CREATE INDEX webchat_resume_by_conversation ON webchat_resume (conversation_id);`,
  // 11: staff are people (a display name); each staff message with its delivery (an SMS's outbox
  // row) and, when a failed one was urgent, its alert; an audit entry knows its session, so a
  // console that refreshes an open conversation records one view, not one per refresh; history
  // is looked up by time.
  `ALTER TABLE staff ADD COLUMN display_name TEXT;
   ALTER TABLE audit ADD COLUMN session TEXT;
   CREATE INDEX audit_by_conversation ON audit (conversation_id, staff_id);
   CREATE UNIQUE INDEX audit_one_view ON audit (conversation_id, staff_id, session)
     WHERE action = 'view-conversation' AND session IS NOT NULL;
   CREATE TABLE staff_messages (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     conversation_id TEXT NOT NULL,
     at TEXT NOT NULL,
     staff_id TEXT,
     channel TEXT NOT NULL,
     outbox_id INTEGER,
     alerted_at TEXT,
     acknowledged_at TEXT,
     acknowledged_by TEXT
   );
   CREATE INDEX staff_messages_by_conversation ON staff_messages (conversation_id, at);
   CREATE INDEX staff_messages_by_outbox ON staff_messages (outbox_id);
   CREATE INDEX sms_outbox_updated ON sms_outbox (updated_at);
   CREATE INDEX conversations_by_time ON conversations (created_at);`,
  // 12: whether a web-chat patient's widget has received staff's messages: each staff message
  // knows its place in the chat's history, the conversation how far staff's messages were shown.
  `ALTER TABLE staff_messages ADD COLUMN activity_seq INTEGER;
   ALTER TABLE conversations ADD COLUMN staff_shown_seq INTEGER;`,
  // 13: what admins curate on the Knowledge page (wordings, Spanish text, review marks), kept
  // apart from what staff teach: it is published as a whole, and Spanish waits for approval.
  `CREATE TABLE knowledge_curation (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     entry_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL,
     approved_by TEXT,
     approved_at TEXT,
     published_by TEXT,
     published_at TEXT
   );
   CREATE INDEX knowledge_curation_by_status ON knowledge_curation (status, id);`,
];

/** The same schema on PostgreSQL, as SQLite's migrations 1-5 leave it. */
export const PG_MIGRATIONS: string[] = [
  `CREATE TABLE bot_state (
     key TEXT PRIMARY KEY,
     etag TEXT NOT NULL,
     doc TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE conversations (
     id TEXT PRIMARY KEY,
     channel TEXT NOT NULL,
     created_at TEXT NOT NULL,
     owner TEXT NOT NULL DEFAULT 'bot',
     owner_staff_id TEXT,
     lang TEXT,
     last_seq INTEGER NOT NULL DEFAULT -1
   );
   CREATE TABLE activities (
     conversation_id TEXT NOT NULL REFERENCES conversations(id),
     seq INTEGER NOT NULL,
     activity TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (conversation_id, seq)
   );
   CREATE TABLE transcript (
     id BIGSERIAL PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     at TEXT NOT NULL,
     sender TEXT NOT NULL,
     text TEXT NOT NULL
   );
   CREATE INDEX transcript_by_conversation ON transcript (conversation_id, id);
   CREATE TABLE escalations (
     id TEXT PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     channel TEXT NOT NULL,
     reason TEXT NOT NULL,
     priority TEXT NOT NULL,
     lang TEXT NOT NULL,
     considered TEXT NOT NULL,
     topic TEXT,
     status TEXT NOT NULL DEFAULT 'open',
     created_at TEXT NOT NULL,
     claimed_by TEXT,
     resolved_at TEXT
   );
   CREATE INDEX escalations_open ON escalations (status, priority, created_at);
   CREATE TABLE turns (
     id BIGSERIAL PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     action TEXT NOT NULL,
     lang TEXT NOT NULL,
     entry_id TEXT,
     confidence DOUBLE PRECISION,
     ranked TEXT NOT NULL,
     at TEXT NOT NULL
   );
   CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );
   CREATE TABLE sms_contacts (
     conversation_id TEXT PRIMARY KEY,
     patient_number TEXT NOT NULL,
     clinic_number TEXT NOT NULL,
     opted_out INTEGER NOT NULL DEFAULT 0,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE sms_inbound (
     message_sid TEXT PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     reply TEXT NOT NULL,
     received_at TEXT NOT NULL
   );
   CREATE TABLE sms_outbox (
     id BIGSERIAL PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     body TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'queued',
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at TEXT NOT NULL,
     twilio_sid TEXT,
     error TEXT,
     delivery TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX sms_outbox_due ON sms_outbox (status, next_attempt_at);
   CREATE UNIQUE INDEX sms_outbox_sid ON sms_outbox (twilio_sid);
   CREATE TABLE staff (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE,
     role TEXT NOT NULL,
     password_hash TEXT,
     setup_token_hash TEXT,
     failed_logins INTEGER NOT NULL DEFAULT 0,
     locked_until TEXT,
     created_at TEXT NOT NULL
   );
   CREATE TABLE staff_sessions (
     token_hash TEXT PRIMARY KEY,
     staff_id TEXT NOT NULL REFERENCES staff(id),
     csrf TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );
   CREATE TABLE handoffs (
     id BIGSERIAL PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     staff_id TEXT NOT NULL,
     started_at TEXT NOT NULL,
     ended_at TEXT
   );
   CREATE TABLE audit (
     id BIGSERIAL PRIMARY KEY,
     at TEXT NOT NULL,
     staff_id TEXT,
     action TEXT NOT NULL,
     conversation_id TEXT,
     detail TEXT
   );
   CREATE INDEX audit_by_time ON audit (at);
   CREATE TABLE knowledge_changes (
     id BIGSERIAL PRIMARY KEY,
     kind TEXT NOT NULL,
     entry_id TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'draft',
     proposed_by TEXT NOT NULL,
     decided_by TEXT,
     created_at TEXT NOT NULL,
     decided_at TEXT
   );`,
  // 2: as SQLite's 6.
  `ALTER TABLE staff ADD COLUMN IF NOT EXISTS setup_issued_at TEXT;`,
  // 3: as SQLite's 7 (and one round trip a message fewer).
  `CREATE OR REPLACE FUNCTION turns_keep_conversation_lang() RETURNS trigger
   LANGUAGE plpgsql AS $$
   BEGIN
     UPDATE conversations SET lang = NEW.lang
      WHERE id = NEW.conversation_id AND lang IS DISTINCT FROM NEW.lang;
     RETURN NULL;
   END $$;
   CREATE TRIGGER turns_keep_conversation_lang AFTER INSERT ON turns
   FOR EACH ROW EXECUTE FUNCTION turns_keep_conversation_lang();`,
  // 4: as SQLite's 8.
  `ALTER TABLE escalations ADD COLUMN IF NOT EXISTS paged_at TEXT;
   ALTER TABLE escalations ADD COLUMN IF NOT EXISTS page TEXT;
   UPDATE escalations SET paged_at = created_at, page = 'none' WHERE paged_at IS NULL;
   CREATE INDEX IF NOT EXISTS escalations_unpaged ON escalations (priority, paged_at);
   ALTER TABLE conversations ADD COLUMN IF NOT EXISTS revoked_at TEXT;
   ALTER TABLE staff ADD COLUMN IF NOT EXISTS disabled_at TEXT;`,
  // 5: as SQLite's 9.
  `ALTER TABLE transcript ADD COLUMN IF NOT EXISTS source TEXT;`,
  // 6: as SQLite's 10.
  `CREATE TABLE IF NOT EXISTS webchat_resume (
     secret_hash TEXT PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS webchat_resume_by_conversation ON webchat_resume (conversation_id);`,
  // 7: as SQLite's 11.
  `ALTER TABLE staff ADD COLUMN IF NOT EXISTS display_name TEXT;
   ALTER TABLE audit ADD COLUMN IF NOT EXISTS session TEXT;
   CREATE INDEX IF NOT EXISTS audit_by_conversation ON audit (conversation_id, staff_id);
   CREATE UNIQUE INDEX IF NOT EXISTS audit_one_view ON audit (conversation_id, staff_id, session)
     WHERE action = 'view-conversation' AND session IS NOT NULL;
   CREATE TABLE IF NOT EXISTS staff_messages (
     id BIGSERIAL PRIMARY KEY,
     conversation_id TEXT NOT NULL,
     at TEXT NOT NULL,
     staff_id TEXT,
     channel TEXT NOT NULL,
     outbox_id BIGINT,
     alerted_at TEXT,
     acknowledged_at TEXT,
     acknowledged_by TEXT
   );
   CREATE INDEX IF NOT EXISTS staff_messages_by_conversation ON staff_messages (conversation_id, at);
   CREATE INDEX IF NOT EXISTS staff_messages_by_outbox ON staff_messages (outbox_id);
   CREATE INDEX IF NOT EXISTS sms_outbox_updated ON sms_outbox (updated_at);
   CREATE INDEX IF NOT EXISTS conversations_by_time ON conversations (created_at);`,
  // 8: as SQLite's 12.
  `ALTER TABLE staff_messages ADD COLUMN IF NOT EXISTS activity_seq BIGINT;
   ALTER TABLE conversations ADD COLUMN IF NOT EXISTS staff_shown_seq BIGINT;`,
  // 9: as SQLite's 13.
  `CREATE TABLE IF NOT EXISTS knowledge_curation (
     id BIGSERIAL PRIMARY KEY,
     entry_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL,
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL,
     approved_by TEXT,
     approved_at TEXT,
     published_by TEXT,
     published_at TEXT
   );
   CREATE INDEX IF NOT EXISTS knowledge_curation_by_status ON knowledge_curation (status, id);`,
];
