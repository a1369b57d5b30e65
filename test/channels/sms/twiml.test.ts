import twilio from 'twilio';
import { messagesOf, toTwiml } from '../../../src/channels/sms/twiml';

/** What the twilio package's own builder writes for the same replies. */
function twilios(replies: string[]): string {
  const response = new twilio.twiml.MessagingResponse();
  for (const r of replies) response.message(r);
  return response.toString();
}

const REPLIES: string[][] = [
  [],
  ['The procedure takes about 1 to 2 hours.'],
  ['Call 911 now.', 'A nurse will text you back.'],
  ['Fasting: nothing after midnight & no coffee <before> "it"'],
  ["Tom's line\r\nsecond line ]]> </Message><Message>injected"],
  ['¿Cuánto dura? 1–2 horas ✓ 😀 עברית'],
  [''],
];

describe('TwiML replies', () => {
  it.each(REPLIES.map((r) => [r]))('are what the twilio package writes: %j', (replies) => {
    expect(toTwiml(replies)).toBe(twilios(replies));
  });

  it('read back as the same messages, markup in them included', () => {
    for (const replies of REPLIES) expect(messagesOf(toTwiml(replies))).toEqual(replies);
  });

  it('leave out what XML cannot carry, where the twilio package throws', () => {
    const text = 'bell\u0007 nul\u0000 half\ud83d emoji';
    expect(() => twilios([text])).toThrow();
    expect(messagesOf(toTwiml([text]))).toEqual(['bell nul half emoji']);
  });
});
