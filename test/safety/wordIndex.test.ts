import * as lexicon from '../../src/safety/lexicon';
import { WordIndex } from '../../src/safety/wordIndex';
import { patternWord, wordMatches, type PatternWord } from '../../src/safety/wordMatch';

// The index finds a token's pattern words without trying them all; `wordMatches` has the last
// word on each candidate. So the one way it can go wrong is by not offering a word as a
// candidate: checked here against trying every word, on every safety word and a sample of its typos.

const words: PatternWord[] = [];
const seen = new Set<string>();
for (const list of Object.values(lexicon)) {
  if (!Array.isArray(list) || typeof list[0] !== 'string') continue;
  for (const pattern of list as string[])
    for (const w of pattern.split(' ')) {
      if (seen.has(w)) continue;
      seen.add(w);
      words.push(patternWord(w));
    }
}

function everyWord(token: string) {
  const ids = (alone: boolean) =>
    words.flatMap((w, id) => (wordMatches(token, w, alone) ? [id] : []));
  return { inPhrase: ids(false), alone: ids(true) };
}

/** Each letter dropped, doubled, changed and swapped with the next. */
function oneTypo(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) {
    out.push(w.slice(0, i) + w.slice(i + 1));
    out.push(w.slice(0, i + 1) + w[i] + w.slice(i + 1));
    out.push(w.slice(0, i) + (w[i] === 'e' ? 'a' : 'e') + w.slice(i + 1));
    if (i + 1 < w.length) out.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
  }
  return out;
}

function tokens(): string[] {
  const out = new Set<string>(['', 'a', 'the', 'and', 'procedure', 'cuanto', 'xq', '4']);
  for (const w of words)
    for (const { word } of w.options) {
      out.add(word);
      out.add(`${word}s`);
      out.add(`${word}ing`);
      out.add(word.slice(0, -1));
      const typos = oneTypo(word);
      // A sample (each kind of typo in turn along the word), of typos in longer words made
      // from a prefix, and of two typos; trying every word on each token takes a while.
      typos.forEach((t, i) => {
        if (i % 5 === 0) out.add(t);
        if (i % 15 === 0) out.add(`${t}ado`);
        if (i % 25 === 0) oneTypo(t).forEach((two, j) => j % 11 === 0 && out.add(two));
      });
    }
  return [...out];
}

test('finds exactly the pattern words that trying every word finds', () => {
  const index = new WordIndex();
  const ids = words.map((w) => index.add(w));
  expect(ids).toEqual(words.map((_, i) => i));
  const all = tokens();
  expect(all.length).toBeGreaterThan(5_000);
  const differ = all.filter((t) => {
    const found = index.matchesOf(t);
    const expected = everyWord(t);
    return (
      found.inPhrase.join() !== expected.inPhrase.join() ||
      found.alone.join() !== expected.alone.join()
    );
  });
  expect(differ).toEqual([]);
});

test('adding a word again gives its id; a word added later is found in a token seen before', () => {
  const index = new WordIndex();
  const pain = index.add(patternWord('pain|dolor'));
  expect(index.add(patternWord('pain|dolor'))).toBe(pain);
  expect(index.matchesOf('pian').inPhrase).toEqual([pain]);
  const chest = index.add(patternWord('chest|pecho*'));
  expect(index.matchesOf('pechos').inPhrase).toEqual([chest]);
  expect(index.matchesOf('chset').inPhrase).toEqual([chest]);
  expect(index.matchesOf('chart').inPhrase).toEqual([]);
  expect(index.matchesOf('pian').alone).toEqual([]);
});
