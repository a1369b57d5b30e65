import type { Lang } from '../../knowledge/types';

export type Keyword = { kind: 'stop' | 'start' | 'help'; lang: Lang };

// Carrier and Twilio opt-out keywords, and the Spanish ones patients use.
const KEYWORDS: Record<string, Keyword> = {
  STOP: { kind: 'stop', lang: 'en' },
  STOPALL: { kind: 'stop', lang: 'en' },
  UNSUBSCRIBE: { kind: 'stop', lang: 'en' },
  CANCEL: { kind: 'stop', lang: 'en' },
  END: { kind: 'stop', lang: 'en' },
  QUIT: { kind: 'stop', lang: 'en' },
  PARAR: { kind: 'stop', lang: 'es' },
  ALTO: { kind: 'stop', lang: 'es' },
  CANCELAR: { kind: 'stop', lang: 'es' },
  START: { kind: 'start', lang: 'en' },
  YES: { kind: 'start', lang: 'en' },
  UNSTOP: { kind: 'start', lang: 'en' },
  COMENZAR: { kind: 'start', lang: 'es' },
  HELP: { kind: 'help', lang: 'en' },
  INFO: { kind: 'help', lang: 'en' },
  AYUDA: { kind: 'help', lang: 'es' },
};

/** The keyword a whole message is, in any case and with stray spaces and punctuation. */
export function keywordOf(body: string): Keyword | undefined {
  const word = body
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
  return word.length <= 12 ? KEYWORDS[word] : undefined;
}

/** Keywords Twilio's own opt-out handling already answers; the service stays silent on them. */
export function twilioAnswers(body: string): boolean {
  const k = keywordOf(body);
  return k !== undefined && k.lang === 'en' && k.kind !== 'help';
}
