import { patientText } from '../../src/bot/inbound';

describe("patientText: how every channel takes a patient's text in", () => {
  test('control characters become spaces; line breaks stay', () => {
    expect(patientText('how\u0000long\u0007is it?\nthanks')).toBe('how long is it?\nthanks');
  });

  test('a message is cut at 5,000 characters, never between the halves of an emoji', () => {
    const text = `${'a'.repeat(4999)}❤️🫀 and more`;
    const cut = patientText(text);
    expect(cut.length).toBeLessThanOrEqual(5000);
    expect(cut).toBe(`${'a'.repeat(4999)}❤`);
    const emojiAtEdge = patientText(`${'a'.repeat(4999)}🫀🫀`);
    expect(emojiAtEdge).toBe('a'.repeat(4999));
    expect(/[\ud800-\udbff]$/.test(emojiAtEdge)).toBe(false);
  });

  test('a lone half of a surrogate pair (JSON carries one, UTF-8 cannot) becomes a space', () => {
    expect(patientText('dolor \ud83d en el pecho \udc00')).toBe('dolor   en el pecho  ');
    expect(patientText('un corazón 🫀')).toBe('un corazón 🫀');
  });
});
