import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lexicon } from '../matching/lexicon';
import type { Glossary } from '../matching/glossary';
import type { Entry } from '../knowledge/types';
import type { WordLang } from '../language/detect';
import type { MatcherResources } from '../matching/matcher';
import { KNOWLEDGE_DIR } from '../knowledge/load';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package ships no types
const snowball = require('snowball-stemmers') as {
  newStemmer(lang: string): { stem(w: string): string };
};

/** Folded word → 1 English, 2 Spanish, 3 both. */
let dictionary: Map<string, number> | undefined;

function loadDictionary(): Map<string, number> {
  if (!dictionary) {
    const words = new Map<string, number>();
    const lists: [string, number][] = [
      ['an-array-of-english-words', 1],
      ['an-array-of-spanish-words', 2],
    ];
    for (const [pkg, bit] of lists) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON array
      for (const w of require(pkg) as string[]) {
        if (w.length < 2 || w.length > 20) continue;
        const folded = w.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
        words.set(folded, (words.get(folded) ?? 0) | bit);
      }
    }
    dictionary = words;
  }
  return dictionary;
}

/** English and Spanish word lists (about 900,000 words), loaded once per process. */
export function realWords(): (word: string) => boolean {
  const words = loadDictionary();
  return (w) => words.has(w);
}

/** Which language's word list has the word, for telling the languages apart. */
export function wordLanguage(): (word: string) => WordLang {
  const words = loadDictionary();
  return (w) => {
    const bits = words.get(w) ?? 0;
    return bits === 1 ? 'en' : bits === 2 ? 'es' : bits === 3 ? 'both' : undefined;
  };
}

export function loadLexicon(dir = KNOWLEDGE_DIR): Lexicon {
  return JSON.parse(readFileSync(join(dir, 'lexicon.json'), 'utf8')) as Lexicon;
}

/** The bilingual glossary that finds English entries for a Spanish question (none: no file). */
export function loadGlossary(dir = KNOWLEDGE_DIR): Glossary {
  const file = join(dir, 'glossary.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Glossary) : {};
}

interface HandoffFile {
  topics: { id: string; reply?: 'menu'; questions: Entry['questions'] }[];
}

/**
 * The clinic's hand-off topics (questions only staff answer), from its knowledge folder: they
 * are the clinic's, written for what its own pages do not say, so another knowledge folder
 * without the file has none.
 */
export function loadHandoffTopics(dir = KNOWLEDGE_DIR): Entry[] {
  const path = join(dir, 'handoff-topics.json');
  if (!existsSync(path)) return [];
  const file = JSON.parse(readFileSync(path, 'utf8')) as HandoffFile;
  return file.topics.map((t) => ({
    id: `handoff:${t.id}`,
    source: 'handoff-topics.json',
    title: {},
    questions: t.questions,
    answer: {},
    sms: {},
    reviewPending: [],
    handoff: t.reply === 'menu' ? 'menu' : true,
  }));
}

/**
 * The word lists, stemmers, lay-word lexicon and Spanish glossary (the project's, for every
 * clinic), and the hand-off topics of the knowledge folder in use (`knowledgeDir`).
 */
export function loadMatcherResources(knowledgeDir = KNOWLEDGE_DIR): MatcherResources {
  const en = snowball.newStemmer('english');
  const es = snowball.newStemmer('spanish');
  return {
    lexicon: loadLexicon(),
    glossary: loadGlossary(),
    stemmers: { en: (w) => en.stem(w), es: (w) => es.stem(w) },
    isWord: realWords(),
    wordLang: wordLanguage(),
    handoff: loadHandoffTopics(knowledgeDir),
  };
}
