import { withDelivery } from './transcriptView';
import type { Logger } from 'pino';
import { notHeld } from '../http/durable';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { hasControlCharacters } from '../http/text';
import type { Translate } from '../i18n';
import type { SqlStore } from '../storage/sql/store';
import { CHANNELS } from '../bot/channels';
import type { StaffRoutes } from './access';
import { staffOf } from './auth';
import { insights } from './insights';
import { unansweredTail } from './pending';
import type { StaffDelivery } from './delivery';
import type { StaffFeed } from '../core/feed';
import { DEFAULT_LANG, type Lang } from '../language/langs';
import type { SqlStaffMessageStore } from '../storage/sql/staffMessageStore';
import type { StaffMember } from '../storage/types';
import { sha256 } from './passwords';

export interface StaffApiOptions {
  store: SqlStore;
  delivery: StaffDelivery;
  messages: SqlStaffMessageStore;
  feed: StaffFeed;
  t: Translate;
  /** The procedure the knowledge is about (it can change with the knowledge). */
  procedure: () => string;
  log: Logger;
  clearedCookie: () => string;
  /** Has the bot answer, on the patient's channel, a message staff left unanswered. */
  replay: (conversationId: string, channel: string, text: string) => Promise<void>;
}

/** "+1 ••• ••• 1234": enough to tell numbers apart, not enough to call. */
export function maskNumber(n: string): string {
  return n.length > 4 ? `${n.slice(0, 2)} ••• ••• ${n.slice(-4)}` : '••••';
}

const MAX_REPLY = 1600;

/** A console session as the audit log keeps it: a hash of its token's hash, not the token. */
export const sessionRef = (tokenHash: string) => sha256(`audit:${tokenHash}`).slice(0, 24);

export function registerStaffApi(routes: StaffRoutes, o: StaffApiOptions): void {
  /**
   * A notice to the patient (a person joined, staff finished), from the staff member: the claim
   * or resolve stands whether or not it could be sent; a failure is logged, not swallowed.
   */
  const notice = (id: string, text: string, from: StaffMember) =>
    o.delivery
      .send(id, text, from)
      .catch((err: Error) =>
        o.log.warn(
          { conversationId: id, err: err.message },
          'staff notice to the patient not sent',
        ),
      );
  const staff = o.store.staff;
  const known = async (id: string) => {
    // No conversation id has a control character; PostgreSQL refused a NUL in one (a 500).
    if (hasControlCharacters(id)) throw notFound('no such conversation');
    const c = await staff.channelOf(id);
    if (!c) throw notFound('no such conversation');
    return c;
  };
  /** Takes the conversation for `me` and tells the patient a person joined. */
  const take = async (id: string, lang: Lang | null, me: StaffMember) => {
    if (!(await staff.claim(id, me.id))) return false;
    await staff.audit({ staffId: me.id, action: 'claim', conversationId: id, detail: null });
    await notice(id, o.t(lang ?? DEFAULT_LANG, 'staff.joined'), me);
    return true;
  };

  routes.get('/api/staff/me', 'staff', async (req, res) => {
    const s = staffOf(req);
    res.send(200, { ...s.member, csrf: s.csrf });
  });

  routes.get('/api/staff/insights', 'staff', async (_req, res) =>
    res.send(200, await insights(o.store.sql, 30, (s) => o.store.fields.open(s))),
  );

  routes.get('/api/staff/queue', 'staff', async (_req, res) =>
    res.send(200, { items: await staff.queue() }),
  );

  routes.get('/api/staff/conversations/:id', 'staff', async (req, res) => {
    const id = String(req.params.id);
    const { channel, lang } = await known(id);
    const s = staffOf(req);
    const contact = channel === CHANNELS.sms ? await o.store.sms.contact(id) : undefined;
    // The console refreshes an open conversation as it changes: one view a session is recorded.
    await staff.auditViewOnce(s.member.id, sessionRef(s.tokenHash), id);
    const sent = await o.messages.ofConversation(id);
    const owner = await staff.ownerOf(id);
    res.send(200, {
      id,
      channel,
      lang,
      owner: {
        ...owner,
        name: owner.staffId ? ((await staff.byId(owner.staffId))?.name ?? null) : null,
      },
      number: contact ? maskNumber(contact.patientNumber) : null,
      transcript: withDelivery(await o.store.transcriptOf(id), sent),
      escalations: await o.store.escalationsOf(id),
      handoffs: await staff.handoffs(id),
    });
  });

  routes.post('/api/staff/conversations/:id/reveal-number', 'staff', async (req, res) => {
    const id = String(req.params.id);
    await known(id);
    const contact = await o.store.sms.contact(id);
    if (!contact) throw notFound('this conversation has no phone number');
    await staff.audit({
      staffId: staffOf(req).member.id,
      action: 'reveal-number',
      conversationId: id,
      detail: null,
    });
    res.send(200, { number: contact.patientNumber });
  });

  routes.post('/api/staff/conversations/:id/claim', 'staff', async (req, res) => {
    const id = String(req.params.id);
    const { lang } = await known(id);
    if (!(await take(id, lang, staffOf(req).member)))
      throw conflict('another staff member has this conversation');
    o.feed.publish({ type: 'queue' });
    o.feed.publish({ type: 'conversation', conversationId: id });
    res.send(200, { owner: await staff.ownerOf(id) });
  });

  routes.post('/api/staff/conversations/:id/reply', 'staff', async (req, res) => {
    const id = String(req.params.id);
    const { lang } = await known(id);
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || !text.trim()) throw badRequest('the reply needs some text');
    if (text.length > MAX_REPLY) throw badRequest(`a reply is at most ${MAX_REPLY} characters`);
    // Line breaks and tabs only: a NUL failed PostgreSQL's insert (a 500).
    if (hasControlCharacters(text.replace(/[\n\r\t]/g, '')))
      throw badRequest('the reply has control characters');
    const me = staffOf(req).member;
    const owner = await staff.ownerOf(id);
    if (owner.owner === 'staff' && owner.staffId !== me.id)
      throw forbidden('another staff member has this conversation');
    // Replying takes the conversation (the bot must not talk over staff), and the patient is
    // told a person joined, as when Claim is pressed.
    if (owner.owner === 'bot' && !(await take(id, lang, me)))
      throw conflict('the conversation was just taken');
    await o.delivery.send(id, text.trim(), me);
    await staff.audit({ staffId: me.id, action: 'reply', conversationId: id, detail: null });
    o.feed.publish({ type: 'conversation', conversationId: id });
    o.feed.publish({ type: 'queue' });
    res.send(200, { delivered: true });
  });

  routes.post('/api/staff/conversations/:id/resolve', 'staff', async (req, res) => {
    const id = String(req.params.id);
    const { channel, lang } = await known(id);
    const me = staffOf(req).member;
    const owner = await staff.ownerOf(id);
    if (owner.owner === 'staff' && owner.staffId !== me.id && me.role !== 'admin') {
      throw forbidden('another staff member has this conversation');
    }
    // Read before the notice below, which would end the patient's run of messages.
    const pending = unansweredTail(await o.store.transcriptOf(id));
    await staff.resolve(id, me.id);
    await notice(id, o.t(lang ?? DEFAULT_LANG, 'staff.resolved', { procedure: o.procedure() }), me);
    await staff.audit({ staffId: me.id, action: 'resolve', conversationId: id, detail: null });
    // What the patient asked while staff had the chat, and no one answered, the bot answers now
    // (or hands back to the queue, as for any question it cannot answer).
    if (pending !== undefined)
      await o
        .replay(id, channel, pending)
        .catch((err: Error) =>
          o.log.warn({ conversationId: id, err: err.message }, 'unanswered message not taken up'),
        );
    o.feed.publish({ type: 'queue' });
    o.feed.publish({ type: 'conversation', conversationId: id });
    res.send(200, { owner: await staff.ownerOf(id), answeredByBot: pending !== undefined });
  });

  routes.post('/api/staff/logout', 'staff', async (req, res) => {
    const s = staffOf(req);
    await staff.deleteSession(s.tokenHash);
    await staff.audit({
      staffId: s.member.id,
      action: 'logout',
      conversationId: null,
      detail: null,
    });
    res.setHeader('Set-Cookie', o.clearedCookie());
    res.send(200, { loggedOut: true });
  });

  // Server-sent events: the console refreshes what changed, live.
  routes.get('/api/staff/events', 'staff', async (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    notHeld(res);
    const unsubscribe = o.feed.subscribe((event) =>
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
    );
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), 20_000);
    req.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
    });
  });
}
