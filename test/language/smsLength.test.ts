import { smsLength, type SmsEncoding } from '../../src/language/smsLength';

const gsm = (n: number) => 'a'.repeat(n);

// [what the clinic writes, the text, encoding, units (septets or UTF-16 units), segments billed]
const cases: [string, string, SmsEncoding, number, number][] = [
  ['an empty message', '', 'GSM-7', 0, 0],
  ['160 GSM characters', gsm(160), 'GSM-7', 160, 1],
  ['161 GSM characters', gsm(161), 'GSM-7', 161, 2],
  ['306 GSM characters (two parts of 153)', gsm(306), 'GSM-7', 306, 2],
  ['307 GSM characters', gsm(307), 'GSM-7', 307, 3],
  ['Spanish letters in the GSM set (ñ, é, ¿, ¡)', '¿Qué año? ¡Si, mañana!', 'GSM-7', 22, 1],
  ['80 euro signs: two septets each', '€'.repeat(80), 'GSM-7', 160, 1],
  ['80 euro signs and one letter', `${'€'.repeat(80)}a`, 'GSM-7', 161, 2],
  ['a brace among 159 letters', `{${gsm(159)}`, 'GSM-7', 161, 2],
  ['every extension character costs two', '^{}\\[~]|€', 'GSM-7', 18, 1],
  ['one "á" among 69 letters', `á${gsm(69)}`, 'UCS-2', 70, 1],
  ['one "á" among 70 letters', `á${gsm(70)}`, 'UCS-2', 71, 2],
  ['one "’" among 133 letters (two parts of 67)', `’${gsm(133)}`, 'UCS-2', 134, 2],
  ['one "’" among 134 letters', `’${gsm(134)}`, 'UCS-2', 135, 3],
  ['an emoji is two UTF-16 units', `😀${gsm(68)}`, 'UCS-2', 70, 1],
  ['an emoji and 69 letters', `😀${gsm(69)}`, 'UCS-2', 71, 2],
];

describe('smsLength', () => {
  it.each(cases)('%s', (_what, text, encoding, units, segments) => {
    expect(smsLength(text)).toEqual({ encoding, units, segments });
  });
});
