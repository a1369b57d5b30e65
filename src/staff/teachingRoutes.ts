import type { Request } from 'restify';
import { badRequest, conflict, notFound } from '../http/errors';
import { hasControlCharacters, wholeNumber } from '../http/text';
import type { KnowledgeChange, Store } from '../storage/types';
import type { StaffRoutes } from './access';
import { staffOf } from './auth';
import type { Teacher } from './teaching';

const STATUSES: KnowledgeChange['status'][] = ['draft', 'approved', 'rejected'];

/** Teaching the bot from the console: drafts by any staff member, approval by an admin. */
export function registerTeaching(
  routes: StaffRoutes,
  o: {
    store: Store;
    teacher: Teacher;
    entries: () => { id: string; title: string }[];
  },
): void {
  const change = async (req: Request) => {
    // Ids are whole numbers: "1.5" or "1e30" failed in PostgreSQL's integer column (a 500).
    const id = wholeNumber(String(req.params.id), 1, Number.MAX_SAFE_INTEGER);
    if (id === undefined) throw notFound('no such change');
    const c = await o.store.teaching.get(id);
    if (!c) throw notFound('no such change');
    return c;
  };

  routes.get('/api/staff/knowledge', 'staff', async (_req, res) =>
    res.send(200, { entries: o.entries() }),
  );

  routes.get('/api/staff/knowledge/changes', 'staff', async (req, res) => {
    // One known status or none: a repeated ?status= came as an array and failed the query.
    const status: unknown = req.query?.status;
    if (status !== undefined && !STATUSES.includes(status as KnowledgeChange['status']))
      throw badRequest(`status is one of ${STATUSES.join(', ')}`);
    res.send(200, {
      changes: await o.store.teaching.list(status as KnowledgeChange['status'] | undefined),
    });
  });

  routes.post('/api/staff/knowledge/changes', 'staff', async (req, res) => {
    const body = (req.body ?? {}) as Partial<KnowledgeChange>;
    if (
      (body.kind !== 'question' && body.kind !== 'entry') ||
      typeof body.entryId !== 'string' ||
      hasControlCharacters(body.entryId) ||
      // An object: a string or number payload failed the `in` checks further on (a 500).
      typeof body.payload !== 'object' ||
      body.payload === null ||
      Array.isArray(body.payload)
    ) {
      throw badRequest('a change needs kind ("question" or "entry"), entryId and payload');
    }
    const draft = { kind: body.kind, entryId: body.entryId, payload: body.payload };
    o.teacher.check(draft);
    const me = staffOf(req).member;
    const created = await o.store.teaching.propose({ ...draft, proposedBy: me.id });
    await o.store.staff.audit({
      staffId: me.id,
      action: 'knowledge-draft',
      conversationId: null,
      detail: `${draft.kind} ${draft.entryId}`,
    });
    res.send(201, created);
  });

  routes.get('/api/staff/knowledge/changes/:id/impact', 'staff', async (req, res) => {
    const c = await change(req);
    res.send(200, await o.teacher.impact(c));
  });

  for (const decision of ['approve', 'reject'] as const) {
    routes.post(`/api/staff/knowledge/changes/:id/${decision}`, 'admin', async (req, res) => {
      const me = staffOf(req).member;
      const c = await change(req);
      if (
        !(await o.store.teaching.decide(
          c.id,
          decision === 'approve' ? 'approved' : 'rejected',
          me.id,
        ))
      ) {
        throw conflict('this change was already decided');
      }
      if (decision === 'approve') await o.teacher.publishApproved();
      await o.store.staff.audit({
        staffId: me.id,
        action: `knowledge-${decision}`,
        conversationId: null,
        detail: `${c.kind} ${c.entryId}`,
      });
      res.send(200, await o.store.teaching.get(c.id));
    });
  }
}
