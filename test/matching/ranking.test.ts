import { generateKnowledge, type QueryKind } from '../../src/evaluation/generated';
import { plainBm25, type PlainBm25 } from '../../src/evaluation/plainBm25';
import { loadMatcherResources } from '../../src/core/matcherResources';
import type { Entry } from '../../src/knowledge/types';
import { buildMatcher, type Matcher } from '../../src/matching/matcher';

// A large generated knowledge base shaped like a health FAQ export (2,000 topics, five question
// types each, some topics as web pages with headings and no questions, some in Spanish).
const knowledge = generateKnowledge({ entries: 10_000, seed: 3, perKind: 40 });
let matcher: Matcher;
let bm25: PlainBm25;

beforeAll(() => {
  matcher = buildMatcher(knowledge.entries, loadMatcherResources());
  bm25 = plainBm25(knowledge.entries);
});

function rankOf(ids: string[], id: string | null): number {
  const i = id === null ? -1 : ids.indexOf(id);
  return i < 0 ? Infinity : i + 1;
}

const kinds: [kind: QueryKind, what: string][] = [
  ['question', 'asked in the patient’s own words'],
  ['typo', 'with the topic misspelt'],
  ['answer-words', 'by a fact only the answer gives'],
  ['page', 'about a page section that has a heading and no questions'],
  ['long', 'as the last sentence of a story'],
  ['spanish', 'in Spanish without accents'],
];

describe('ranking on a generated 10,000-entry knowledge base', () => {
  test.each(kinds)(
    '%s (%s): the entry that answers ranks first for 80%% of messages, and BM25 ranks no better',
    (kind) => {
      const queries = knowledge.queries.filter((q) => q.kind === kind);
      let first = 0;
      let rr = 0;
      let bmRr = 0;
      for (const q of queries) {
        const r = rankOf(
          matcher.match(q.text).ranked.map((x) => x.entry.id),
          q.expected,
        );
        if (r === 1) first += 1;
        rr += 1 / r;
        bmRr += 1 / rankOf(bm25.rank(q.text, 10), q.expected);
      }
      expect(queries.length).toBe(40);
      expect(first / queries.length).toBeGreaterThanOrEqual(0.8);
      expect(rr).toBeGreaterThanOrEqual(bmRr);
    },
  );

  test('a topic the knowledge does not have is hardly ever answered', () => {
    const unknown = knowledge.queries.filter((q) => q.kind === 'unknown-topic');
    const answered = unknown.filter((q) => matcher.match(q.text).outcome === 'answer');
    expect(unknown.length).toBe(40);
    expect(answered.length).toBeLessThanOrEqual(2);
  });

  test('every message is ranked, whatever it says', () => {
    for (const q of knowledge.queries.filter((x) => x.kind !== 'unknown-topic'))
      expect(matcher.match(q.text).ranked.length).toBeGreaterThan(0);
  });
});

// A clinic's website as knowledge: each procedure page has the same section headings, and the
// sections rarely repeat the procedure's name; the page's address says which procedure it is.
function section(procedure: string, heading: string, answer: string): Entry {
  return {
    id: `${procedure}-${heading.toLowerCase().split(' ')[0]}`,
    source: 'site',
    title: { en: heading },
    questions: {},
    answer: { en: answer },
    sms: {},
    reviewPending: [],
    url: `https://clinic.example.org/procedures/${procedure}`,
  };
}

const site: Entry[] = ['tavr', 'ablation', 'angioplasty'].flatMap((p) => [
  section(p, 'Preparing for the procedure', 'Do not eat after midnight. Bring your medicines.'),
  section(p, 'After the procedure', 'You will rest for a few hours and a nurse checks on you.'),
  section(p, 'Risks', 'Bleeding where the tube went in is the most common problem.'),
]);

describe('ranking a clinic website: headings, text and the page each section belongs to', () => {
  let siteMatcher: Matcher;
  beforeAll(() => {
    siteMatcher = buildMatcher(site, loadMatcherResources());
  });

  test.each([
    ['how do i prepare for my tavr', 'tavr-preparing'],
    ['what happens after an ablation', 'ablation-after'],
    ['angioplasty preparation', 'angioplasty-preparing'],
    ['can i eat before the ablation', 'ablation-preparing'],
    ['is bleeding a risk with tavr', 'tavr-risks'],
    ['will a nurse check on me after angioplasty', 'angioplasty-after'],
  ])('%j ranks %s first', (message, id) => {
    expect(siteMatcher.match(message).ranked[0].entry.id).toBe(id);
  });

  test.each([
    ['how do i prepare', 'tavr', 'tavr-preparing'],
    ['how do i prepare', 'ablation', 'ablation-preparing'],
    ['what happens after', 'angioplasty', 'angioplasty-after'],
  ])(
    '%j within the %s page is answered with %s, and no other page is ranked',
    (message, page, id) => {
      const result = siteMatcher.match(message, { only: (e) => e.url?.endsWith(page) ?? false });
      expect(result.outcome).toBe('answer');
      expect(result.choices[0].entry.id).toBe(id);
      expect(result.ranked.every((r) => r.entry.url?.endsWith(page))).toBe(true);
    },
  );
});
