import type { Entry, Lang } from '../knowledge/types';

/** The parts of an entry a message is ranked against, each weighted on its own. */
export type Field = 'questions' | 'title' | 'answer' | 'source';
export const FIELDS: readonly Field[] = ['questions', 'title', 'answer', 'source'];

/** Path words of an address ("/gard/10955/noonan-syndrome" → "gard 10955 noonan syndrome"). */
function addressWords(url: string | undefined): string {
  if (!url) return '';
  let path = url;
  try {
    path = new URL(url, 'http://x').pathname;
  } catch {
    // Not an address: its words are used as they are.
  }
  return path.replace(/\.(html?|aspx?|php|pdf|docx?)$/i, '').replace(/[^\p{L}\p{N}]+/gu, ' ');
}

const EMPTY: Record<Field, string> = { questions: '', title: '', answer: '', source: '' };

/**
 * An entry's text per field in one language. The source is where the entry comes from (its
 * address's path words, and its metadata values: a QnA Maker export's tags), which names the topic
 * of a page whose sections say little about it. A context-only entry (reached only as a
 * follow-up) has none: it is never matched directly.
 */
export function fieldTexts(entry: Entry, lang: Lang): Record<Field, string> {
  const questions = entry.questions[lang] ?? [];
  const title = entry.title[lang] ?? '';
  const answer = entry.answer[lang] ?? '';
  if (entry.contextOnly || (!questions.length && !title && !answer)) return EMPTY;
  const tags = Object.values(entry.metadata ?? {}).join(' ');
  return {
    questions: questions.join(' \n '),
    title,
    answer,
    source: `${addressWords(entry.url)} ${tags}`,
  };
}
