import type { Request } from 'restify';
import { badRequest, conflict, notFound } from '../http/errors';
import { hasControlCharacters } from '../http/text';
import { textHash } from '../knowledge/curated';
import type { Procedure } from '../knowledge/types';
import { LANGS, langOf } from '../language/langs';
import { smsLength } from '../language/smsLength';
import type { Curation, Store } from '../storage/types';
import type { StaffRoutes } from './access';
import { staffOf } from './auth';
import type { Curator } from './curator';
import {
  STATUSES,
  entryView,
  groupEntries,
  type EntryView,
  type KnowledgeStatus,
  type ViewOptions,
} from './knowledgeView';
import { queryOf } from './query';
import { sessionRef } from './routes';

const MAX_QUESTION = 300;
const MAX_ANSWER = 4000;

/** A text field of the body, trimmed: line breaks and tabs allowed where `lines`. */
function text(req: Request, name: string, max: number, lines = false): string | undefined {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw badRequest(`${name} is text`);
  const t = v.trim();
  if (t.length > max) throw badRequest(`${name} is at most ${max} characters`);
  // A NUL failed PostgreSQL's insert (a 500); other control characters are never typed.
  if (hasControlCharacters(lines ? t.replace(/[\n\r\t]/g, '') : t))
    throw badRequest(`${name} has control characters`);
  return t || undefined;
}

function matches(v: EntryView, q: string): boolean {
  const words = [v.id, v.title, ...LANGS.flatMap((l) => [...v.questions[l], v.answers[l].web])];
  if (v.spanish.draft) words.push(v.spanish.draft.text);
  const needle = q.toLowerCase();
  return words.some((w) => w.toLowerCase().includes(needle));
}

/**
 * The Knowledge page's API: entries by procedure and source with their replies, wordings,
 * Spanish and status, for every staff member; adding wordings, writing and approving Spanish,
 * marking a changed page reviewed and publishing, for admins. Each view and action is audited.
 */
export function registerKnowledgePage(
  routes: StaffRoutes,
  o: {
    store: Store;
    curator: Curator;
    procedures: () => readonly Procedure[];
    view: () => ViewOptions;
  },
): void {
  const audit = (req: Request, action: string, detail: string) =>
    o.store.staff.audit({ staffId: staffOf(req).member.id, action, conversationId: null, detail });
  const entryOf = (req: Request) => {
    const id = String(req.params.id);
    const e = hasControlCharacters(id) ? undefined : o.curator.entry(id);
    if (!e) throw notFound('no such entry');
    return e;
  };
  const add = (
    req: Request,
    entryId: string,
    kind: Curation['kind'],
    payload: Curation['payload'],
    status: 'pending' | 'approved',
  ) => o.store.curation.add({ entryId, kind, payload, status, createdBy: staffOf(req).member.id });
  /** A review mark of this kind already waits for Publish: a second click adds nothing. */
  const marked = async (entryId: string, kind: Curation['kind']) =>
    (await o.store.curation.list()).some(
      (c) => c.entryId === entryId && c.kind === kind && c.status === 'approved',
    );

  routes.get('/api/staff/knowledge/entries', 'staff', async (req, res) => {
    const q = queryOf(req, ['procedure', 'status', 'q']);
    if (q.status !== undefined && !STATUSES.includes(q.status as KnowledgeStatus))
      throw badRequest(`status is one of ${STATUSES.join(', ')}`);
    if (q.q !== undefined && q.q.length > 200) throw badRequest('search at most 200 characters');
    const s = staffOf(req);
    await o.store.curation.auditViewOnce(s.member.id, sessionRef(s.tokenHash));
    const curation = await o.store.curation.list();
    const options = o.view();
    const entries = o.curator
      .live()
      .filter((e) => !e.handoff)
      .filter((e) => q.procedure === undefined || (e.procedure ?? 'clinic') === q.procedure);
    const views = new Map<string, EntryView>();
    for (const e of entries) {
      const v = entryView(e, curation, options);
      if ((!q.status || v.status === q.status) && (!q.q || matches(v, q.q))) views.set(e.id, v);
    }
    res.send(200, {
      groups: groupEntries(entries, views, o.procedures()),
      procedures: o.procedures().map((p) => ({ id: p.id, name: p.name.en ?? p.name.es ?? p.id })),
      statuses: STATUSES,
      unpublished: curation.filter((c) => c.status === 'approved').length,
      canEdit: s.member.role === 'admin',
    });
  });

  routes.post('/api/staff/knowledge/entries/:id/questions', 'admin', async (req, res) => {
    const e = entryOf(req);
    const lang = langOf(text(req, 'lang', 5));
    if (!lang) throw badRequest(`lang is one of ${LANGS.join(', ')}`);
    const question = text(req, 'question', MAX_QUESTION);
    if (!question) throw badRequest(`the question is 1 to ${MAX_QUESTION} characters`);
    if (e.questions[lang]?.some((x) => x.toLowerCase() === question.toLowerCase()))
      throw conflict('the entry already has this wording');
    const created = await add(req, e.id, 'question', { lang, question }, 'approved');
    await audit(req, 'knowledge-question', `${e.id} ${lang}`);
    res.send(201, created);
  });

  routes.post('/api/staff/knowledge/entries/:id/spanish', 'admin', async (req, res) => {
    const e = entryOf(req);
    const answer = text(req, 'answer', MAX_ANSWER, true);
    if (!answer) throw badRequest(`the Spanish answer is 1 to ${MAX_ANSWER} characters`);
    const sms = text(req, 'sms', MAX_ANSWER, true);
    const budget = o.view().smsSegments;
    if (sms && smsLength(sms).segments > budget)
      throw badRequest(`the SMS form is at most ${budget} text messages long`);
    const payload = { answer, ...(sms ? { sms } : {}), english: textHash(e.answer.en) };
    // Never served before an admin approves it and it is published.
    const created = await add(req, e.id, 'spanish', payload, 'pending');
    await audit(req, 'knowledge-spanish', e.id);
    res.send(201, created);
  });

  routes.post('/api/staff/knowledge/entries/:id/spanish/approve', 'admin', async (req, res) => {
    const e = entryOf(req);
    const me = staffOf(req).member;
    const draft = (await o.store.curation.list()).find(
      (c) => c.entryId === e.id && c.kind === 'spanish' && c.status === 'pending',
    );
    let approved: Curation | undefined;
    if (draft) {
      if (!(await o.store.curation.approve(draft.id, me.id)))
        throw conflict('this Spanish text was already decided');
      approved = await o.store.curation.get(draft.id);
    } else if (
      e.answer.es !== undefined &&
      e.reviewPending.includes('es') &&
      !(await marked(e.id, 'spanish-reviewed'))
    ) {
      // The clinic's own translation, marked for review: approved as it reads now.
      approved = await add(
        req,
        e.id,
        'spanish-reviewed',
        { hash: textHash(e.answer.es) },
        'approved',
      );
    } else throw conflict('this entry has no Spanish text awaiting review');
    await audit(req, 'knowledge-spanish-approve', e.id);
    res.send(200, approved);
  });

  routes.post('/api/staff/knowledge/entries/:id/source-reviewed', 'admin', async (req, res) => {
    const e = entryOf(req);
    if (!e.sourceChanged) throw conflict('this entry’s page has not changed since its review');
    if (await marked(e.id, 'source-reviewed'))
      throw conflict('this entry is already marked reviewed, waiting to be published');
    const created = await add(
      req,
      e.id,
      'source-reviewed',
      { hash: textHash(e.answer.en) },
      'approved',
    );
    await audit(req, 'knowledge-source-reviewed', e.id);
    res.send(201, created);
  });

  routes.post('/api/staff/knowledge/publish', 'admin', async (req, res) => {
    const done = await o.curator.publish(staffOf(req).member.id);
    await audit(req, 'knowledge-publish', `${done.length} change${done.length === 1 ? '' : 's'}`);
    res.send(200, { published: done });
  });
}
