import type { Request, Response, Next, Server } from 'restify';

const CHAT_PATHS = /^\/(api\/webchat\/token|v3\/directline\/)/;

/**
 * Lets the clinic's own site (ALLOWED_ORIGINS) embed the chat: only the token and Direct Line
 * paths, only those origins. The service's own page is same-origin and needs none of this.
 */
export function registerCors(server: Server, origins: string[]): void {
  const allowed = new Set(origins);
  const headers = (req: Request, res: Response): boolean => {
    const origin = req.header('origin');
    if (!origin || !allowed.has(origin) || !CHAT_PATHS.test(req.getPath())) return false;
    res.header('Access-Control-Allow-Origin', origin);
    res.header('Vary', 'Origin');
    return true;
  };
  server.pre((req: Request, res: Response, next: Next) => {
    if (req.method === 'OPTIONS' && CHAT_PATHS.test(req.getPath())) {
      if (headers(req, res)) {
        res.header('Access-Control-Allow-Methods', 'GET, POST');
        res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.header('Access-Control-Max-Age', '600');
      }
      res.writeHead(204);
      res.end();
      return next(false);
    }
    headers(req, res);
    return next();
  });
}
