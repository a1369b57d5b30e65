import { normaliseText } from '../../src/bot/FaqBot';

describe('normaliseText', () => {
  test('control characters become spaces; line breaks stay', () => {
    expect(normaliseText('how\u0000long\u0007is it?\nthanks')).toBe('how long is it?\nthanks');
  });

  test('a message is cut at 5,000 characters, never between the halves of an emoji', () => {
    const text = `${'a'.repeat(4999)}❤️🫀 and more`;
    const cut = normaliseText(text);
    expect(cut.length).toBeLessThanOrEqual(5000);
    expect(cut).toBe(`${'a'.repeat(4999)}❤`);
    const emojiAtEdge = normaliseText(`${'a'.repeat(4999)}🫀🫀`);
    expect(emojiAtEdge).toBe('a'.repeat(4999));
    expect(/[\ud800-\udbff]$/.test(emojiAtEdge)).toBe(false);
  });
});
