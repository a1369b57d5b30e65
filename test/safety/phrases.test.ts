import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as lexicon from '../../src/safety/lexicon';
import { safetyWords } from '../../src/safety/check';
import { phraseSet, type Pattern } from '../../src/safety/phrases';
import { patternWord, wordMatches } from '../../src/safety/wordMatch';

// The phrase search finds a token's pattern words through an index (see wordIndex.test.ts).
// Whatever it finds must be exactly what trying every pattern word on every token finds:
// compared here on every labelled message, whole and sentence by sentence.

const MAX_GAP = 2;

/** The plain search: each pattern in order, from each token where its first word matches. */
function everyWord(patterns: readonly Pattern[], tokens: readonly string[]): Pattern | undefined {
  for (const pattern of patterns) {
    const words = pattern.split(' ').map(patternWord);
    const alone = words.length === 1;
    for (let start = 0; start < tokens.length; start++) {
      if (!wordMatches(tokens[start], words[0], alone)) continue;
      let pos = start + 1;
      let all = true;
      for (let k = 1; k < words.length && all; k++) {
        let hit = -1;
        for (let i = pos; i <= Math.min(tokens.length - 1, pos + MAX_GAP); i++) {
          if (wordMatches(tokens[i], words[k], false)) {
            hit = i;
            break;
          }
        }
        all = hit >= 0;
        pos = hit + 1;
      }
      if (all) return pattern;
    }
  }
  return undefined;
}

const LISTS = Object.entries(lexicon).filter(
  (e): e is [string, Pattern[]] => Array.isArray(e[1]) && typeof e[1][0] === 'string',
);

const labelled = (): string[][] =>
  ['patient-messages.jsonl', 'holdout.jsonl', 'fresh.jsonl', 'safety.jsonl'].flatMap((f) =>
    readFileSync(join(__dirname, '..', 'fixtures', 'eval', f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => {
        const text = (JSON.parse(line) as { text: string }).text;
        return [safetyWords(text), ...text.split(/[.!?;\n]/).map(safetyWords)];
      }),
  );

describe.each(LISTS)('%s', (_name, patterns) => {
  const set = phraseSet(patterns);

  test('finds what trying every word finds, on every labelled message', () => {
    const differ = labelled().filter((t) => set.findInWords(t) !== everyWord(patterns, t));
    expect(differ).toEqual([]);
  });
});
