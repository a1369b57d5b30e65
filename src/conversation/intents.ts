import type { Lang } from '../knowledge/types';
import { fold } from '../language/normalize';

export type SmallTalk = 'greeting' | 'thanks' | 'bye' | 'ack';

const SMALL_TALK: Record<SmallTalk, string[]> = {
  greeting:
    `hi hello hey hiya howdy yo morning afternoon evening good there hola buenos buenas buen dias
    dia tardes noches que tal how are you doing como estas esta saludos sup whats up hiii hii heyy
    onda ola holi holaa hey there all everyone guys folks sir maam miss senor senora senorita doctor
    doctora`.split(/\s+/),
  thanks:
    `thanks thank you u ya thx ty appreciate it so much very many gracias muchas mil muchisimas
    agradezco te le lo tysm thnx thanx thnks tks thankyou thankss cheers lot a
    bendiciones dios bendiga kindly grateful thankful bless blessed god really truly amable que
    agradecido agradecida`.split(/\s+/),
  bye: `bye goodbye good night see you later soon cya adios chao chau hasta luego pronto manana nos vemos
    have a nice great lovely wonderful day weekend take care ttyl talk cuidese cuidate tenga buen feliz
    dia igualmente`.split(/\s+/),
  ack: `ok okay k kk cool great got it perfect nice sounds good alright fine vale perfecto bueno genial
    entendido claro listo de acuerdo excelente okie okey oki np no problem awesome
    sale va ya bien muy`.split(/\s+/),
};
const ALL = new Set(Object.values(SMALL_TALK).flat());
const WORDS = Object.entries(SMALL_TALK).map(([k, v]) => [k as SmallTalk, new Set(v)] as const);
// Strong markers decide the kind when several words are present ("ok thanks" is thanks).
const MARKERS: [SmallTalk, RegExp][] = [
  [
    'thanks',
    /\b(thank|thanks|thx|ty|tysm|thnx|thanx|thnks|tks|thankyou|cheers|gracias|agradezco|appreciate|bendiga|bendiciones)\b/,
  ],
  [
    'bye',
    /\b(bye|goodbye|adios|chao|chau|hasta|cya|later|ttyl|cuidese|cuidate)\b|good night|see you|take care|(have|tenga) a? ?(nice|great|good|lovely|wonderful|buen|feliz)/,
  ],
  [
    'greeting',
    /\b(hi|hello|hey|hiya|hola|buenos|buenas|morning|afternoon|evening|howdy|saludos)\b/,
  ],
];

/** A message that is only a greeting, thanks, goodbye or "ok"; undefined when it asks anything. */
export function smallTalkOf(text: string): SmallTalk | undefined {
  const words = fold(text).split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 6 || !words.every((w) => ALL.has(w))) return undefined;
  const folded = words.join(' ');
  for (const [kind, re] of MARKERS) if (re.test(folded)) return kind;
  return (
    WORDS.find(([kind, set]) => kind !== 'thanks' && words.some((w) => set.has(w)))?.[0] ?? 'ack'
  );
}

const SWITCH: Record<Lang, RegExp> = {
  es: /^(en |in )?(espanol|spanish|castellano)( por favor| please| plz| pls)?$|^(habla|hablas|hablan|speak|do you speak|puedo hablar en|can we speak|can you speak) (espanol|spanish)( por favor| please)?$/,
  en: /^(en |in )?(english|ingles)( please| por favor| plz| pls)?$|^(habla|hablas|hablan|speak|do you speak|puedo hablar en|can we speak|can you speak) (english|ingles)( por favor| please)?$/,
};

/** An explicit request to switch language ("español", "in English please"). */
export function languageSwitchOf(text: string): Lang | undefined {
  const folded = fold(text);
  if (SWITCH.es.test(folded)) return 'es';
  if (SWITCH.en.test(folded)) return 'en';
  return undefined;
}

const HOSTILE: RegExp[] = [
  /<\/?[a-z!][^>]*>/gi,
  /\{\{.*?\}\}|\$\{.*?\}/g,
  /(\.\.\/)+[\w./-]*/g,
  /\b(select|insert|update|delete|drop|union|alter|truncate)\b[^.?!]*?(\bfrom\b|\btable\b|\bwhere\b|;)[^?]*?(;|--|$)/gi,
  /'\s*(or|and)\s*'?\d*'?\s*=\s*'?\d*'?/gi,
  /\bignore (all |any |your |my )?(previous |prior |above |the )?(instructions|rules|prompt)\b[.,]?/gi,
  /\b(system prompt|admin password|jailbreak)\b/gi,
];
const INSULT =
  /\b(stupid|useless|idiot|dumb|sucks?|garbage|trash|worthless|hate you|fuck\w*|shit\w*|crap|estupid\w*|inutil|idiota|pendej\w*|mierda|tont[oa]|basura)\b/i;

export interface Cleaned {
  text: string;
  /** Markup, injection or insults were found: never worth a staff member's time on their own. */
  hostile: boolean;
}

/** Removes markup, code and injection attempts, keeping any real question around them. */
export function clean(text: string): Cleaned {
  let out = text;
  let hostile = INSULT.test(fold(text));
  for (const re of HOSTILE) {
    const next = out.replace(re, ' ');
    if (next !== out) hostile = true;
    out = next;
  }
  return { text: out.replace(/\s+/g, ' ').trim(), hostile };
}

/** True when too few of the message's words are words at all ("asdfgh", "x7#kq9"). */
export function isGibberish(text: string, known: (word: string) => boolean): boolean {
  const words = fold(text)
    .split(' ')
    .filter((w) => /[a-z]/.test(w));
  if (words.length === 0) return true;
  const real = words.filter((w) => known(w) && !/^(.)\1+$/.test(w)).length;
  return real / words.length < 0.5;
}
