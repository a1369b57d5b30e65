import { csvCell, csvRow } from '../../src/staff/csv';

// What a spreadsheet opening the exports reads: each value in its own cell, as text.
test.each([
  ['plain', 'plain'],
  ['a, b', '"a, b"'],
  ['say "hi"', '"say ""hi"""'],
  ['two\nlines', '"two\nlines"'],
  ['=1+1', "'=1+1"],
  ['+15551234567', "'+15551234567"],
  ['-3', "'-3"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['\t=cmd', "'\t=cmd"],
  ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
  ['¿Cuánto dura?', '¿Cuánto dura?'],
])('%j is written %j', (value, written) => expect(csvCell(value)).toBe(written));

test('numbers and empty values, and a row ends with CRLF', () => {
  expect(csvCell(-3)).toBe('-3');
  expect(csvCell(null)).toBe('');
  expect(csvRow(['a', null, 2])).toBe('a,,2\r\n');
});
