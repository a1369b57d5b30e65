import type { SqlRunner } from '../storage/sql/driver';
import { fold } from '../language/normalize';
import { STOPWORDS } from '../matching/stopwords';

export interface Insights {
  perDay: { day: string; channel: string; lang: string; messages: number }[];
  actions: Record<string, number>;
  /** Median seconds from an escalation to the first staff reply; null with no replies yet. */
  medianStaffReplySeconds: number | null;
  /** Questions the bot could not answer, grouped when they share most of their words. */
  unanswered: { example: string; count: number }[];
}

function words(text: string): Set<string> {
  return new Set(
    fold(text)
      .split(' ')
      .filter((w) => w.length > 2 && !STOPWORDS.en.has(w) && !STOPWORDS.es.has(w)),
  );
}

function similar(a: Set<string>, b: Set<string>): boolean {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / Math.max(1, Math.min(a.size, b.size)) >= 0.6;
}

/** Greedy grouping: each question joins the first group whose example it resembles. */
export function groupSimilar(texts: string[]): { example: string; count: number }[] {
  const groups: { example: string; set: Set<string>; count: number }[] = [];
  for (const t of texts) {
    const set = words(t);
    if (set.size === 0) continue;
    const g = groups.find((x) => similar(x.set, set));
    if (g) g.count += 1;
    else groups.push({ example: t, set, count: 1 });
  }
  return groups
    .sort((a, b) => b.count - a.count)
    .slice(0, 15)
    .map(({ example, count }) => ({ example, count }));
}

/** What the insights page charts, from the last `days` days. */
export async function insights(
  sql: SqlRunner,
  days = 30,
  open: (stored: string) => string = (s) => s,
): Promise<Insights> {
  const since = new Date(Date.now() - days * 86_400_000).toISOString();
  const perDay = await sql.all<Insights['perDay'][number]>(
    `SELECT substr(t.at, 1, 10) AS day, c.channel AS channel, COALESCE(c.lang, 'en') AS lang, COUNT(*) AS messages
     FROM transcript t JOIN conversations c ON c.id = t.conversation_id
     WHERE t.sender = 'patient' AND t.at >= ? GROUP BY substr(t.at, 1, 10), c.channel, COALESCE(c.lang, 'en')
     ORDER BY day`,
    [since],
  );
  const actions = Object.fromEntries(
    (
      await sql.all<{ action: string; n: number }>(
        'SELECT action, COUNT(*) AS n FROM turns WHERE at >= ? GROUP BY action',
        [since],
      )
    ).map((r) => [r.action, r.n]),
  );
  const replies = await sql.all<{ created_at: string; replied_at: string | null }>(
    `SELECT e.created_at, (SELECT MIN(t.at) FROM transcript t WHERE t.conversation_id = e.conversation_id
              AND t.sender = 'staff' AND t.at >= e.created_at) AS replied_at
     FROM escalations e WHERE e.created_at >= ?`,
    [since],
  );
  const waits = replies
    .filter((r) => r.replied_at !== null)
    .map((r) => (Date.parse(r.replied_at!) - Date.parse(r.created_at)) / 1000)
    .sort((a, b) => a - b);
  const median = waits.length ? waits[Math.floor((waits.length - 1) / 2)] : null;
  const unanswered = (
    await sql.all<{ text: string | null }>(
      `SELECT (SELECT t.text FROM transcript t WHERE t.conversation_id = e.conversation_id AND t.sender = 'patient'
               AND t.at <= e.created_at ORDER BY t.id DESC LIMIT 1) AS text
       FROM escalations e WHERE e.reason IN ('unsure', 'topic') AND e.created_at >= ?`,
      [since],
    )
  )
    .map((r) => r.text)
    .filter((t): t is string => Boolean(t))
    .map(open);
  return {
    perDay,
    actions,
    medianStaffReplySeconds: median === null ? null : Math.round(median),
    unanswered: groupSimilar(unanswered),
  };
}
