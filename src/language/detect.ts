import type { Lang } from './langs';
import { fold } from './normalize';

// Words that only one of the two languages uses often; shared ones ("no", "a") are left out.
const EN = new Set(
  `the is are was were what how when where why which who do does did can could should would will
  i my you your it its this that there have has been long take get of to for with about and or
  please thanks thank hello hi okay procedure heart pump after before type types happen
  call help want need know someone person talk speak pain chest bleeding blood fainted passed out
  breathe bad hurts much going got just but not be am`.split(/\s+/),
);
const ES = new Set(
  `el la los las es son que qué como cómo cuando cuándo donde dónde cuanto cuánto cual cuál quien
  por para con del al mi mis tu su sus se lo le les una uno unos unas hay tengo tiene puedo puede
  quiero necesito hola gracias buenos buenas dias tardes noches ayuda procedimiento corazon bomba
  despues antes tipos dura tiempo usted estoy esta está pasa hacer cuanto tarda y pero muy bien mañana
  manana tambien xq q k pq ke ahora duele mucho pecho ahorita dolor fuerte favor alguien llame
  llamen porfa hasta luego donde estaciono hacen pueden mandar receta otra otro cuales nos vamos voy
  va van esto eso ese esa sangre brazo pierna ingle cuanta cuantas cuantos semana hoy ayer necesita
  puedes cita seguro pagar factura hora horas durante sobre entre hija hijo esposo esposa mama papa
  abuela abuelo senor senora sirve komo kiero preparo pasos explican desmaye desmayo respirar`
    .split(/\s+/)
    .map((w) => fold(w)),
);

export type WordLang = 'en' | 'es' | 'both' | undefined;

export interface Detected {
  lang: Lang;
  /** False when the message gave no clear sign (a number, "ok", "impella?"). */
  sure: boolean;
}

/** Guesses English or Spanish from function words and Spanish-only marks; pure. */
export function detectLanguage(
  text: string,
  fallback: Lang = 'en',
  wordLang?: (word: string) => WordLang,
): Detected {
  let en = 0;
  let es = 0;
  if (/[¿¡ñáéíóú]/i.test(text)) es += 2;
  for (const w of fold(text).split(' ')) {
    const common = EN.has(w) || ES.has(w);
    if (EN.has(w)) en += 1;
    if (ES.has(w)) es += 1;
    // Content words count half: only in one language's word list ("desmaye", "bleeding").
    if (!common && wordLang && w.length >= 3) {
      const l = wordLang(w);
      if (l === 'en') en += 0.5;
      if (l === 'es') es += 0.5;
    }
  }
  if (en === es) return { lang: fallback, sure: false };
  const lang: Lang = es > en ? 'es' : 'en';
  return { lang, sure: Math.abs(es - en) >= 1 };
}
