import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lexicon } from '../matching/lexicon';
import type { Entry } from './types';
import type { MatcherResources } from '../matching/matcher';
import { KNOWLEDGE_DIR } from './load';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package ships no types
const snowball = require('snowball-stemmers') as {
  newStemmer(lang: string): { stem(w: string): string };
};

let dictionary: Set<string> | undefined;

/** English and Spanish word lists (about 900,000 words), loaded once per process. */
export function realWords(): (word: string) => boolean {
  if (!dictionary) {
    dictionary = new Set<string>();
    for (const pkg of ['an-array-of-english-words', 'an-array-of-spanish-words']) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON array
      for (const w of require(pkg) as string[]) {
        if (w.length >= 2 && w.length <= 20)
          dictionary.add(w.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''));
      }
    }
  }
  const words = dictionary;
  return (w) => words.has(w);
}

export function loadLexicon(dir = KNOWLEDGE_DIR): Lexicon {
  return JSON.parse(readFileSync(join(dir, 'lexicon.json'), 'utf8')) as Lexicon;
}

interface HandoffFile {
  topics: { id: string; questions: Entry['questions'] }[];
}

export function loadHandoffTopics(dir = KNOWLEDGE_DIR): Entry[] {
  const file = JSON.parse(readFileSync(join(dir, 'handoff-topics.json'), 'utf8')) as HandoffFile;
  return file.topics.map((t) => ({
    id: `handoff:${t.id}`,
    source: 'handoff-topics.json',
    title: {},
    questions: t.questions,
    answer: {},
    sms: {},
    reviewPending: [],
    handoff: true,
  }));
}

export function loadMatcherResources(dir = KNOWLEDGE_DIR): MatcherResources {
  const en = snowball.newStemmer('english');
  const es = snowball.newStemmer('spanish');
  return {
    lexicon: loadLexicon(dir),
    stemmers: { en: (w) => en.stem(w), es: (w) => es.stem(w) },
    isWord: realWords(),
    handoff: loadHandoffTopics(dir),
  };
}
