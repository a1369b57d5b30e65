import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Request, Server } from 'restify';
import type { Logger } from 'pino';
import { bearer, clientAddress, handle } from '../../http/handle';
import { tooMany } from '../../http/errors';
import type { RateLimiter } from '../../http/rateLimit';
import { StaticAssets } from '../../http/staticFiles';
import type { Lang } from '../../knowledge/types';
import type { DirectLineService } from './directLine';
import { themeCss } from './page';
import { ROOT } from '../../paths';
import { DEFAULT_LANG, langOf } from '../../language/langs';

export interface WebChatRoutesOptions {
  service: DirectLineService;
  tokenLimiter: RateLimiter;
  messageLimiter: RateLimiter;
  /** Proxies of the clinic's own in front (TRUST_PROXY hops). */
  trustProxy: number;
  page: (lang: Lang) => string;
  color: string;
  accentColor: string;
  log: Logger;
  /** The base address to give a client: undefined when PUBLIC_URL decides. */
  requestBase: (req: Request) => string | undefined;
}

const PUBLIC = join(ROOT, 'src', 'channels', 'webchat', 'public');

/** The official bundle's file; the package does not export its dist folder, so find it. */
function webChatBundle(): string {
  let dir = dirname(require.resolve('botframework-webchat'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return join(dir, 'dist', 'webchat-minimal.js');
}

/** The Web Chat bundle, our page script and styles, all served by this service (no CDN). */
export function webChatAssets(color: string, accentColor: string): StaticAssets {
  const assets = new StaticAssets();
  assets.addFile('/webchat/webchat.js', 'application/javascript; charset=utf-8', webChatBundle());
  assets.addFile('/static/app.js', 'application/javascript; charset=utf-8', join(PUBLIC, 'app.js'));
  assets.addFile('/static/page.css', 'text/css; charset=utf-8', join(PUBLIC, 'page.css'));
  assets.add('/static/theme.css', 'text/css; charset=utf-8', themeCss(color, accentColor));
  return assets;
}

export function registerWebChat(server: Server, o: WebChatRoutesOptions): StaticAssets {
  const h = (fn: Parameters<typeof handle>[1]) => handle(o.log, fn);
  const assets = webChatAssets(o.color, o.accentColor);
  for (const path of assets.paths()) {
    server.get(
      path,
      h(async (req, res) => assets.serve(path, req, res)),
    );
  }

  server.get(
    '/favicon.ico',
    h(async (_req, res) => {
      res.writeHead(204);
      res.end();
    }),
  );

  server.get(
    '/',
    h(async (req, res) => {
      const lang = langOf(req.query?.lang) ?? DEFAULT_LANG;
      const html = o.page(lang);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-store');
      res.writeHead(200);
      res.end(html);
    }),
  );

  server.post(
    '/api/webchat/token',
    h(async (req, res) => {
      if (!o.tokenLimiter.take(clientAddress(req, o.trustProxy))) {
        throw tooMany('too many chat sessions from this address; try again in a minute');
      }
      const loc = langOf(req.query?.locale);
      res.send(200, await o.service.issueToken(loc, o.requestBase(req)));
    }),
  );

  server.post(
    '/api/webchat/resume',
    h(async (req, res) => {
      // Limited like new sessions: a secret is not to be guessed at speed.
      if (!o.tokenLimiter.take(clientAddress(req, o.trustProxy))) {
        throw tooMany('too many chat sessions from this address; try again in a minute');
      }
      const secret = (req.body as { resume?: unknown } | undefined)?.resume;
      const loc = langOf(req.query?.locale);
      res.send(200, await o.service.resume(secret, loc, o.requestBase(req)));
    }),
  );

  const dl = '/v3/directline';
  server.post(
    `${dl}/tokens/refresh`,
    h(async (req, res) => res.send(200, await o.service.refresh(bearer(req)))),
  );
  server.post(
    `${dl}/conversations`,
    h(async (req, res) => {
      const { created, conversation } = await o.service.startConversation(
        bearer(req),
        o.requestBase(req),
      );
      res.send(created ? 201 : 200, conversation);
    }),
  );
  server.get(
    `${dl}/conversations/:id`,
    h(async (req, res) => {
      const watermark = typeof req.query?.watermark === 'string' ? req.query.watermark : undefined;
      res.send(
        200,
        await o.service.reconnect(bearer(req), req.params.id, watermark, o.requestBase(req)),
      );
    }),
  );
  server.get(
    `${dl}/conversations/:id/activities`,
    h(async (req, res) => {
      const watermark = typeof req.query?.watermark === 'string' ? req.query.watermark : undefined;
      res.send(200, await o.service.activities(bearer(req), req.params.id, watermark));
    }),
  );
  server.post(
    `${dl}/conversations/:id/activities`,
    h(async (req, res) => {
      const token = bearer(req);
      if (!o.messageLimiter.take(token ?? clientAddress(req, o.trustProxy))) {
        throw tooMany('too many messages; please wait a moment');
      }
      res.send(200, await o.service.post(token, req.params.id, req.body));
    }),
  );
  return assets;
}
