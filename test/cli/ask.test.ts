import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Each run of the real CLI loads the word lists and the knowledge (about 3 s): few runs.
const ROOT = join(__dirname, '..', '..');
const TSV = join('test', 'fixtures', 'ask', 'qna-export.tsv');
const FIELDS = ['action', 'confidence', 'entryId', 'id', 'lang', 'source', 'text'];

function ask(args: string[], input = '') {
  const run = spawnSync(
    join('node_modules', '.bin', 'tsx'),
    [join('src', 'cli', 'ask.ts'), ...args],
    {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const jsonl = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const parseLines = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('npm run ask "question"', () => {
  test('prints the reply and nothing else', () => {
    const run = ask(['how long does the procedure take']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      'The duration of the Impella procedure is variable: it is different for each patient.\n',
    );
  });
});

describe('npm run ask -- --jsonl', () => {
  const NOT_JSON = 'this line is not JSON';
  // [line, expected action, lang, entryId, a piece of the text]
  const lines: [object | string, string, string, string | null, string][] = [
    [
      { id: 'en-web', text: 'how long does the procedure take', channel: 'web' },
      'answer',
      'en',
      'impella-duration',
      'variable',
    ],
    [
      { id: 'es-sms', text: '¿cómo me preparo para el procedimiento?', channel: 'sms' },
      'answer',
      'es',
      'impella-preparing',
      // The SMS short form.
      'Para prepararse, siga las instrucciones previas de la clínica.',
    ],
    // Each line is a new patient: the Spanish of "es-sms" above is not theirs.
    [
      { id: 'new-patient', text: 'ok', channel: 'sms' },
      'smalltalk',
      'en',
      null,
      'Is there anything else',
    ],
    [
      { id: 'emergency', text: 'my dad has chest pian and cant breath', channel: 'sms' },
      'emergency',
      'en',
      null,
      'Call 911 now',
    ],
    [
      { id: 'clarify', text: 'the catheter thing', channel: 'web' },
      'clarify',
      'en',
      null,
      '[Something else]',
    ],
    [{ id: 'hola', text: 'hola', channel: 'web' }, 'smalltalk', 'es', null, '¡Hola!'],
  ];
  const input = [
    ...lines.slice(0, 2).map(([l]) => JSON.stringify(l)),
    NOT_JSON,
    ...lines.slice(2).map(([l]) => JSON.stringify(l)),
  ].join('\n');
  let out: Record<string, unknown>[];
  let status: number | null;

  beforeAll(() => {
    const run = ask(['--jsonl'], `${input}\n`);
    status = run.status;
    out = parseLines(run.stdout);
  });

  test('writes one JSON object per input line, in input order', () => {
    expect(status).toBe(0);
    expect(out.map((o) => o.id)).toEqual([
      'en-web',
      'es-sms',
      null,
      'new-patient',
      'emergency',
      'clarify',
      'hola',
    ]);
  });

  test('every object has exactly the contract fields, even for a line that is not JSON', () => {
    for (const o of out) expect(Object.keys(o).sort()).toEqual(FIELDS);
  });

  const answered = () => out.filter((o) => o.id !== null);

  test('confidence is null exactly when no entry was used', () => {
    for (const o of answered()) {
      if (o.entryId === null || o.entryId === undefined) expect(o.confidence).toBeNull();
      else expect(o.confidence).toEqual(expect.any(Number));
    }
  });

  test.each(lines.map(([line, ...rest], i) => [(line as { id: string }).id, i, ...rest] as const))(
    '%s',
    (_id, i, action, lang, entryId, text) => {
      expect(answered()[i]).toMatchObject({
        action,
        lang,
        entryId,
        text: expect.stringContaining(text),
      });
    },
  );
});

describe('npm run ask -- --jsonl --kb qna-export.tsv --top 3', () => {
  // [question, the QnaId that answers it, a piece of its answer]
  const questions: [string, string, string][] = [
    ['how long is the treadmill test', '101', 'about an hour in total'],
    ['what shoes should i wear', '102', 'walking or running shoes'],
    ['is coffee ok before the test', '103', 'for 24 hours before the test'],
    ['what is a nuclear stress test', '104', 'a small amount of a tracer'],
  ];
  let out: Record<string, unknown>[];
  let status: number | null;

  beforeAll(() => {
    const input = jsonl(questions.map(([text], i) => ({ id: `q${i + 1}`, text, channel: 'web' })));
    const run = ask(['--jsonl', '--kb', TSV, '--top', '3'], input);
    status = run.status;
    out = parseLines(run.stdout);
  });

  test('runs on the export alone', () => {
    expect(status).toBe(0);
    expect(out).toHaveLength(questions.length);
  });

  test.each(questions.map((q, i) => [...q, i] as const))(
    '%j is answered from QnaId %s',
    (_text, qnaId, answer, i) => {
      expect(out[i]).toMatchObject({
        action: 'answer',
        lang: 'en',
        entryId: qnaId,
        text: expect.stringContaining(answer),
      });
    },
  );

  test('ranked adds the 3 best entries by QnaId, best first', () => {
    questions.forEach(([, qnaId], i) => {
      const ranked = out[i].ranked as { id: string; score: number }[];
      expect(ranked).toHaveLength(3);
      expect(ranked[0].id).toBe(qnaId);
      for (const r of ranked) {
        expect(Object.keys(r).sort()).toEqual(['id', 'score']);
        expect(['101', '102', '103', '104']).toContain(r.id);
      }
      const scores = ranked.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });
  });
});

describe('npm run ask -- --jsonl --top 3 ranks every message, whatever the action', () => {
  // [message, the action it gets, as it did before rankings were kept for every action]
  const lines: [string, string][] = [
    ['my dad has chest pain after the procedure', 'emergency'],
    ['should I stop taking my blood thinner before the procedure', 'escalate'],
    ['can I talk to a person about the procedure', 'escalate'],
    ['do you take my insurance', 'escalate'],
    ['what is the weather today', 'clarify'],
    ['instructions?', 'clarify'],
    ['how long does the procedure take', 'answer'],
  ];
  let out: Record<string, unknown>[];

  beforeAll(() => {
    const input = jsonl(lines.map(([text], i) => ({ id: `t${i}`, text, channel: 'sms' })));
    out = parseLines(ask(['--jsonl', '--top', '3'], input).stdout);
  });

  test.each(lines.map((l, i) => [...l, i] as const))(
    '%j keeps its action (%s) and lists the knowledge entries it ranks',
    (_text, action, i) => {
      expect(out[i].action).toBe(action);
      const ranked = out[i].ranked as { id: string }[];
      expect(ranked.length).toBeGreaterThanOrEqual(1);
      expect(ranked.length).toBeLessThanOrEqual(3);
      for (const r of ranked) expect(r.id).toMatch(/^(impella|covid)-/);
    },
  );
});

describe('npm run ask -- --kb missing-file', () => {
  test('exits non-zero and says which file is missing on stderr', () => {
    const run = ask(['--kb', join('test', 'fixtures', 'ask', 'no-such-export.tsv'), 'hello']);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no-such-export.tsv');
  });
});
