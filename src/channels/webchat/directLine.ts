import { createHash, randomBytes } from 'node:crypto';
import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import { badRequest, forbidden, HttpError, unauthorized } from '../../http/errors';
import { wholeNumber } from '../../http/text';
import { CHANNELS } from '../../bot/channels';
import { inboundActivity, patientText } from '../../bot/inbound';
import { LANG_INFO, type Lang } from '../../language/langs';
import type { Store, StoredActivity } from '../../storage/types';
import type { DirectLineAdapter } from './directLineAdapter';
import type { StreamHub } from './hub';
import type { TokenClaims, TokenSigner } from './tokens';

export const CHANNEL_ID = CHANNELS.web;

export interface DirectLineDeps {
  store: Store;
  signer: TokenSigner;
  hub: StreamHub;
  adapter: DirectLineAdapter;
  logic: (ctx: TurnContext) => Promise<void>;
  /** This service's public base URL, e.g. https://clinic.example.org (known once listening). */
  publicUrl: () => string;
  botName: string;
  /** Days a page's resume secret brings a patient back to their conversation. */
  resumeDays: number;
  /** The patient's widget received staff messages up to this place in the history. */
  staffShown?: (conversationId: string, seq: number) => Promise<void>;
}

const fromStaff = (a: Record<string, unknown>) =>
  (a.channelData as { staff?: unknown } | undefined)?.staff === true;

const newId = (prefix: string) => `${prefix}${randomBytes(12).toString('base64url')}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** What a page is given to talk in a conversation: a token, and where and as whom. */
export interface Session {
  token: string;
  conversationId: string;
  expires_in: number;
  domain: string;
  userId: string;
  /** The page's way back to the conversation once its tokens have run out. */
  resume: string;
}

/**
 * A Direct Line 3.0-compatible endpoint, so the official Web Chat bundle talks to this service
 * with no Azure subscription. Each token opens one conversation; turns of one conversation run
 * one at a time, in the order they arrived.
 */
export class DirectLineService {
  constructor(private readonly d: DirectLineDeps) {}

  /** The Direct Line address for a client: PUBLIC_URL, or the address it reached us at. */
  domain(base?: string): string {
    return `${base ?? this.d.publicUrl()}/v3/directline`;
  }

  async issueToken(loc?: Lang, base?: string): Promise<Session> {
    const conversationId = newId('c_');
    const userId = newId('u_');
    await this.d.store.createConversation(conversationId, CHANNEL_ID);
    const { token, expiresIn } = this.d.signer.issue(conversationId, userId, loc);
    // The page keeps this to come back to the conversation once its tokens have expired: after
    // a night, a restart, when staff have replied. Stored hashed; "delete my data" ends it.
    const resume = randomBytes(32).toString('base64url');
    const expires = new Date(Date.now() + this.d.resumeDays * 86_400_000);
    await this.d.store.saveResume(sha256(resume), conversationId, userId, expires);
    return {
      token,
      conversationId,
      expires_in: expiresIn,
      domain: this.domain(base),
      userId,
      resume,
    };
  }

  /** A fresh token for the conversation a resume secret opens (a new chain of refreshes). */
  async resume(secret: unknown, loc?: Lang, base?: string): Promise<Omit<Session, 'resume'>> {
    const found =
      typeof secret === 'string' && /^[A-Za-z0-9_-]{43}$/.test(secret)
        ? await this.d.store.resumeOf(sha256(secret))
        : undefined;
    if (!found || !(await this.d.store.conversationOpen(found.conversationId)))
      throw forbidden('this conversation cannot be resumed; start a new one');
    const { token, expiresIn } = this.d.signer.issue(found.conversationId, found.userId, loc);
    return {
      token,
      conversationId: found.conversationId,
      expires_in: expiresIn,
      domain: this.domain(base),
      userId: found.userId,
    };
  }

  /**
   * The token's claims, when it is well formed, signed, unexpired, for this conversation, and
   * the conversation was not deleted by its patient ("delete my data" revokes its tokens).
   */
  async authorize(token: string | undefined, conversationId?: string): Promise<TokenClaims> {
    const checked = this.d.signer.check(token);
    // Direct Line 3.0 answers an expired token 403 TokenExpired: clients then ask for a new one.
    if (!checked.ok && checked.expired)
      throw new HttpError(403, 'TokenExpired', 'the token has expired');
    if (!checked.ok) throw unauthorized('the token is missing or invalid');
    const claims = checked.claims;
    if (conversationId !== undefined && claims.conv !== conversationId) {
      throw forbidden('this token does not open that conversation');
    }
    if (!(await this.d.store.conversationOpen(claims.conv)))
      throw forbidden('this conversation was closed; start a new one');
    return claims;
  }

  /** POST /conversations with a token: the token's conversation, welcomed on first use. */
  async startConversation(token: string | undefined, base?: string) {
    const claims = await this.authorize(token);
    const history = await this.d.store.activitiesAfter(claims.conv, -1);
    const created = history.length === 0;
    if (created) {
      await this.turn(claims, {
        type: ActivityTypes.ConversationUpdate,
        membersAdded: [{ id: claims.user, name: '' }],
      });
    }
    return { created, conversation: this.conversationInfo(claims, token!, undefined, base) };
  }

  /** GET /conversations/{id}: reconnecting (a page reload) gets a fresh stream address. */
  async reconnect(
    token: string | undefined,
    conversationId: string,
    watermark?: string,
    base?: string,
  ) {
    const claims = await this.authorize(token, conversationId);
    parseWatermark(watermark);
    return this.conversationInfo(claims, token!, watermark, base);
  }

  /** The next token of the chain; once the chain has run its course, the page starts afresh. */
  async refresh(token: string | undefined) {
    const claims = await this.authorize(token);
    const fresh = this.d.signer.next(claims);
    if (!fresh) throw new HttpError(403, 'TokenExpired', 'this chat session has ended');
    return { conversationId: claims.conv, token: fresh.token, expires_in: fresh.expiresIn };
  }

  async activities(
    token: string | undefined,
    conversationId: string,
    watermark: string | undefined,
  ) {
    await this.authorize(token, conversationId);
    const after = parseWatermark(watermark);
    const stored = await this.d.store.activitiesAfter(conversationId, after);
    this.received(conversationId, stored);
    const last = stored.length ? stored[stored.length - 1].seq : after;
    return {
      activities: stored.map((s) => s.activity),
      watermark: last >= 0 ? String(last) : undefined,
    };
  }

  /** A message from staff into the conversation's history and any open widget. */
  async deliver(
    conversationId: string,
    text: string,
    staffName: string,
  ): Promise<{ activitySeq: number }> {
    const activity = {
      type: ActivityTypes.Message,
      text,
      channelId: CHANNEL_ID,
      conversation: { id: conversationId },
      from: { id: 'staff', name: staffName, role: 'bot' },
      // Tells the widget a person wrote this, not the bot (it styles staff messages apart).
      channelData: { staff: true },
      timestamp: new Date().toISOString(),
    };
    const stored = await this.d.store.appendActivity(conversationId, activity);
    this.d.hub.publish(conversationId, [stored]);
    return { activitySeq: stored.seq };
  }

  /**
   * What the patient's widget just received (a stream frame, a page of history): if staff
   * messages are among it, the console learns they were shown. A failure only costs the
   * console that figure.
   */
  received(conversationId: string, items: readonly StoredActivity[]): void {
    const shown = items.filter((i) => i.seq >= 0 && fromStaff(i.activity));
    if (!shown.length || !this.d.staffShown) return;
    void this.d
      .staffShown(conversationId, Math.max(...shown.map((i) => i.seq)))
      .catch(() => undefined);
  }

  /**
   * A patient's message already in the history, answered now (staff finished without replying
   * to it), as the patient who sent it: the answer shows in the widget, now or on the next visit.
   */
  async replay(conversationId: string, text: string): Promise<void> {
    await this.d.store.exclusive(conversationId, async () => {
      if (!(await this.d.store.conversationOpen(conversationId))) return;
      const history = await this.d.store.activitiesAfter(conversationId, -1);
      const patient = history
        .map((s) => s.activity as Partial<Activity>)
        .filter((a) => a.from?.role === 'user')
        .pop();
      if (!patient?.from?.id) return;
      await this.d.adapter.processActivity(
        inboundActivity({
          channelId: CHANNEL_ID,
          conversationId,
          userId: patient.from.id,
          text,
          locale: patient.locale,
          serviceUrl: this.d.publicUrl(),
          botName: this.d.botName,
          replayed: true,
        }),
        this.d.logic,
      );
    });
  }

  /** Activities after a watermark, for a stream that has already checked its token. */
  historyAfter(conversationId: string, after: number) {
    return this.d.store.activitiesAfter(conversationId, after);
  }

  /** A patient's message: stored first, then the bot's turn, then the id is returned. */
  async post(
    token: string | undefined,
    conversationId: string,
    body: unknown,
  ): Promise<{ id: string }> {
    const claims = await this.authorize(token, conversationId);
    const activity = validActivity(body);
    if (activity.type !== ActivityTypes.Message) return { id: '' };
    const { id } = await this.turn(claims, activity);
    return { id };
  }

  private turn(claims: TokenClaims, incoming: Partial<Activity>): Promise<{ id: string }> {
    return this.d.store.exclusive(claims.conv, () => this.runTurn(claims, incoming));
  }

  private async runTurn(claims: TokenClaims, incoming: Partial<Activity>): Promise<{ id: string }> {
    const activity: Partial<Activity> = {
      ...incoming,
      ...inboundActivity({
        channelId: CHANNEL_ID,
        conversationId: claims.conv,
        userId: claims.user,
        text: incoming.text,
        locale: incoming.locale ?? (claims.loc ? LANG_INFO[claims.loc].locale : undefined),
        serviceUrl: this.d.publicUrl(),
        botName: this.d.botName,
        channelData: incoming.channelData,
      }),
      type: incoming.type,
    };
    let id = '';
    if (activity.type === ActivityTypes.Message) {
      const stored = await this.d.store.appendActivity(
        claims.conv,
        JSON.parse(JSON.stringify(activity)),
      );
      this.d.hub.publish(claims.conv, [stored]);
      id = String(stored.activity.id);
      activity.id = id;
    }
    await this.d.adapter.processActivity(activity, this.d.logic);
    return { id };
  }

  private conversationInfo(claims: TokenClaims, token: string, watermark?: string, base?: string) {
    const ws = this.domain(base).replace(/^http/, 'ws');
    return {
      conversationId: claims.conv,
      token,
      expires_in: Math.max(0, claims.exp - Math.floor(Date.now() / 1000)),
      // A reconnect resumes the stream where the client's watermark says it stopped.
      streamUrl: `${ws}/conversations/${encodeURIComponent(claims.conv)}/stream?t=${encodeURIComponent(token)}${
        watermark ? `&watermark=${encodeURIComponent(watermark)}` : ''
      }`,
    };
  }
}

export function parseWatermark(watermark: string | undefined): number {
  if (watermark === undefined || watermark === '') return -1;
  const n = wholeNumber(watermark, -1, Number.MAX_SAFE_INTEGER);
  if (n === undefined) throw badRequest('watermark must be a whole number');
  return n;
}

/** Only what a patient may send: a message with text (or an event); everything else is set here. */
function validActivity(body: unknown): Partial<Activity> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('the body must be a JSON activity object');
  }
  const b = body as Record<string, unknown>;
  if (typeof b.type !== 'string') throw badRequest('the activity needs a "type"');
  if (b.type !== ActivityTypes.Message) return { type: b.type };
  if (b.text !== undefined && typeof b.text !== 'string')
    throw badRequest('"text" must be a string');
  const text = patientText(typeof b.text === 'string' ? b.text : '');
  const locale = typeof b.locale === 'string' && b.locale.length < 20 ? b.locale : undefined;
  // Web Chat matches its "sending" bubble to the stored message by this id, and the page script
  // says which page the widget sits on (the procedure a question is about); nothing else of the
  // client's channelData is kept. Attachments are not read (the bot reads text only).
  const data = (b.channelData ?? {}) as { clientActivityID?: unknown; page?: unknown };
  const kept = {
    ...(typeof data.clientActivityID === 'string' && data.clientActivityID.length <= 100
      ? { clientActivityID: data.clientActivityID }
      : {}),
    ...(typeof data.page === 'string' && data.page.length <= 500 ? { page: data.page } : {}),
  };
  const channelData = Object.keys(kept).length ? kept : undefined;
  return { type: ActivityTypes.Message, text, locale, channelData };
}
