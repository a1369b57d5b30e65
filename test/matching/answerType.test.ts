import { timeAskingWords } from '../../src/matching/answerType';

test('the words that only ask for a length of time are the form of the question, not its topic', () => {
  expect(timeAskingWords('how long do they watch me after')).toEqual(['long']);
  expect(timeAskingWords('How soon can I shower?')).toEqual(['soon']);
  expect(timeAskingWords('¿Cuánto tiempo dura el holter?')).toEqual(['tiempo']);
  // "long" that is not asked about stays a word of the topic.
  expect(timeAskingWords('can I take a long walk after')).toEqual([]);
});
