import { fold } from '../../language/normalize';
import type { Lang } from '../../language/langs';
import type {
  HistoryFilter,
  HistoryItem,
  HistoryPage,
  Outcome,
  TranscriptLine,
  UnansweredQuestion,
} from '../types';
import type { Fields } from '../crypto';
import { PLAIN } from '../crypto';
import type { SqlDriver } from './driver';

type Row = Record<string, string | number | null>;

/** A text search reads at most this many conversations a request; `next` goes on from there. */
export const SEARCH_SCAN = 2000;
const BATCH = 200;

// The most serious thing that happened in each conversation.
const OUTCOME = `CASE
  WHEN EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id AND e.reason IN ('emergency', 'crisis')) THEN 'emergency'
  WHEN EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id)
    OR EXISTS (SELECT 1 FROM transcript t WHERE t.conversation_id = c.id AND t.sender = 'staff') THEN 'staff'
  WHEN EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id) THEN 'escalated'
  ELSE 'answered' END`;

// Conversations in which something was said (and, for the history, that are over: none is
// waiting in the queue or with staff).
const SAID = (past: boolean) => `SELECT c.id, c.channel, c.lang, c.created_at,
    (SELECT MAX(t.at) FROM transcript t WHERE t.conversation_id = c.id) AS last_at,
    (SELECT COUNT(*) FROM transcript t WHERE t.conversation_id = c.id) AS messages,
    (SELECT t.text FROM transcript t WHERE t.conversation_id = c.id AND t.sender = 'patient' ORDER BY t.id LIMIT 1) AS first_text,
    ${OUTCOME} AS outcome
  FROM conversations c
  WHERE c.revoked_at IS NULL AND EXISTS (SELECT 1 FROM transcript t WHERE t.conversation_id = c.id)
  ${past ? `AND c.owner = 'bot' AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id AND e.status != 'resolved')` : ''}`;

/** "2026-12-01T10:00:00.000Z|c_abc": the last conversation of a page, in the list's order. */
const cursorOf = (r: Row) => `${String(r.created_at)}|${String(r.id)}`;

/**
 * Past conversations for the console's history, and the exports. Patients' words are sealed
 * with DATA_KEY, so a text search opens them here, in the service, conversation by conversation.
 */
export class SqlHistoryStore {
  constructor(
    private readonly sql: SqlDriver,
    private readonly fields: Fields = PLAIN,
  ) {}

  /** Newest first. A text search reads at most SEARCH_SCAN conversations a call. */
  async history(f: HistoryFilter): Promise<HistoryPage> {
    const items: HistoryItem[] = [];
    const wanted = f.text ? fold(f.text).trim() : '';
    let before = f.before;
    let scanned = 0;
    for (;;) {
      const rows = await this.batch(f, before, wanted ? BATCH : f.limit);
      if (!rows.length) return { items, next: null, scanned };
      const texts = wanted ? await this.textsOf(rows.map((r) => String(r.id))) : undefined;
      for (const r of rows) {
        scanned += 1;
        before = cursorOf(r);
        if (!texts || texts.get(String(r.id))?.includes(wanted)) items.push(this.item(r));
        if (items.length === f.limit || (wanted && scanned >= SEARCH_SCAN))
          return { items, next: before, scanned };
      }
      if (rows.length < (wanted ? BATCH : f.limit)) return { items, next: null, scanned };
    }
  }

  private async batch(f: HistoryFilter, before: string | undefined, limit: number) {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (f.from) add('x.created_at >= ?', f.from);
    if (f.to) add('x.created_at < ?', f.to);
    if (f.channel) add('x.channel = ?', f.channel);
    if (f.lang) add('x.lang = ?', f.lang);
    if (f.outcome) add('x.outcome = ?', f.outcome);
    if (before) {
      const [at, id] = [
        before.slice(0, before.indexOf('|')),
        before.slice(before.indexOf('|') + 1),
      ];
      add('(x.created_at < ? OR (x.created_at = ? AND x.id < ?))', at, at, id);
    }
    return this.sql.all<Row>(
      `SELECT * FROM (${SAID(!f.includeOpen)}) x ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY x.created_at DESC, x.id DESC LIMIT ?`,
      [...params, limit],
    );
  }

  /** Each conversation's words, opened and folded (case and accents), for a text search. */
  private async textsOf(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.sql.all<Row>(
      `SELECT conversation_id, text FROM transcript WHERE conversation_id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
      ids,
    );
    const texts = new Map<string, string>();
    for (const r of rows) {
      const id = String(r.conversation_id);
      texts.set(id, `${texts.get(id) ?? ''} ${fold(this.fields.open(String(r.text)))}`);
    }
    return texts;
  }

  private item(r: Row): HistoryItem {
    return {
      conversationId: String(r.id),
      channel: String(r.channel),
      lang: (r.lang as Lang | null) ?? null,
      startedAt: String(r.created_at),
      lastAt: String(r.last_at),
      messages: Number(r.messages),
      outcome: r.outcome as Outcome,
      firstMessage: r.first_text === null ? null : this.fields.open(String(r.first_text)),
    };
  }

  /** Every line of the conversations, for the CSV export (one conversation's lines together). */
  async linesOf(conversationIds: string[]): Promise<TranscriptLine[]> {
    if (!conversationIds.length) return [];
    const rows = await this.sql.all<Row>(
      `SELECT conversation_id, at, sender, text FROM transcript
        WHERE conversation_id IN (${conversationIds.map(() => '?').join(', ')}) ORDER BY conversation_id, id`,
      conversationIds,
    );
    return rows.map((r) => ({
      conversationId: String(r.conversation_id),
      at: String(r.at),
      from: r.sender as TranscriptLine['from'],
      text: this.fields.open(String(r.text)),
    }));
  }

  /** What the bot could not answer ('unsure' and 'topic' escalations), newest first. */
  async unanswered(from?: string, to?: string): Promise<UnansweredQuestion[]> {
    const rows = await this.sql.all<Row>(
      `SELECT e.created_at, e.conversation_id, e.channel, e.lang, e.reason, e.topic, e.considered, e.status,
              (SELECT t.text FROM transcript t WHERE t.conversation_id = e.conversation_id AND t.sender = 'patient'
                 AND t.at <= e.created_at ORDER BY t.id DESC LIMIT 1) AS question
         FROM escalations e
        WHERE e.reason IN ('unsure', 'topic') AND e.created_at >= ? AND e.created_at < ?
        ORDER BY e.created_at DESC`,
      [from ?? '', to ?? '9999'],
    );
    return rows.map((r) => ({
      at: String(r.created_at),
      conversationId: String(r.conversation_id),
      channel: String(r.channel),
      lang: r.lang as Lang,
      reason: r.reason as UnansweredQuestion['reason'],
      topic: (r.topic as string | null) ?? null,
      question: r.question === null ? null : this.fields.open(String(r.question)),
      considered: JSON.parse(String(r.considered)) as UnansweredQuestion['considered'],
      status: String(r.status),
    }));
  }
}
