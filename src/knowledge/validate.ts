import { smsLength } from '../language/smsLength';
import type { Entry, Lang, Problem } from './types';
import { LANGS } from './types';

export interface ValidationOptions {
  /** Languages every entry must have (an entry staff teach: both); pages need none. */
  requireLanguages?: readonly Lang[];
  /** Over-long SMS answers are warnings, not errors (a clinic trying a page with `ask --kb`). */
  smsLenient?: boolean;
  smsSegments: number;
}

const URL_IN_TEXT = /\bhttps?:?\/\/[^\s)>"]+/g;

function brokenUrl(url: string): boolean {
  if (url.startsWith('/')) return /\s/.test(url);
  try {
    const u = new URL(url);
    return (
      !(u.protocol === 'http:' || u.protocol === 'https:') ||
      (!u.hostname.includes('.') && u.hostname !== 'localhost')
    );
  } catch {
    return true;
  }
}

/** Written by hand (a FAQ file, a companion): held to the SMS budget and to both languages. */
const curated = (e: Entry) => /\.json$/i.test(e.source);

function entryProblems(e: Entry, opts: ValidationOptions, warnings: Problem[]): Problem[] {
  const out: Problem[] = [];
  const say = (message: string) => out.push({ file: e.source, entryId: e.id, message });
  for (const lang of opts.requireLanguages ?? []) {
    if (e.answer[lang] === undefined) say(`missing ${lang} translation of the answer`);
    if (!e.questions[lang]?.length && !e.contextOnly) say(`missing ${lang} questions`);
  }
  if (curated(e) && !e.contextOnly && !opts.requireLanguages) {
    for (const lang of LANGS.filter(
      (l) => e.answer[l] === undefined && Object.keys(e.answer).length,
    )) {
      warnings.push({
        file: e.source,
        entryId: e.id,
        message: `no ${lang} answer: patients asking in ${lang === 'es' ? 'Spanish' : 'English'} get the other language's text, said to be so`,
      });
    }
  }
  for (const lang of LANGS) {
    const answer = e.answer[lang];
    if (answer !== undefined && !answer.trim()) say(`empty ${lang} answer`);
    if (answer === undefined) continue;
    const sms = e.sms[lang];
    const length = smsLength(sms ?? answer);
    // A page's section is cut to fit, with its link; a hand-written answer must fit as written.
    if (
      length.segments > opts.smsSegments &&
      !opts.smsLenient &&
      (sms !== undefined || curated(e))
    ) {
      say(
        sms
          ? `${lang} SMS form is ${length.segments} segments (${length.encoding}); the budget is ${opts.smsSegments}`
          : `${lang} answer is ${length.segments} SMS segments and has no short "sms" form (budget ${opts.smsSegments})`,
      );
    }
    for (const url of [...answer.matchAll(URL_IN_TEXT)].map((m) => m[0])) {
      if (brokenUrl(url)) say(`broken link "${url}" in the ${lang} answer`);
    }
    (e.questions[lang] ?? []).forEach((q, i) => {
      if (!q.trim()) say(`empty ${lang} question #${i + 1}`);
    });
  }
  if (Object.values(e.answer).every((a) => a === undefined)) say('no answer');
  if (e.url !== undefined && brokenUrl(e.url)) say(`broken link "${e.url}"`);
  return out;
}

/** Every problem in the knowledge, not just the first, so the clinic can fix them in one go. */
export function validateEntries(
  entries: readonly Entry[],
  opts: ValidationOptions,
  warnings: Problem[] = [],
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, Entry>();
  for (const e of entries) {
    const first = seen.get(e.id);
    if (first) {
      problems.push({
        file: e.source,
        entryId: e.id,
        message: `duplicate id (also in ${first.source})`,
      });
    } else seen.set(e.id, e);
    problems.push(...entryProblems(e, opts, warnings));
  }
  for (const e of entries) {
    for (const f of e.followUps ?? []) {
      if (!seen.has(f.entryId)) {
        problems.push({
          file: e.source,
          entryId: e.id,
          message: `follow-up prompt points at unknown entry ${f.entryId}`,
        });
      }
    }
  }
  return problems;
}
