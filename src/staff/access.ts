import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { forbidden, unauthorized } from '../http/errors';
import { handle, type Handler } from '../http/handle';
import type { StaffRole } from '../storage/types';
import type { StaffAuth, StaffSession } from './auth';

/** A staff route as declared: who may use it. */
export interface DeclaredRoute {
  method: 'GET' | 'POST';
  path: string;
  role: StaffRole;
  /** A page answers a visitor with no session by sending them to log in; the API answers 401. */
  page: boolean;
}

/** A staff route's handler: `staffOf(req)` gives the session the check found. */
export type StaffHandler = (req: Request, res: Response) => Promise<void>;

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Registers the console's routes, each with the role it needs. The check runs on the route the
 * router matched, after it decoded the path, so no spelling of a path (percent-encoded, doubled
 * slashes, dot segments, other case) reaches a handler without it; the handler gets the session.
 */
export class StaffRoutes {
  readonly declared: DeclaredRoute[] = [];

  constructor(
    private readonly server: Server,
    private readonly auth: StaffAuth,
    private readonly log: Logger,
  ) {}

  get(path: string, role: StaffRole, fn: StaffHandler): void {
    this.add('GET', path, role, false, fn);
  }

  post(path: string, role: StaffRole, fn: StaffHandler): void {
    this.add('POST', path, role, false, fn);
  }

  /** An HTML page of the console: without a session, the log-in page instead. */
  page(path: string, role: StaffRole, fn: StaffHandler): void {
    this.add('GET', path, role, true, fn);
  }

  private add(
    method: DeclaredRoute['method'],
    path: string,
    role: StaffRole,
    page: boolean,
    fn: StaffHandler,
  ): void {
    this.declared.push({ method, path, role, page });
    const guarded = handle(this.log, this.guard(role, page, fn));
    if (method === 'GET') this.server.get(path, guarded);
    else this.server.post(path, guarded);
  }

  private guard(role: StaffRole, page: boolean, fn: StaffHandler): Handler {
    return async (req, res) => {
      const s = await this.auth.session(req);
      if (!s && page) {
        res.setHeader('Location', '/staff/login');
        res.writeHead(303);
        res.end();
        return;
      }
      if (!s) throw unauthorized('log in to the staff console first');
      if (!SAFE_METHODS.has(req.method ?? '') && req.header('x-csrf-token') !== s.csrf)
        throw forbidden('missing or wrong CSRF token');
      if (role === 'admin' && s.member.role !== 'admin')
        throw forbidden('this needs an administrator account');
      (req as Request & { staff?: StaffSession }).staff = s;
      await fn(req, res);
    };
  }
}
