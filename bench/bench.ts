import { benchInstances } from './instances';
import { benchKnowledgeBuild } from './knowledge';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { KNOWLEDGE_DIR, loadKnowledgeDir } from '../src/knowledge/load';
import { loadMatcherResources } from '../src/core/matcherResources';
import type { Entry } from '../src/knowledge/types';
import { buildMatcher, type Matcher } from '../src/matching/matcher';
import { generateKnowledge } from '../src/evaluation/generated';
import { readLabelled } from '../src/evaluation/labelled';

// Matching speed: a benchmark that prints figures, not a test.

/** A deterministic generator so every run measures the same knowledge and messages. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generatedKnowledge(n: number, words: string[], rand: () => number): Entry[] {
  const pick = () => words[Math.floor(rand() * words.length)];
  const frames = [
    'what is the {a} {b}',
    'how do i {a} my {b}',
    'when does the {a} {b} start',
    'where is the {a} for {b}',
    'can you explain {a} {b} {c}',
  ];
  return Array.from({ length: n }, (_, i) => {
    const question = () =>
      frames[Math.floor(rand() * frames.length)]
        .replace('{a}', pick())
        .replace('{b}', pick())
        .replace('{c}', pick());
    return {
      id: `gen-${i}`,
      source: 'generated',
      title: { en: `Topic ${i}` },
      questions: { en: [question(), question(), question()], es: [] },
      answer: { en: `${pick()} ${pick()} ${pick()} ${pick()} ${pick()} ${pick()}.` },
      sms: {},
      reviewPending: [],
    };
  });
}

function typo(word: string, rand: () => number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(rand() * (word.length - 2));
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function measure(label: string, matcher: Matcher, messages: string[]): void {
  for (const m of messages.slice(0, 200)) matcher.match(m); // warm-up
  const times: number[] = [];
  for (const m of messages) {
    const t0 = performance.now();
    matcher.match(m);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const f = (x: number) => `${(x * 1000).toFixed(0)} µs`;
  process.stdout.write(
    `  ${label}: ${messages.length} messages  p50 ${f(percentile(times, 50))}  p99 ${f(percentile(times, 99))}  max ${f(times[times.length - 1])}\n`,
  );
}

function build(
  entries: Entry[],
  res: ReturnType<typeof loadMatcherResources>,
): { matcher: Matcher; ms: number; mb: number } {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const matcher = buildMatcher(entries, res);
  const ms = performance.now() - t0;
  global.gc?.();
  return { matcher, ms, mb: (process.memoryUsage().heapUsed - before) / 2 ** 20 };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const res = loadMatcherResources();
  process.stdout.write(
    `word lists and lexicon loaded once per process: ${(performance.now() - t0).toFixed(0)} ms\n\n`,
  );
  const patients = readLabelled(
    join(__dirname, '..', 'test', 'fixtures', 'eval', 'patient-messages.jsonl'),
  ).map((l) => l.text);

  const shipped = build((await loadKnowledgeDir(KNOWLEDGE_DIR, 3)).entries, res);
  process.stdout.write(
    `shipped knowledge (${shipped.matcher.entries.length} entries): index built in ${shipped.ms.toFixed(1)} ms, ${shipped.mb.toFixed(1)} MiB\n`,
  );
  measure('labelled patient messages', shipped.matcher, [...patients, ...patients, ...patients]);

  const rand = rng(42);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON array of words
  const english = (require('an-array-of-english-words') as string[]).filter(
    (w) => w.length >= 4 && w.length <= 10,
  );
  const vocabulary = Array.from(
    { length: 6000 },
    () => english[Math.floor(rand() * english.length)],
  );
  const entries = generatedKnowledge(10_000, vocabulary, rand);
  const big = build(entries, res);
  process.stdout.write(
    `\ngenerated knowledge (10,000 entries, 30,000 questions): index built in ${big.ms.toFixed(0)} ms, ${big.mb.toFixed(0)} MiB\n`,
  );
  const queries = Array.from({ length: 5000 }, () => {
    const e = entries[Math.floor(rand() * entries.length)];
    const words = e.questions
      .en![Math.floor(rand() * 3)].split(' ')
      .map((w) => (rand() < 0.3 ? typo(w, rand) : w));
    return rand() < 0.2
      ? `hi, my mother wants to know ${words.join(' ')} because she is worried`
      : words.join(' ');
  });
  measure('paraphrased questions with typos', big.matcher, queries);
  measure('labelled patient messages', big.matcher, patients);

  // Shaped like a health FAQ export: answers of a sentence or two plus filler, a source address
  // per topic, some topics as pages (headings, no questions), some in Spanish.
  const faq = generateKnowledge({ entries: 10_000, seed: 42, perKind: 1000 });
  const faqIndex = build(faq.entries, res);
  process.stdout.write(
    `\ngenerated health FAQ (10,000 entries with answers, sources, pages, Spanish): index built in ${faqIndex.ms.toFixed(0)} ms, ${faqIndex.mb.toFixed(0)} MiB\n`,
  );
  measure(
    'patient messages of every kind',
    faqIndex.matcher,
    faq.queries.map((q) => q.text),
  );
  process.stdout.write(
    `\npeak resident memory: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`,
  );
  benchKnowledgeBuild();
}

void main().then(() =>
  benchInstances(Number(process.env.BENCH_SECONDS ?? 10), Number(process.env.BENCH_CLIENTS ?? 16)),
);
