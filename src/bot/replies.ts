import type { Entry, Lang } from '../knowledge/types';
import type { Translate } from '../i18n';
import { CHANNELS } from './channels';
import { DEFAULT_LANG, LANGS, langOf } from '../language/langs';

/** "es-ES" → "es": the language a channel says the patient's page or phone is in. */
export const langOfLocale = (locale: string | undefined): Lang | undefined => langOf(locale);

/** The entry's text for this language and channel: its SMS form by text message. */
export function answerText(entry: Entry, lang: Lang, channelId: string, t: Translate): string {
  const has = entry.answer[lang] !== undefined;
  // Without the patient's language: the clinic's main language, or whichever the entry has.
  const use = has
    ? lang
    : entry.answer[DEFAULT_LANG] !== undefined
      ? DEFAULT_LANG
      : (LANGS.find((l) => entry.answer[l] !== undefined) ?? lang);
  const sms = channelId === CHANNELS.sms ? entry.sms[use] : undefined;
  const text = sms ?? entry.answer[use] ?? '';
  return has ? text : `${text}\n\n${t(lang, 'answer.onlyIn')}`;
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
