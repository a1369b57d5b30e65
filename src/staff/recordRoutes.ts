import type { Response } from 'restify';
import { notHeld } from '../http/durable';
import { badRequest, notFound } from '../http/errors';
import { LANGS, type Lang } from '../language/langs';
import type { SqlHistoryStore } from '../storage/sql/historyStore';
import type { SqlStaffMessageStore } from '../storage/sql/staffMessageStore';
import type { HistoryFilter, Outcome, StaffStore } from '../storage/types';
import type { StaffRoutes } from './access';
import { staffOf } from './auth';
import { csvRow } from './csv';
import { isoDay, queryOf, whole } from './query';

const OUTCOMES: Outcome[] = ['answered', 'escalated', 'staff', 'emergency'];
const HISTORY_PAGE = 25;
const AUDIT_PAGE = 200;
const AUDIT_PAGE_MAX = 1000;
/** Conversations an export reads a round, and at most in all. */
const EXPORT_BATCH = 200;
const EXPORT_MAX = 100_000;

const HISTORY_FILTERS = ['text', 'from', 'to', 'channel', 'lang', 'outcome'] as const;

/** The history's filters from the query, checked. */
function historyFilter(q: Record<string, string | undefined>): Omit<HistoryFilter, 'limit'> {
  if (q.outcome !== undefined && !OUTCOMES.includes(q.outcome as Outcome))
    throw badRequest(`outcome is one of ${OUTCOMES.join(', ')}`);
  if (q.lang !== undefined && !LANGS.includes(q.lang as Lang))
    throw badRequest(`lang is one of ${LANGS.join(', ')}`);
  if (q.text !== undefined && q.text.length > 200)
    throw badRequest('search at most 200 characters');
  return {
    text: q.text,
    from: isoDay('from', q.from),
    to: isoDay('to', q.to, true),
    channel: q.channel,
    lang: q.lang as Lang | undefined,
    outcome: q.outcome as Outcome | undefined,
    before: q.before,
  };
}

/** What a filter asked for, for the audit log (never the words searched: they may be a name). */
const described = (f: Omit<HistoryFilter, 'limit'>) =>
  Object.entries({ ...f, text: f.text ? '(text)' : undefined, before: undefined })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ') || 'all';

function csvHeaders(res: Response, name: string): void {
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`,
    'Cache-Control': 'no-store',
  });
  notHeld(res);
  // A byte-order mark, so spreadsheets read the accents of Spanish messages as UTF-8.
  res.write('\ufeff');
}

/**
 * The console's records: past conversations (searchable), CSV exports for admins, the audit
 * log naming staff by email, and the alerts raised by failed urgent replies.
 */
export function registerRecords(
  routes: StaffRoutes,
  o: { staff: StaffStore; history: SqlHistoryStore; messages: SqlStaffMessageStore },
): void {
  routes.get('/api/staff/history', 'staff', async (req, res) => {
    const q = queryOf(req, [...HISTORY_FILTERS, 'before', 'limit']);
    const limit = whole('limit', q.limit, 100) ?? HISTORY_PAGE;
    res.send(200, await o.history.history({ ...historyFilter(q), limit }));
  });

  routes.get('/api/staff/export/conversations.csv', 'admin', async (req, res) => {
    const filter = historyFilter(queryOf(req, HISTORY_FILTERS));
    await o.staff.audit({
      staffId: staffOf(req).member.id,
      action: 'export-conversations',
      conversationId: null,
      detail: described(filter),
    });
    csvHeaders(res, 'conversations');
    res.write(
      csvRow(['conversation', 'started', 'channel', 'language', 'outcome', 'at', 'from', 'text']),
    );
    // One row a message, conversation after conversation, newest conversation first; the
    // conversations still open are in it too (the history page lists only the finished ones).
    let before: string | undefined = filter.before;
    for (let read = 0; read < EXPORT_MAX; read += EXPORT_BATCH) {
      const page = await o.history.history({
        ...filter,
        before,
        limit: EXPORT_BATCH,
        includeOpen: true,
      });
      const lines = await o.history.linesOf(page.items.map((i) => i.conversationId));
      for (const c of page.items)
        for (const l of lines.filter((x) => x.conversationId === c.conversationId))
          res.write(
            csvRow([
              c.conversationId,
              c.startedAt,
              c.channel,
              c.lang,
              c.outcome,
              l.at,
              l.from,
              l.text,
            ]),
          );
      if (!page.next) break;
      before = page.next;
    }
    res.end();
  });

  routes.get('/api/staff/export/unanswered.csv', 'admin', async (req, res) => {
    const q = queryOf(req, ['from', 'to']);
    const from = isoDay('from', q.from);
    const to = isoDay('to', q.to, true);
    await o.staff.audit({
      staffId: staffOf(req).member.id,
      action: 'export-unanswered',
      conversationId: null,
      detail: described({ from, to }),
    });
    const rows = await o.history.unanswered(from, to);
    csvHeaders(res, 'unanswered-questions');
    res.write(
      csvRow([
        'at',
        'conversation',
        'channel',
        'language',
        'reason',
        'topic',
        'question',
        'bot considered',
        'status',
      ]),
    );
    for (const r of rows)
      res.write(
        csvRow([
          r.at,
          r.conversationId,
          r.channel,
          r.lang,
          r.reason,
          r.topic,
          r.question,
          r.considered.map((c) => `${c.id} (${Math.round(c.confidence * 100)}%)`).join('; '),
          r.status,
        ]),
      );
    res.end();
  });

  routes.get('/api/staff/audit', 'admin', async (req, res) => {
    const q = queryOf(req, [
      'staff',
      'email',
      'action',
      'conversation',
      'from',
      'to',
      'before',
      'limit',
    ]);
    const limit = whole('limit', q.limit, AUDIT_PAGE_MAX) ?? AUDIT_PAGE;
    const entries = await o.staff.auditLog({
      staffId: q.staff,
      staffEmail: q.email,
      action: q.action,
      conversationId: q.conversation,
      from: isoDay('from', q.from),
      to: isoDay('to', q.to, true),
      before: whole('before', q.before, Number.MAX_SAFE_INTEGER),
      limit,
    });
    // A full page may have older entries: `next` asks for them (?before=next).
    const next = entries.length === limit ? (entries[entries.length - 1].id ?? null) : null;
    res.send(200, { entries, next });
  });

  routes.get('/api/staff/alerts', 'staff', async (_req, res) =>
    res.send(200, { alerts: await o.messages.openAlerts() }),
  );

  routes.post('/api/staff/alerts/:id/acknowledge', 'staff', async (req, res) => {
    const id = whole('id', String(req.params.id), Number.MAX_SAFE_INTEGER);
    const me = staffOf(req).member;
    const alert = (await o.messages.openAlerts()).find((a) => a.id === id);
    if (!alert || !(await o.messages.acknowledge(alert.id, me.id)))
      throw notFound('no such open alert');
    await o.staff.audit({
      staffId: me.id,
      action: 'alert-acknowledged',
      conversationId: alert.conversationId,
      detail: null,
    });
    res.send(200, { acknowledged: true });
  });
}
