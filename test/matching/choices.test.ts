import type { Entry } from '../../src/knowledge/types';
import { distinctChoices } from '../../src/matching/choices';

function entry(id: string, title: string, more: Partial<Entry> = {}): Entry {
  return {
    id,
    source: 'faq.tsv',
    title: { en: title },
    questions: { en: [title] },
    answer: { en: `Answer ${id}` },
    sms: {},
    reviewPending: [],
    ...more,
  };
}

const shown = (entries: Entry[]) =>
  distinctChoices(entries, (e) => e.title.en!).map((c) => [c.entry.id, c.title, c.from ?? null]);

describe('"did you mean" choices are never two alike', () => {
  test.each([
    [
      'different titles are shown as they are',
      [entry('1', 'What is it?'), entry('2', 'How long does it take?')],
      [
        ['1', 'What is it?', null],
        ['2', 'How long does it take?', null],
      ],
    ],
    [
      'the same title from two sites is told apart by the site',
      [
        entry('1', 'What is Noonan syndrome ?', {
          url: 'https://rarediseases.info.nih.gov/gard/1',
        }),
        entry('2', 'What is (are) Noonan syndrome ?', {
          url: 'https://ghr.nlm.nih.gov/condition/2',
        }),
        entry('3', 'What is Noonan syndrome?', { url: 'https://www.ghr.nlm.nih.gov/x' }),
      ],
      [
        ['1', 'What is Noonan syndrome ?', 'rarediseases.info.nih.gov'],
        ['3', 'What is Noonan syndrome?', 'ghr.nlm.nih.gov'],
        ['2', 'What is (are) Noonan syndrome ?', null],
      ],
    ],
    [
      'two pages of one site with the same heading are told apart by the page',
      [
        entry('1', 'Preparing for the procedure', { url: 'https://clinic.org/procedures/tavr' }),
        entry('2', 'Preparing for the procedure', {
          url: 'https://clinic.org/procedures/ablation/',
        }),
      ],
      [
        ['1', 'Preparing for the procedure', 'tavr'],
        ['2', 'Preparing for the procedure', 'ablation'],
      ],
    ],
    [
      'with no address, the metadata tells them apart',
      [
        entry('1', 'What should I bring?', { metadata: { procedure: 'TAVR' } }),
        entry('2', 'What should I bring?', { metadata: { procedure: 'Ablation' } }),
      ],
      [
        ['1', 'What should I bring?', 'TAVR'],
        ['2', 'What should I bring?', 'Ablation'],
      ],
    ],
    [
      'the same title with nothing to tell them apart is one choice, the better ranked',
      [entry('7', 'What is a stress test?'), entry('8', 'what is a  stress test?')],
      [['7', 'What is a stress test?', null]],
    ],
    [
      'two sites, the first twice: each site once, in ranked order',
      [
        entry('1', 'What is it?', { url: 'https://a.example.org/1' }),
        entry('2', 'What is it?', { url: 'https://a.example.org/2' }),
        entry('3', 'What is it?', { url: 'https://b.example.org/3' }),
      ],
      [
        ['1', 'What is it?', 'a.example.org'],
        ['3', 'What is it?', 'b.example.org'],
      ],
    ],
  ])('%s', (_name, entries, expected) => {
    expect(shown(entries)).toEqual(expected);
  });
});
