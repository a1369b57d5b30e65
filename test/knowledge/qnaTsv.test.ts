import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeError } from '../../src/knowledge/errors';
import { loadKnowledgeFiles } from '../../src/knowledge/load';
import { entriesFromTsv } from '../../src/knowledge/qnaTsv';
import type { Entry, Problem } from '../../src/knowledge/types';

const QNA = join(__dirname, '..', 'fixtures', 'knowledge', 'qna');

function read(name: string): Entry[] | Problem[] {
  return entriesFromTsv(readFileSync(join(QNA, name), 'utf8'), name);
}

function entries(name: string): Entry[] {
  const result = read(name);
  if (result.some((r) => 'message' in r)) throw new Error(`${name}: ${JSON.stringify(result)}`);
  return result as Entry[];
}

const INSURANCE =
  'We accept most insurance plans.\nCall the billing office to check that yours is covered.';

describe('entriesFromTsv on a QnA Maker export', () => {
  const exported = entries('clinic-export.tsv');

  it('makes one entry per QnaId, with the QnaId as its id', () => {
    expect(exported.map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(exported.every((e) => e.source === 'clinic-export.tsv')).toBe(true);
  });

  it('groups the rows of one QnaId as alternate questions of one answer', () => {
    const insurance = exported[0];
    expect(insurance.title).toEqual({ en: 'Do you take my insurance?' });
    expect(insurance.questions).toEqual({
      en: [
        'Do you take my insurance?',
        'Is the procedure covered by insurance?',
        'Do you accept Medicare?',
      ],
    });
  });

  it('turns the literal "\\n" of the export into a line break', () => {
    expect(exported[0].answer).toEqual({ en: INSURANCE });
  });

  it('keeps a row’s Source as the entry’s address only when it is one', () => {
    expect(exported.every((e) => e.url === undefined)).toBe(true); // "Editorial"
    const tsv = (source: string) =>
      `Question\tAnswer\tSource\nWhat is it?\tIt is a pump.\t${source}\n`;
    const url = (source: string) => (entriesFromTsv(tsv(source), 'x.tsv') as Entry[])[0].url;
    expect(url('https://www.example.org/impella/what-is-it')).toBe(
      'https://www.example.org/impella/what-is-it',
    );
    expect(url('impella-faq.docx')).toBeUndefined();
    expect(url('http://intranet/faq')).toBeUndefined();
  });

  it('reads the follow-up prompts', () => {
    expect(exported[0].followUps).toEqual([{ text: 'How do I pay my bill?', entryId: '2' }]);
    expect(exported[1].followUps).toBeUndefined();
  });

  it('marks the IsContextOnly row as reachable only as a follow-up', () => {
    expect(exported.map((e) => [e.id, e.contextOnly])).toEqual([
      ['1', false],
      ['2', true],
      ['3', false],
    ]);
  });

  it('reads the metadata pairs', () => {
    expect(exported[0].metadata).toEqual({ category: 'billing', lang: 'en' });
    expect(exported[2].metadata).toEqual({ category: 'directions', lang: 'en' });
  });

  it('finds the columns by their header, in any order', () => {
    const reordered = entries('reordered.tsv').map((e) => ({ ...e, source: 'clinic-export.tsv' }));
    expect(reordered).toEqual(exported);
  });

  it('loads as knowledge whose follow-ups all resolve', async () => {
    const kb = await loadKnowledgeFiles([join(QNA, 'clinic-export.tsv')], {
      smsLenient: true,
      smsSegments: 3,
    });
    expect(kb.entries.map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(kb.menu).toEqual(['1', '3']);
  });
});

describe('entriesFromTsv on a file without an Answer column', () => {
  it('says the header needs "Question" and "Answer"', () => {
    expect(read('no-answer.tsv')).toEqual([
      {
        file: 'no-answer.tsv',
        message: 'the header row needs "Question" and "Answer" columns',
      },
    ]);
  });

  it('stops the knowledge build, naming the file', async () => {
    let error: unknown;
    try {
      await loadKnowledgeFiles([join(QNA, 'no-answer.tsv')], { smsLenient: true, smsSegments: 3 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).message).toContain(
      'no-answer.tsv: the header row needs "Question" and "Answer" columns',
    );
  });
});
