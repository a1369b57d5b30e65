import type { Request } from 'restify';
import { badRequest } from '../http/errors';
import { hasControlCharacters, wholeNumber } from '../http/text';

/**
 * The query's parameters, each given once as text: a repeated or bracketed one (?a=1&a=2)
 * comes as an array or object, which no query can take (it was a 500).
 */
export function queryOf(
  req: Request,
  names: readonly string[],
): Record<string, string | undefined> {
  const q = (req.query ?? {}) as Record<string, unknown>;
  if (Object.values(q).some((v) => typeof v !== 'string' || hasControlCharacters(v)))
    throw badRequest(`each filter (${names.join(', ')}) is given once`);
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const v = q[name] as string | undefined;
    out[name] = v === '' ? undefined : v;
  }
  return out;
}

export function whole(name: string, v: string | undefined, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = wholeNumber(v, 1, max);
  if (n === undefined) throw badRequest(`${name} must be a whole number from 1 to ${max}`);
  return n;
}

/**
 * A day (2026-12-01) or a full ISO time, as an ISO time; `end` makes a day its following
 * midnight, so "to 2026-12-01" includes that day.
 */
export function isoDay(name: string, v: string | undefined, end = false): string | undefined {
  if (v === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00.000Z`);
    if (!Number.isNaN(d.getTime())) {
      if (end) d.setUTCDate(d.getUTCDate() + 1);
      return d.toISOString();
    }
  }
  const t = Date.parse(v);
  if (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(t)) return new Date(t).toISOString();
  throw badRequest(`${name} is a date (2026-12-01) or an ISO time`);
}
