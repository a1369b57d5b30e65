import { detectLanguage } from '../language/detect';
import type { Entry, Problem } from './types';

const KNOWN = [
  'question',
  'answer',
  'source',
  'metadata',
  'qnaid',
  'prompts',
  'suggestedquestions',
  'iscontextonly',
];

interface Row {
  question: string;
  answer: string;
  qnaId?: string;
  source?: string;
  metadata?: string;
  prompts?: string;
  contextOnly: boolean;
  line: number;
}

function unquote(field: string): string {
  const f = field.trim();
  return f.length >= 2 && f.startsWith('"') && f.endsWith('"')
    ? f.slice(1, -1).replace(/""/g, '"')
    : f;
}

/** QnA Maker / Custom Question Answering exports write line breaks in answers as "\n". */
function unescape(s: string): string {
  return s.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\r/g, '');
}

/**
 * A QnA Maker or Custom Question Answering TSV export, columns found by header name. Rows with
 * the same QnaId (or, without ids, the same answer) are one entry with alternate questions.
 */
export function entriesFromTsv(content: string, file: string): Entry[] | Problem[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => unquote(h).toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const problems: Problem[] = [];
  if (col('question') < 0 || col('answer') < 0) {
    return [{ file, message: 'the header row needs "Question" and "Answer" columns' }];
  }
  header.forEach((h) => {
    if (h && !KNOWN.includes(h)) problems.push({ file, message: `unknown column "${h}"` });
  });
  const rows: Row[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const cells = line.split('\t').map(unquote);
    const get = (name: string) => (col(name) >= 0 ? cells[col(name)] : undefined);
    rows.push({
      question: get('question') ?? '',
      answer: unescape(get('answer') ?? ''),
      qnaId: get('qnaid') || undefined,
      source: get('source'),
      metadata: get('metadata'),
      prompts: get('prompts'),
      contextOnly: /^true$/i.test(get('iscontextonly') ?? ''),
      line: i + 2,
    });
  });
  if (problems.length) return problems;
  return groupRows(rows, file);
}

function groupRows(rows: Row[], file: string): Entry[] {
  const byKey = new Map<string, Entry>();
  for (const row of rows) {
    const key = row.qnaId ?? `answer:${row.answer}`;
    let entry = byKey.get(key);
    if (!entry) {
      const lang = detectLanguage(`${row.question} ${row.answer}`).lang;
      entry = {
        id: row.qnaId ?? `row-${row.line}`,
        source: file,
        title: { [lang]: row.question },
        questions: { [lang]: [] },
        answer: { [lang]: row.answer },
        sms: {},
        reviewPending: [],
        contextOnly: row.contextOnly,
        metadata: parseMetadata(row.metadata),
        // The page a row was imported from ("Source"), when it is an address: where the answer
        // comes from, which the matcher and the "did you mean" choices use.
        url: addressOf(row.source),
        followUps: parsePrompts(row.prompts),
      };
      byKey.set(key, entry);
    }
    const lang = Object.keys(entry.answer)[0] as 'en' | 'es';
    if (row.question) entry.questions[lang]!.push(row.question);
  }
  return [...byKey.values()];
}

/** An http(s) address with a dotted host; anything else ("Editorial", "faq.docx") is not one. */
function addressOf(source: string | undefined): string | undefined {
  if (!source || !/^https?:\/\/[^\s/]+\.[^\s/]+(\/\S*)?$/i.test(source)) return undefined;
  try {
    new URL(source);
    return source;
  } catch {
    return undefined;
  }
}

function parseMetadata(raw: string | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  const pairs = raw
    .split('|')
    .map((p) => p.split(':'))
    .filter((p) => p.length === 2);
  return pairs.length ? Object.fromEntries(pairs.map(([k, v]) => [k.trim(), v.trim()])) : undefined;
}

function parsePrompts(raw: string | undefined): Entry['followUps'] {
  if (!raw || raw === '[]') return undefined;
  try {
    const list = JSON.parse(raw) as { DisplayText?: string; QnaId?: number | string }[];
    return list
      .filter((p) => p.DisplayText && p.QnaId !== undefined)
      .map((p) => ({ text: String(p.DisplayText), entryId: String(p.QnaId) }));
  } catch {
    return undefined;
  }
}
