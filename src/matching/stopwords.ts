import type { Lang } from '../knowledge/types';

// Only words that carry no meaning at all: question words and pronouns stay, because "which
// one will I get" and "what types are there" differ by exactly those.
const EN = `a an the is are was were be been being am do does did of to in on at by for with from
into as and or it its this that these those there here so just also too very really please um uh like
quick question exactly thing stuff some any tell me about know want need can could would you
hi hello hey hiya howdy one ones`;

const ES = `el la los las un una unos unas lo le les se de del al a en con por y o u e es son ser esta estan
eso esto ese esa este pues bueno ahi aqui alli muy algo algun alguna ya si
hola buenas buenos oye`;

export const STOPWORDS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(EN.split(/\s+/)),
  es: new Set(ES.split(/\s+/)),
};

// Question words and pronouns: they tell "which one will I get" from "what types are there", but
// on their own they say nothing about the topic, so they weigh little however rare they are.
const EN_FUNCTION = `what how who where when why which whom whose i my mine we our us he she him her his
they them their your yours will should may might must shall has have had get got does there`;
const ES_FUNCTION = `que quien quienes como donde cuando cual cuales cuanto cuanta porque yo tu mi mis
tus su sus me te nos nuestro usted ustedes el ella ellos puede puedo pueden debo tengo tiene hay
va voy van hace hacen sirve para`;

export const FUNCTION_WORDS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(EN_FUNCTION.split(/\s+/)),
  es: new Set(ES_FUNCTION.split(/\s+/)),
};

// What makes a sentence ask something: a question word anywhere in it (an indirect question's
// too: "I need to know if...", "no sé si..."), or a verb that opens a question ("can I...",
// "¿puedo...?"). A story's other sentences, and a subject line that only names a topic
// ("Arrhythmia."), ask nothing.
const EN_ASKING = `what how who whom whose where when why which whether if wonder wondering`;
const EN_OPENING = `can could is are am was were do does did will would should shall may might must has
have had`;
const ES_ASKING = `que quien quienes como donde cuando cual cuales cuanto cuanta cuantos cuantas si`;
const ES_OPENING = `puedo puede pueden podria es son esta estan hay tengo tiene debo necesito se`;

export const ASKING_WORDS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(EN_ASKING.split(/\s+/)),
  es: new Set(ES_ASKING.split(/\s+/)),
};
export const OPENING_WORDS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(EN_OPENING.split(/\s+/)),
  es: new Set(ES_OPENING.split(/\s+/)),
};
