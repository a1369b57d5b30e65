const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** What XML 1.0 cannot carry at all (control characters, half an emoji, U+FFFE/U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const ESCAPED = /[&<>\r]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };

/**
 * A TwiML reply with one <Message> per reply, written as the twilio package's MessagingResponse
 * writes it (the tests hold it to that), without building an XML tree for a turn that sends one
 * or two texts. A character XML cannot carry is left out, where the package throws.
 */
export function toTwiml(replies: string[]): string {
  if (!replies.length) return `${DECLARATION}<Response/>`;
  let body = '';
  for (const r of replies) {
    const text = r.replace(NOT_XML, '').replace(ESCAPED, (c) => ENTITY[c]);
    body += text ? `<Message>${text}</Message>` : '<Message/>';
  }
  return `${DECLARATION}<Response>${body}</Response>`;
}

/** The messages in a TwiML reply, as the patient's phone would show them. */
export function messagesOf(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>|<Message\/>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#xD;/g, '\r')
      .replace(/&amp;/g, '&'),
  );
}
