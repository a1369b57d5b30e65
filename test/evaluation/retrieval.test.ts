import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJudgedQueries, type JudgedQuery } from '../../src/evaluation/judged';
import { retrievalScores } from '../../src/evaluation/retrieval';

const q = (id: string, grades: Record<string, number>): JudgedQuery => ({
  id,
  text: id,
  grades: new Map(Object.entries(grades)),
});

describe('retrieval scores, as the development copy’s score.py counts them', () => {
  const queries = [
    q('a', { x: 4, y: 3 }), // relevant x, y
    q('b', { z: 3, w: 2 }), // relevant z (w only at grade 2)
    q('c', { v: 1 }), // nothing relevant: not counted
  ];
  const rankings = new Map([
    ['a', ['y', 'n', 'x']], // AP (1/1 + 2/3) / 2, RR 1, P@1 1, R@5 1
    ['b', ['n', 'n2', 'w', 'z']], // AP (1/4) / 1, RR 1/4, P@1 0, R@5 1
    ['c', ['v']],
  ]);

  test('at grade 3, averaged over the questions that have a relevant entry', () => {
    const s = retrievalScores(queries, rankings, 3);
    expect(s.n).toBe(2);
    expect(s.map).toBeCloseTo(((1 + 2 / 3) / 2 + 1 / 4) / 2, 10);
    expect(s.mrr).toBeCloseTo((1 + 1 / 4) / 2, 10);
    expect(s.p1).toBe(0.5);
    expect(s.r5).toBe(1);
  });

  test('at grade 2 a related entry counts', () => {
    const s = retrievalScores(queries, rankings, 2);
    expect(s.mrr).toBeCloseTo((1 + 1 / 3) / 2, 10);
    expect(s.map).toBeCloseTo(((1 + 2 / 3) / 2 + (1 / 3 + 2 / 4) / 2) / 2, 10);
  });

  test('a question with no ranking, and an id ranked twice, count as score.py counts them', () => {
    const s = retrievalScores(queries, new Map([['a', ['n', 'n', 'x']]]), 3);
    expect(s.mrr).toBeCloseTo(1 / 2 / 2, 10); // x is second once the repeat is dropped; b scores 0
  });
});

describe('reading judged questions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'judged-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  test('reads QnaIds and ids, grades, and judged non-relevant rows as grade 1', () => {
    const [a] = readJudgedQueries(
      file(
        'ok.jsonl',
        '{"id":"TQ1","text":"t","relevant":[{"qna_id":12,"grade":3},{"id":"x","grade":2}],"judged_nonrelevant":[5]}\n',
      ),
    );
    expect(a.id).toBe('TQ1');
    expect([...a.grades]).toEqual([
      ['12', 3],
      ['x', 2],
      ['5', 1],
    ]);
  });

  test.each([
    ['not JSON', 'bad.jsonl:2: not JSON'],
    ['{"text":"no id"}', 'bad.jsonl:2: needs "id" and "text"'],
    ['{"id":1,"text":"t","relevant":[{"grade":3}]}', 'bad.jsonl:2: a "relevant" row needs'],
  ])('a bad line (%s) is named, not skipped', (line, message) => {
    const path = file('bad.jsonl', `{"id":"ok","text":"fine"}\n${line}\n`);
    expect(() => readJudgedQueries(path)).toThrow(message);
  });
});
