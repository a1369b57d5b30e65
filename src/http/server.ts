import restify, { type Server } from 'restify';
import type { Logger } from 'pino';
import { publicUrlOf, type Config } from '../config';
import { bodyParsers } from './bodies';
import { registerCors } from './cors';
import { durableResponses } from './durable';
import { answerUnreadableRequests, errorBody, HttpError } from './errors';
import { securityHeaders } from './security';

/**
 * The HTTP server every feature mounts its routes on, with what applies to every request:
 * responses held until what they acknowledge is on disk, CORS for the clinic's own sites,
 * security headers, query and body parsing, and one shape for every refusal.
 */
export function createHttpServer(
  config: Config,
  o: { log: Logger; synced: () => Promise<void> },
): Server {
  const server = restify.createServer({ name: 'clinic-faq-bot', handleUncaughtExceptions: false });
  answerUnreadableRequests(server.server);
  server.pre(durableResponses(o.synced));
  registerCors(server, config.ALLOWED_ORIGINS);
  server.use(securityHeaders({ https: publicUrlOf(config, config.PORT).startsWith('https:') }));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(bodyParsers());
  // restify's own errors (bad JSON, 413) in the same shape as ours: {error: {code, message}}.
  server.on(
    'restifyError',
    (
      _req,
      _res,
      err: Error & { body?: { code?: string }; toJSON?: () => unknown },
      cb: () => void,
    ) => {
      const code = err.body?.code ?? err.name;
      err.toJSON = () => errorBody(new HttpError(0, code, err.message));
      cb();
    },
  );
  server.on('after', (req, res) =>
    o.log.debug({ method: req.method, path: req.getPath(), status: res.statusCode }, 'request'),
  );
  return server;
}
