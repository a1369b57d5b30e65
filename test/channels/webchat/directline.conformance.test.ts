import {
  ConnectionStatus,
  DirectLine,
  type Activity,
  type DirectLineOptions,
  type Services,
} from 'botframework-directlinejs';
import { Observable } from 'rxjs/Observable';
import type { AjaxRequest } from 'rxjs/observable/dom/AjaxObservable';
import type { Subscription } from 'rxjs/Subscription';
import WebSocket from 'ws';
import { TokenSigner } from '../../../src/channels/webchat/tokens';
import { startServer, type Running } from '../../support/server';

// The official Direct Line client (what Web Chat runs in the browser) against our endpoint.
//
// Node 20 has no global WebSocket, and directlinejs decides at construction time whether it can
// stream by looking for one (`typeof WebSocket !== 'undefined'`), then opens it with
// `new WebSocket(streamUrl)`. `ws` has the same constructor and event-handler API as the
// browser's, so it stands in for it here. This global only exists inside this test file.
(globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;

/**
 * directlinejs makes its HTTP calls through rxjs 5's `Observable.ajax`, which needs the browser's
 * XMLHttpRequest (Node has none, and no XHR package is installed). Its constructor takes that
 * call as a replaceable service (`Services.ajax`), so this is the same request, made with Node's
 * fetch and answered the way `Observable.ajax` answers: `{ status, response, xhr }` on 2xx, an
 * error carrying `status` and `xhr` (directlinejs reads both, e.g. on 403 and 429) otherwise.
 */
function fetchAjax(request: AjaxRequest) {
  return new Observable<unknown>((subscriber) => {
    const controller = new AbortController();
    const timer = request.timeout ? setTimeout(() => controller.abort(), request.timeout) : null;
    const body =
      request.body === undefined || typeof request.body === 'string'
        ? request.body
        : JSON.stringify(request.body);
    fetch(request.url!, {
      method: request.method ?? 'GET',
      headers: request.headers as Record<string, string>,
      body,
      signal: controller.signal,
    })
      .then(async (res) => {
        const text = await res.text();
        const reply = {
          status: res.status,
          response: text ? (JSON.parse(text) as unknown) : null,
          xhr: { status: res.status, getResponseHeader: (name: string) => res.headers.get(name) },
          request,
        };
        if (res.ok) {
          subscriber.next(reply);
          subscriber.complete();
        } else subscriber.error(Object.assign(new Error(`ajax error ${res.status}`), reply));
      })
      .catch((err: Error) => subscriber.error(Object.assign(err, { status: 0, request })))
      .finally(() => timer && clearTimeout(timer));
    return () => {
      if (timer) clearTimeout(timer);
      controller.abort();
    };
  });
}

// directlinejs only ever calls the service as a function; the typed `get`/`post` helpers of
// rxjs's AjaxCreationMethod are replaced by its own wrapper, hence the cast.
const services = { ajax: fetchAjax as unknown as Services['ajax'] };

type Reply = Activity & { text?: string; replyToId?: string; locale?: string };

/** A DirectLine client whose activities are collected, and which is ended after the test. */
class Client {
  readonly seen: Reply[] = [];
  readonly statuses: ConnectionStatus[] = [];
  private readonly subscriptions: Subscription[] = [];
  readonly line: DirectLine;

  constructor(options: DirectLineOptions) {
    this.line = new DirectLine({ pollingInterval: 200, ...options, ...services });
    this.subscriptions.push(
      this.line.activity$.subscribe((a) => this.seen.push(a as Reply)),
      this.line.connectionStatus$.subscribe((s) => this.statuses.push(s)),
    );
  }

  /** Resolves with the first activity that matches, waiting for it to arrive. */
  async waitFor(match: (a: Reply) => boolean, what: string, ms = 15_000): Promise<Reply> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.seen.find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        const got = this.seen.map((a) => `${a.type}:${a.from?.role ?? a.from?.id}:${a.text}`);
        throw new Error(`no ${what} within ${ms} ms; got ${JSON.stringify(got)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async waitForStatus(status: ConnectionStatus, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.statuses.includes(status)) {
      if (Date.now() > deadline)
        throw new Error(`status ${ConnectionStatus[status]} not reached; got ${this.statuses}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  post(text: string, clientActivityID?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.line
        .postActivity({
          type: 'message',
          from: { id: 'patient', name: 'Patient' },
          text,
          locale: 'en-US',
          ...(clientActivityID ? { channelData: { clientActivityID } } : {}),
        })
        .subscribe(resolve, reject);
    });
  }

  end(): void {
    // Unsubscribing closes the WebSocket (or stops polling); end() stops the token refresh loop.
    for (const s of this.subscriptions) s.unsubscribe();
    this.line.end();
  }
}

const fromBot = (a: Reply) => a.type === 'message' && a.from?.role === 'bot';

let server: Running;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterEach(() => {
  while (clients.length) clients.pop()!.end();
});

afterAll(async () => {
  await server.close();
});

async function newToken(): Promise<{ token: string; conversationId: string; domain: string }> {
  const res = await fetch(`${server.url}/api/webchat/token`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; conversationId: string; domain: string };
}

function client(options: DirectLineOptions): Client {
  const c = new Client(options);
  clients.push(c);
  return c;
}

describe.each([
  ['polling', false],
  ['WebSocket', true],
])('botframework-directlinejs over %s', (_name, webSocket) => {
  test('gets the welcome, then English and Spanish answers to its questions', async () => {
    const { token, domain, conversationId } = await newToken();
    const dl = client({ token, domain, webSocket });

    const welcome = await dl.waitFor(fromBot, 'welcome');
    expect(welcome.text).toMatch(/virtual assistant/);
    expect(welcome.conversation?.id).toBe(conversationId);
    expect(dl.statuses).toContain(ConnectionStatus.Online);

    const askedId = await dl.post('how long does it take', 'client-1');
    // The patient's own message comes back with the id the post returned and the client's
    // activity id, which is how Web Chat turns its "sending" bubble into a sent one.
    const echo = await dl.waitFor((a) => a.id === askedId, 'echo of the question');
    expect(echo.from.role).toBe('user');
    expect(echo.text).toBe('how long does it take');
    expect(echo.channelData).toEqual({ clientActivityID: 'client-1' });
    const answer = await dl.waitFor((a) => fromBot(a) && a.replyToId === askedId, 'answer');
    expect(answer.text).toContain(
      'The duration of the Impella procedure is variable: it is different for each patient.',
    );

    const preguntaId = await dl.post('¿cuánto dura el procedimiento?');
    const respuesta = await dl.waitFor(
      (a) => fromBot(a) && a.replyToId === preguntaId,
      'Spanish answer',
    );
    expect(respuesta.text).toContain(
      'La duración del procedimiento Impella es variable: es diferente para cada paciente.',
    );

    // Each activity arrives once, in the order it was said.
    const ids = dl.seen.filter((a) => a.type === 'message').map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.indexOf(askedId)).toBeLessThan(ids.indexOf(answer.id));
    expect(ids.indexOf(answer.id)).toBeLessThan(ids.indexOf(preguntaId));
    expect(ids.indexOf(preguntaId)).toBeLessThan(ids.indexOf(respuesta.id));
  });

  test('a page reload (same token, conversation id, watermark) resumes without repeats', async () => {
    const { token, domain, conversationId } = await newToken();
    const first = client({ token, domain, webSocket });
    const asked = await first.post('how long does it take');
    await first.waitFor((a) => fromBot(a) && a.replyToId === asked, 'answer');
    const res = await fetch(`${domain}/conversations/${conversationId}/activities`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const { watermark } = (await res.json()) as { watermark: string };
    first.end();

    // Web Chat reconnects this way when the page is reloaded.
    const again = client({ token, domain, webSocket, conversationId, watermark });
    const asked2 = await again.post('¿cuánto dura el procedimiento?');
    await again.waitFor((a) => fromBot(a) && a.replyToId === asked2, 'answer after reload');
    expect(again.seen.map((a) => a.id)).not.toContain(asked);
  });
});

describe('botframework-directlinejs with an expired token', () => {
  test('reports ExpiredToken, so Web Chat can ask the page for a new one', async () => {
    // Direct Line 3.0 answers an expired token with 403 (code TokenExpired); directlinejs
    // only recognises expiry by that 403 and otherwise stops polling without a word.
    const { conversationId, domain } = await newToken();
    const key = await server.app.store.setting('directline.signing-key', () => 'not used');
    const past = new TokenSigner(Buffer.from(key, 'base64url'), 60, () => Date.now() - 3_600_000);
    const { token } = past.issue(conversationId, 'u_expired');
    // A conversation already under way whose token has since run out: given a token, the
    // conversation id and its stream URL, the client goes straight to reading activities.
    const dl = client({
      token,
      domain,
      webSocket: false,
      conversationId,
      streamUrl: `${domain.replace(/^http/, 'ws')}/conversations/${conversationId}/stream`,
    });
    await dl.waitForStatus(ConnectionStatus.ExpiredToken, 3_000);
  });
});
