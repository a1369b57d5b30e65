import { readFileSync } from 'node:fs';

/** A question with the knowledge entries judged for it (LiveQA / TREC style, grades 1-4). */
export interface JudgedQuery {
  id: string;
  text: string;
  /** Entry id (a TSV's QnaId) to grade; an entry never judged counts as not relevant. */
  grades: Map<string, number>;
}

interface RawQuery {
  id?: unknown;
  text?: unknown;
  relevant?: { qna_id?: unknown; id?: unknown; grade?: unknown }[];
  judged_nonrelevant?: unknown[];
}

/**
 * Reads a queries file: one JSON object a line with `id`, `text` and `relevant` rows
 * (`{qna_id | id, grade}`), and optionally `judged_nonrelevant` ids (grade 1). A line that is not
 * such an object is named in the error, not skipped: a batch test must not quietly shrink.
 */
export function readJudgedQueries(file: string): JudgedQuery[] {
  const out: JudgedQuery[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let raw: RawQuery;
      try {
        raw = JSON.parse(line) as RawQuery;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
      if (typeof raw.text !== 'string' || raw.id === undefined || raw.id === null)
        throw new Error(`${file}:${i + 1}: needs "id" and "text"`);
      const grades = new Map<string, number>();
      for (const r of raw.relevant ?? []) {
        const id = r.qna_id ?? r.id;
        if (id === undefined || typeof r.grade !== 'number')
          throw new Error(`${file}:${i + 1}: a "relevant" row needs an id and a numeric grade`);
        grades.set(String(id), r.grade);
      }
      for (const id of raw.judged_nonrelevant ?? [])
        if (!grades.has(String(id))) grades.set(String(id), 1);
      out.push({ id: String(raw.id), text: raw.text, grades });
    });
  return out;
}
