import type { Entry, Lang } from '../knowledge/types';
import type { Translate } from '../i18n';
import { CHANNELS } from './channels';
import { DEFAULT_LANG, LANGS, langOf } from '../language/langs';

/** "es-ES" → "es": the language a channel says the patient's page or phone is in. */
export const langOfLocale = (locale: string | undefined): Lang | undefined => langOf(locale);

/** Where an answer's words come from, as the patient is shown it: a title and an address. */
export interface SourceLink {
  title: string;
  url: string;
}

/**
 * The entry's text for this language and channel: its SMS form by text message. Without the
 * patient's language, the clinic's own words in another, said to be so first, and an offer of
 * staff help in the patient's language (never a machine translation). On the web, where the
 * words come from, as a link.
 */
export function answerText(
  entry: Entry,
  lang: Lang,
  channelId: string,
  t: Translate,
  source?: SourceLink,
): string {
  const has = entry.answer[lang] !== undefined;
  // Without the patient's language: the clinic's main language, or whichever the entry has.
  const use = has
    ? lang
    : entry.answer[DEFAULT_LANG] !== undefined
      ? DEFAULT_LANG
      : (LANGS.find((l) => entry.answer[l] !== undefined) ?? lang);
  const sms = channelId === CHANNELS.sms;
  const text = (sms ? entry.sms[use] : undefined) ?? entry.answer[use] ?? '';
  const cite =
    !sms && source
      ? `\n\n${t(lang, 'answer.source', { ...source, url: markdownUrl(source.url) })}`
      : '';
  if (has) return `${text}${cite}`;
  const notice = t(lang, 'answer.onlyInNotice', { language: t(lang, `languageName.${use}`) });
  const offer = t(lang, 'answer.onlyInOffer');
  // By text message the offer goes first: a long answer is cut at its end.
  return sms ? `${notice} ${offer}\n\n${text}` : `${notice}\n\n${text}\n\n${offer}${cite}`;
}

/** An address as a Markdown link target: spaces and parentheses escaped. */
function markdownUrl(url: string): string {
  return url.replace(/[ ()]/g, (c) => encodeURIComponent(c));
}

export function titleOf(entry: Entry, lang: Lang): string {
  return (
    entry.title[lang] ??
    entry.title[DEFAULT_LANG] ??
    LANGS.map((l) => entry.title[l]).find(Boolean) ??
    entry.questions[lang]?.[0] ??
    entry.id
  );
}
