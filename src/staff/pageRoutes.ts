import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { handle } from '../http/handle';
import { StaticAssets } from '../http/staticFiles';
import type { StaffStore } from '../storage/types';
import type { StaffRoutes } from './access';
import type { StaffAuth } from './auth';
import { knowledgePage } from './knowledgePage';
import { auditPage, consolePage, historyPage, insightsPage, loginPage, setupPage } from './pages';
import { nameProblem, passwordProblem } from './passwordPolicy';
import { hashPassword, sha256 } from './passwords';
import { clientAddress } from '../http/handle';
import { ROOT } from '../paths';

const STAFF_PUBLIC = join(ROOT, 'src', 'staff', 'public');

/** Chart.js's browser build, from the installed package (no CDN). */
function chartJs(): string {
  let dir = dirname(require.resolve('chart.js'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return join(dir, 'dist', 'chart.umd.min.js');
}

function html(res: Response, status: number, body: string): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.writeHead(status);
  res.end(body);
}

function redirect(res: Response, to: string, cookie?: string): void {
  if (cookie) res.setHeader('Set-Cookie', cookie);
  res.setHeader('Location', to);
  res.writeHead(303);
  res.end();
}

const field = (req: Request, name: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

/** The console's pages: log-in, one-time password set-up, and the console itself. */
export function registerStaffPages(
  server: Server,
  o: {
    auth: StaffAuth;
    routes: StaffRoutes;
    store: StaffStore;
    clinic: string;
    log: Logger;
    setupLinkHours: number;
    /** Proxies of the clinic's own in front (TRUST_PROXY), for the log-in limits. */
    trustProxy: number;
  },
): void {
  const h = (fn: (req: Request, res: Response) => Promise<void>) => handle(o.log, fn);
  const issuedAfter = () => new Date(Date.now() - o.setupLinkHours * 3_600_000).toISOString();
  const assets = new StaticAssets();
  for (const script of [
    'common.js',
    'staff.js',
    'teach.js',
    'history.js',
    'audit.js',
    'knowledgeEntry.js',
    'knowledge.js',
  ])
    assets.addFile(
      `/staff/static/${script}`,
      'application/javascript; charset=utf-8',
      join(STAFF_PUBLIC, script),
    );
  assets.addFile(
    '/staff/static/staff.css',
    'text/css; charset=utf-8',
    join(STAFF_PUBLIC, 'staff.css'),
  );
  assets.addFile(
    '/staff/static/insights.js',
    'application/javascript; charset=utf-8',
    join(STAFF_PUBLIC, 'insights.js'),
  );
  assets.addFile('/staff/static/chart.js', 'application/javascript; charset=utf-8', chartJs());
  for (const path of assets.paths())
    server.get(
      path,
      h(async (req, res) => assets.serve(path, req, res)),
    );

  server.get(
    '/staff/login',
    h(async (_req, res) => html(res, 200, loginPage(o.clinic))),
  );
  server.post(
    '/staff/login',
    h(async (req, res) => {
      const result = await o.auth.login(
        field(req, 'email'),
        field(req, 'password'),
        clientAddress(req, o.trustProxy),
      );
      if (result.ok) return redirect(res, '/staff', o.auth.cookie(result.token));
      if (result.reason === 'invalid')
        return html(res, 401, loginPage(o.clinic, 'That email and password do not match.'));
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      res.setHeader('Retry-After', String(result.retryAfterSeconds));
      html(
        res,
        429,
        loginPage(
          o.clinic,
          `Too many log-in attempts from here. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        ),
      );
    }),
  );

  server.get(
    '/staff/setup',
    h(async (req, res) => {
      const token = typeof req.query?.token === 'string' ? req.query.token : '';
      const member = token ? await o.store.bySetupToken(sha256(token), issuedAfter()) : undefined;
      html(res, 200, setupPage(o.clinic, token, undefined, member?.named ? member.name : ''));
    }),
  );
  server.post(
    '/staff/setup',
    h(async (req, res) => {
      const token = field(req, 'token');
      const password = field(req, 'password');
      const name = field(req, 'name').trim();
      const member = token ? await o.store.bySetupToken(sha256(token), issuedAfter()) : undefined;
      if (!member)
        return html(
          res,
          400,
          setupPage(
            o.clinic,
            '',
            `This set-up link is not valid (it works once, within ${o.setupLinkHours} hours). Ask an administrator for a new one.`,
          ),
        );
      // The name is asked for when the account has none yet (it may come with the account).
      const problem =
        (name || !member.named ? nameProblem(name) : undefined) ??
        passwordProblem(password, member.email);
      if (problem) return html(res, 400, setupPage(o.clinic, token, problem, name));
      if (name) await o.store.setDisplayName(member.id, name);
      // Hashing waits its turn with the log-ins (the thread pool is shared); setting the
      // password ends every session the account had.
      await o.store.setPassword(
        member.id,
        await o.auth.gate.exclusive(() => hashPassword(password)),
      );
      await o.store.audit({
        staffId: member.id,
        action: 'password-set',
        conversationId: null,
        detail: null,
      });
      redirect(res, '/staff/login');
    }),
  );

  o.routes.page('/staff/insights', 'staff', async (_req, res) =>
    html(res, 200, insightsPage(o.clinic)),
  );
  o.routes.page('/staff/history', 'staff', async (_req, res) =>
    html(res, 200, historyPage(o.clinic)),
  );
  o.routes.page('/staff/knowledge', 'staff', async (_req, res) =>
    html(res, 200, knowledgePage(o.clinic)),
  );
  o.routes.page('/staff/audit', 'admin', async (_req, res) => html(res, 200, auditPage(o.clinic)));
  o.routes.page('/staff', 'staff', async (_req, res) => html(res, 200, consolePage(o.clinic)));
}
