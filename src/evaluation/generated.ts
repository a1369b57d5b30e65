import type { Entry, Lang } from '../knowledge/types';
import { FUNCTION_WORDS, STOPWORDS } from '../matching/stopwords';
import { QTYPES, STORIES, type QType } from './generatedText';

/** What a generated patient message tests. */
export type QueryKind =
  'question' | 'typo' | 'answer-words' | 'page' | 'long' | 'spanish' | 'unknown-topic';

export interface GeneratedQuery {
  kind: QueryKind;
  text: string;
  /** The entry that answers it; null for a topic the knowledge does not have. */
  expected: string | null;
}

export interface GeneratedKnowledge {
  entries: Entry[];
  queries: GeneratedQuery[];
}

export interface GenerateOptions {
  entries: number;
  seed: number;
  /** Messages of each kind. */
  perKind: number;
}

/** A deterministic generator, so every run builds the same knowledge and messages. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Topic {
  lang: Lang;
  name: string;
  /** A page: headings and text, no questions written for it. */
  page: boolean;
  entries: { id: string; qtype: QType; facts: string[] }[];
}

/**
 * A knowledge base shaped like a large health FAQ export (topics with several question types
 * each, answers that name the topic and a few facts, a source address per topic), some topics
 * as web pages (headings, no questions) and some in Spanish; and patient messages with the
 * entry each should find. Made-up topic names from the word lists keep it free of anyone's
 * medical content.
 */
export function generateKnowledge(o: GenerateOptions): GeneratedKnowledge {
  const rand = rng(o.seed);
  const words = { en: wordPool('en'), es: wordPool('es') };
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const used = new Set<string>();
  const fresh = (lang: Lang) => {
    for (;;) {
      const w = pick(words[lang]);
      if (!used.has(w)) {
        used.add(w);
        return w;
      }
    }
  };
  // Everyday words many answers share, as real answers share theirs.
  const filler = {
    en: Array.from({ length: 400 }, () => pick(words.en)),
    es: Array.from({ length: 400 }, () => pick(words.es)),
  };
  const topics: Topic[] = [];
  const entries: Entry[] = [];
  while (entries.length < o.entries) {
    const lang: Lang = rand() < 0.15 ? 'es' : 'en';
    const topic: Topic = {
      lang,
      name: `${fresh(lang)} ${fresh(lang)}`,
      page: rand() < 0.3,
      entries: [],
    };
    for (const qtype of Object.keys(QTYPES[lang]) as QType[]) {
      if (entries.length >= o.entries) break;
      const id = `g${entries.length + 1}`;
      const facts = [fresh(lang), fresh(lang), fresh(lang)];
      const noise = Array.from({ length: 12 + Math.floor(rand() * 30) }, () => pick(filler[lang]));
      entries.push(entryOf(topic, id, qtype, facts, noise.join(' ')));
      topic.entries.push({ id, qtype, facts });
    }
    topics.push(topic);
  }
  const queries: GeneratedQuery[] = [];
  const kinds: QueryKind[] = ['question', 'typo', 'answer-words', 'page', 'long', 'spanish'];
  for (const kind of kinds) {
    const pool = topics.filter((t) =>
      kind === 'page' ? t.page : kind === 'spanish' ? t.lang === 'es' : t.lang === 'en',
    );
    for (let i = 0; i < o.perKind && pool.length; i++) {
      const topic = pick(pool);
      const target = pick(topic.entries);
      queries.push({ kind, text: messageFor(kind, topic, target, pick), expected: target.id });
    }
  }
  for (let i = 0; i < o.perKind; i++) {
    const name = `${fresh('en')} ${fresh('en')}`;
    const qtype = pick(Object.keys(QTYPES.en) as QType[]);
    queries.push({
      kind: 'unknown-topic',
      text: pick(QTYPES.en[qtype].asked)(name),
      expected: null,
    });
  }
  return { entries, queries };
}

function entryOf(topic: Topic, id: string, qtype: QType, facts: string[], noise: string): Entry {
  const t = QTYPES[topic.lang][qtype];
  const name = topic.name.replace(/\b\w/g, (c) => c.toUpperCase());
  return {
    id,
    source: 'generated',
    title: { [topic.lang]: topic.page ? t.heading(name) : t.question(name) },
    questions: topic.page ? {} : { [topic.lang]: [t.question(name)] },
    answer: { [topic.lang]: `${t.answer(name, facts)} ${noise}.` },
    sms: {},
    reviewPending: [],
    url: `https://health.example.org/${topic.lang}/${topic.name.replace(' ', '-')}`,
  };
}

function messageFor(
  kind: QueryKind,
  topic: Topic,
  target: Topic['entries'][number],
  pick: <T>(list: readonly T[]) => T,
): string {
  const t = QTYPES[topic.lang][target.qtype];
  const asked = pick(t.asked)(topic.name);
  switch (kind) {
    case 'typo':
      return asked.replace(topic.name, topic.name.split(' ').map(swapLetters).join(' '));
    case 'answer-words':
      return pick(t.byFact)(topic.name, target.facts[0]);
    case 'long':
      return `${pick(STORIES.en)} ${pick(STORIES.en)} ${capitalise(asked)}?`;
    case 'spanish':
      return `${pick(STORIES.es)} ${capitalise(asked)}?`;
    default:
      return asked;
  }
}

/** "spleen" → "sleen"? No: two neighbouring letters swapped, the commonest typo ("sploen"). */
function swapLetters(word: string): string {
  if (word.length < 5) return word;
  const i = Math.floor(word.length / 2);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const pools = new Map<Lang, string[]>();

/** Plain words of a language's word list, none the matcher treats as a stop or question word. */
function wordPool(lang: Lang): string[] {
  let pool = pools.get(lang);
  if (!pool) {
    const all = (
      lang === 'en'
        ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON array of words
          require('an-array-of-english-words')
        : // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON array of words
          require('an-array-of-spanish-words')
    ) as string[];
    const skip = new Set([...STOPWORDS[lang], ...FUNCTION_WORDS[lang]]);
    pool = all.filter((w) => /^[a-z]{5,9}$/.test(w) && !skip.has(w));
    pools.set(lang, pool);
  }
  return pool;
}
