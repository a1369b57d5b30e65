import { join } from 'node:path';
import { procedureQuestion } from '../../src/conversation/procedures';
import { loadMatcherResources } from '../../src/core/matcherResources';
import { loadKnowledgeDir } from '../../src/knowledge/load';
import type { Entry } from '../../src/knowledge/types';
import { buildMatcher, type Matcher } from '../../src/matching/matcher';

// The development clinic site: ten procedure pages with their instruction sheets, and a FAQ.
let matcher: Matcher;

beforeAll(async () => {
  const kb = await loadKnowledgeDir(join(__dirname, '..', 'fixtures', 'site'), 3);
  matcher = buildMatcher(kb.entries, loadMatcherResources(), kb.procedures);
});

const says = (entry: Entry | undefined, words: string) =>
  Object.values(entry?.answer ?? {}).some((a) => a?.includes(words));

describe('a clinic site of several procedures', () => {
  test.each(['how long does it take', 'how do i prepare?'])(
    '%j, with no procedure known, is asked of several procedures alike',
    (message) => {
      const { ranked } = matcher.match(message);
      expect(procedureQuestion(ranked, matcher.procedures).length).toBeGreaterThanOrEqual(3);
    },
  );

  test.each([
    ['stress-test', 'getting a stress test tmrw, can i have my coffee in the morning', 'caffeine'],
    ['loop-recorder', 'puedo ir a nadar con el monitor nuevo', 'no nade'],
  ])('within %s, %j is answered by the line that says so', (procedure, message, words) => {
    const result = matcher.match(message, { procedure });
    expect(result.outcome).toBe('answer');
    expect(says(result.choices[0].entry, words)).toBe(true);
  });

  test('within a procedure, a Spanish hand-off word is answered by the English page that says it', () => {
    const result = matcher.match('el ultrasonido de la carotida duele?', {
      procedure: 'carotid-ultrasound',
    });
    expect(result.handoffTopic).toBeUndefined();
    expect(result.outcome).toBe('answer');
    expect(says(result.choices[0].entry, 'painless')).toBe(true);
  });

  test("within a procedure, its own page answers before the clinic's general FAQ", () => {
    const result = matcher.match('can i eat before', { procedure: 'carotid-ultrasound' });
    expect(result.outcome).toBe('answer');
    expect(result.choices[0].entry.procedure).toBe('carotid-ultrasound');
  });
});
