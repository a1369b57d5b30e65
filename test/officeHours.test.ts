import { describeOpening, isOpen, nextOpening, parseOfficeHours } from '../src/officeHours';

const hours = parseOfficeHours('mon-fri 08:00-17:00', 'America/New_York');

describe('office hours in the clinic’s time zone', () => {
  test.each([
    ['Monday 10:00 in New York', '2026-11-23T15:00:00Z', true],
    ['Monday 17:30 in New York', '2026-11-23T22:30:00Z', false],
    ['Monday 07:59 in New York', '2026-11-23T12:59:00Z', false],
    ['Saturday noon in New York', '2026-11-28T17:00:00Z', false],
  ])('%s: open %s', (_label, at, open) => {
    expect(isOpen(hours, new Date(at))).toBe(open);
  });

  test.each([
    ['Friday evening', '2026-11-27T23:00:00Z', 'en', 'Monday at 08:00'],
    ['Friday evening, in Spanish', '2026-11-27T23:00:00Z', 'es', 'el lunes a las 08:00'],
    ['Tuesday before opening', '2026-11-24T11:00:00Z', 'en', 'Tuesday at 08:00'],
  ] as const)('%s: staff are next in %s', (_label, at, lang, text) => {
    expect(describeOpening(nextOpening(hours, new Date(at)), lang)).toBe(text);
  });

  test('single days and lists are understood; a malformed value is refused with a reason', () => {
    expect([...parseOfficeHours('mon,wed,fri 09:00-13:00', 'UTC').days].sort()).toEqual([1, 3, 5]);
    expect(() => parseOfficeHours('weekdays 9-5', 'UTC')).toThrow(/mon-fri 08:00-17:00/);
    expect(() => parseOfficeHours('mon-fri 08:00-17:00', 'Mars/Olympus')).toThrow();
  });
});
