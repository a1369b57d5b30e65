import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { StoredActivity } from '../../storage/types';
import { HttpError } from '../../http/errors';
import { StorageUnavailableError } from '../../storage/errors';
import { parseWatermark, type DirectLineService } from './directLine';
import type { StreamHub } from './hub';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
const KEEPALIVE_MS = 20_000;

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function frame(items: StoredActivity[]): string {
  const seqs = items.map((i) => i.seq).filter((s) => s >= 0);
  const watermark = seqs.length ? String(Math.max(...seqs)) : undefined;
  return JSON.stringify({ activities: items.map((i) => i.activity), watermark });
}

/** The Direct Line WebSocket stream: history since the watermark, then each new activity. */
export function attachStreams(
  server: Server,
  service: DirectLineService,
  hub: StreamHub,
  log: Logger,
): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node stops watching an upgraded socket for errors: a client that resets it while being
    // refused would otherwise raise an uncaught 'error' and end the process.
    socket.on('error', () => socket.destroy());
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    void admit(req.url, bearer).then(
      ({ conversationId, after, claims }) =>
        wss.handleUpgrade(req, socket, head, (ws) => {
          // The stream lasts as long as its token: Web Chat reconnects with the fresh one it keeps.
          const expiry = setTimeout(
            () => ws.close(4001, 'token expired'),
            claims.exp * 1000 - Date.now(),
          );
          ws.on('close', () => clearTimeout(expiry));
          void open(ws, conversationId, after);
        }),
      (err: unknown) => {
        const status =
          err instanceof HttpError
            ? err.status
            : err instanceof StorageUnavailableError
              ? 503
              : 400;
        refuse(socket, status, STATUS_CODES[status] ?? 'Bad Request');
      },
    );
  });

  /** Which conversation a stream request is for, from where, and whether its token opens it. */
  async function admit(rawUrl: string | undefined, bearer: string | undefined) {
    // All inside the promise: an address that does not parse (`//host:port`) or an id that does
    // not percent-decode threw out of the upgrade listener, crashing the process.
    const url = new URL(rawUrl ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) throw new HttpError(404, 'NotFound', 'no such stream');
    const conversationId = decodeURIComponent(match[1]);
    const claims = await service.authorize(url.searchParams.get('t') ?? bearer, conversationId);
    const after = parseWatermark(url.searchParams.get('watermark') ?? undefined);
    return { conversationId, after, claims };
  }

  async function open(ws: WebSocket, conversationId: string, after: number): Promise<void> {
    // Subscribe before reading history so nothing said in between is lost; send each once.
    let sent = after;
    const pending: StoredActivity[] = [];
    let ready = false;
    const deliver = (items: StoredActivity[]) => {
      const fresh = items.filter((i) => i.seq < 0 || i.seq > sent);
      if (!fresh.length || ws.readyState !== ws.OPEN) return;
      sent = Math.max(sent, ...fresh.map((i) => i.seq));
      ws.send(frame(fresh));
      service.received(conversationId, fresh);
    };
    // Word from another instance: read what this stream has not sent yet.
    const catchUp = () =>
      service
        .historyAfter(conversationId, sent)
        .then(deliver, (err: Error) =>
          log.warn({ conversationId, err: err.message }, 'stream catch-up failed'),
        );
    const unsubscribe = hub.subscribe(conversationId, (news) => {
      if (news === 'changed') {
        if (ready) void catchUp();
      } else if (ready) deliver(news);
      else pending.push(...news);
    });
    const keepalive = setInterval(() => ws.ping(), KEEPALIVE_MS);
    ws.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
    });
    ws.on('error', (err) => log.warn({ conversationId, err: err.message }, 'stream error'));
    try {
      const history = await service.historyAfter(conversationId, after);
      if (history.length) deliver(history);
      ready = true;
      deliver(pending);
    } catch (err) {
      log.error({ conversationId, err: (err as Error).message }, 'stream history failed');
      ws.close(1011, 'history unavailable');
    }
  }
  return wss;
}
