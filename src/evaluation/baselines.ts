import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { Entry } from '../knowledge/types';
import { LANGS } from '../knowledge/types';
import type { Predicted } from './labelled';

export interface Baseline {
  name: string;
  predict(text: string): Predicted;
}

interface Doc {
  id: number;
  entryId: string;
  text: string;
}

function questionDocs(entries: readonly Entry[]): Doc[] {
  const docs: Doc[] = [];
  for (const e of entries) {
    for (const lang of LANGS)
      for (const q of e.questions[lang] ?? [])
        docs.push({ id: docs.length, entryId: e.id, text: q });
  }
  return docs;
}

const answer = (entryId: string, confidence: number): Predicted => ({
  action: 'answer',
  lang: null,
  entryId,
  confidence,
});
const escalate: Predicted = { action: 'escalate', lang: null, entryId: null, confidence: null };

/** fuse.js alone over the entries' questions, as a QnA bot built on it directly would be. */
export function fuseBaseline(entries: readonly Entry[]): Baseline {
  const docs = questionDocs(entries);
  const fuse = new Fuse(docs, {
    keys: ['text'],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.6,
  });
  return {
    name: 'fuse.js alone',
    predict(text) {
      const best = fuse.search(text.slice(0, 500), { limit: 1 })[0];
      return best && (best.score ?? 1) <= 0.5
        ? answer(best.item.entryId, 1 - (best.score ?? 1))
        : escalate;
    },
  };
}

/** BM25 alone (minisearch) over the questions, with its own fuzzy and prefix search. */
export function bm25Baseline(entries: readonly Entry[]): Baseline {
  const docs = questionDocs(entries);
  const search = new MiniSearch<Doc>({ fields: ['text'], storeFields: ['entryId'] });
  search.addAll(docs);
  return {
    name: 'BM25 alone',
    predict(text) {
      const best = search.search(text, { fuzzy: 0.2, prefix: true })[0];
      return best && best.score >= 4 ? answer(best.entryId as string, best.score) : escalate;
    },
  };
}
