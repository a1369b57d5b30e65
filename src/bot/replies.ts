import type { Entry, Lang } from '../knowledge/types';
import type { Translate } from '../i18n';
import { CHANNELS } from './channels';

/** "es-ES" → "es": the language a channel says the patient's page or phone is in. */
export function langOfLocale(locale: string | undefined): Lang | undefined {
  const l = locale?.slice(0, 2).toLowerCase();
  return l === 'es' || l === 'en' ? l : undefined;
}

/** The entry's text for this language and channel: its SMS form by text message. */
export function answerText(entry: Entry, lang: Lang, channelId: string, t: Translate): string {
  const other: Lang = lang === 'en' ? 'es' : 'en';
  const has = entry.answer[lang] !== undefined;
  const use = has ? lang : other;
  const sms = channelId === CHANNELS.sms ? entry.sms[use] : undefined;
  const text = sms ?? entry.answer[use] ?? '';
  return has ? text : `${text}\n\n${t(lang, 'answer.onlyIn')}`;
}

export function titleOf(entry: Entry, lang: Lang): string {
  return (
    entry.title[lang] ?? entry.title.en ?? entry.title.es ?? entry.questions[lang]?.[0] ?? entry.id
  );
}
