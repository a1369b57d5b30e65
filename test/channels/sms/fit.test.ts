import { fitSms } from '../../../src/channels/sms/fit';
import { smsLength, type SmsEncoding } from '../../../src/language/smsLength';

const LINK = 'https://faq.clinic.example.org/?lang=en#impella-duration';
const words = (word: string, n: number) => Array.from({ length: n }, () => word).join(' ');
const LONG_GSM = words('catheter', 120);
const LONG_SPANISH = words('catéter', 120);
const LONG_UCS2 = words('cámara rápido', 60);

// [what the clinic wrote, text, budget, link, what the patient gets (or undefined: see checks)]
const unchanged: [string, string, number, string | undefined, string][] = [
  ['a short answer', 'It takes about an hour.', 1, LINK, 'It takes about an hour.'],
  ['a short Spanish answer', 'Dura una hora, más o menos.', 1, LINK, 'Dura una hora, más o menos.'],
  ['exactly 160 GSM characters', 'a'.repeat(160), 1, LINK, 'a'.repeat(160)],
  ['exactly 70 UCS-2 units', `á${'a'.repeat(69)}`, 1, LINK, `á${'a'.repeat(69)}`],
  ['306 GSM characters in 2 segments', 'b'.repeat(306), 2, LINK, 'b'.repeat(306)],
  ['blank lines squeezed, ends trimmed', '  One.\n\n\n\nTwo.  ', 1, undefined, 'One.\n\nTwo.'],
  ['an empty reply', '', 1, LINK, ''],
];

describe('fitSms leaves a reply that fits alone', () => {
  test.each(unchanged)('%s', (_what, text, budget, link, expected) => {
    expect(fitSms(text, budget, link)).toBe(expected);
  });
});

// [what, text, budget, link, the encoding the cut reply must keep, the fewest units it must use]
const cut: [string, string, number, string | undefined, SmsEncoding, number][] = [
  ['long GSM text, 1 segment, with the link', LONG_GSM, 1, LINK, 'GSM-7', 150],
  ['long GSM text, 3 segments, with the link', LONG_GSM, 3, LINK, 'GSM-7', 450],
  ['long GSM text, 2 segments, no link', LONG_GSM, 2, undefined, 'GSM-7', 296],
  // "é" is in the GSM 03.38 set, so "catéter" stays GSM-7 and keeps 160/153 a segment.
  ['long Spanish text with é, 1 segment', LONG_SPANISH, 1, LINK, 'GSM-7', 100],
  ['long Spanish text with é, 3 segments', LONG_SPANISH, 3, LINK, 'GSM-7', 400],
  ['long Spanish text with á and ó (UCS-2), 1 segment', LONG_UCS2, 1, LINK, 'UCS-2', 60],
  ['long Spanish text with á and ó (UCS-2), 3 segments', LONG_UCS2, 3, LINK, 'UCS-2', 190],
];

describe('fitSms cuts a long reply to the budget', () => {
  test.each(cut)('%s: fits, ends with "…" and the link', (_what, text, budget, link) => {
    const fitted = fitSms(text, budget, link);
    expect(smsLength(fitted).segments).toBeLessThanOrEqual(budget);
    expect(fitted).toMatch(
      link ? new RegExp(`(…|\\.\\.\\.) ${link.replace(/[.?/]/g, '\\$&')}$`) : /(…|\.\.\.)$/,
    );
    // Cut at a word boundary, so the patient never gets half a word.
    const kept = fitted.replace(/(…|\.\.\.)( \S+)?$/, '');
    expect(text.startsWith(kept)).toBe(true);
    expect(text[kept.length]).toBe(' ');
  });

  // The cut must not throw away the budget: "…" is not in the GSM 03.38 set, so ending a GSM
  // text with it makes the whole SMS UCS-2, 70/67 units a segment instead of 160/153.
  test.each(cut)(
    '%s: keeps its encoding and uses the budget',
    (_what, text, budget, link, encoding, atLeast) => {
      const length = smsLength(fitSms(text, budget, link));
      expect({ encoding: length.encoding, enough: length.units >= atLeast }).toEqual({
        encoding,
        enough: true,
      });
    },
  );
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// GSM letters, Spanish letters outside GSM (á í ó ú), GSM extension characters (two septets),
// an emoji (two UTF-16 units), and spaces and line breaks to cut at.
const ALPHABETS = ['abcdefghij ñé¿?.,', 'áíóú aeiou', 'eur € [x] {y} ^', 'ok 😀 ', ' \n'];

function generated(next: () => number, length: number, alphabets: string[]): string {
  let text = '';
  while (text.length < length) {
    const set = [...alphabets[Math.floor(next() * alphabets.length)]];
    text += set[Math.floor(next() * set.length)];
  }
  return text;
}

const lengths = Array.from({ length: 90 }, (_, i) => 1 + i * 13);
const BUDGETS = [1, 2, 3, 4];
const LINKS = [undefined, LINK, 'http://localhost:3978/?lang=es#impella-what'];

describe('fitSms never exceeds the budget', () => {
  test.each(BUDGETS)('budget %i, across %#: generated texts of 1 to 1158 characters', (budget) => {
    const next = random(budget);
    const over: object[] = [];
    for (const length of lengths) {
      for (const alphabets of [ALPHABETS.slice(0, 1), ALPHABETS.slice(0, 3), ALPHABETS]) {
        for (const link of LINKS) {
          const text = generated(next, length, alphabets);
          const fitted = fitSms(text, budget, link);
          const segments = smsLength(fitted).segments;
          if (segments > budget) over.push({ text, link, fitted, segments });
          const clean = text.replace(/\n{3,}/g, '\n\n').trim();
          if (smsLength(clean).segments <= budget) expect(fitted).toBe(clean);
          else expect(/(…|\.\.\.)( \S+)?$/.test(fitted)).toBe(true);
        }
      }
    }
    expect(over).toEqual([]);
  });

  test('even when the link alone is longer than the budget', () => {
    const long = `https://faq.clinic.example.org/${'section/'.repeat(25)}?lang=en#impella-what`;
    expect(smsLength(fitSms(LONG_GSM, 1, long)).segments).toBeLessThanOrEqual(1);
  });
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('fitSms never cuts a character in half', () => {
  test.each([
    ['emoji with no spaces, no link', '😀'.repeat(100), undefined],
    ['emoji with no spaces, with the link', '🙂'.repeat(300), LINK],
    ['emoji after a short word', `ok ${'❤️'.repeat(120)}`, undefined],
  ])('%s', (_what, text, link) => {
    const fitted = fitSms(text, 1, link);
    expect(smsLength(fitted).segments).toBe(1);
    expect(LONE_SURROGATE.test(fitted)).toBe(false);
  });
});
