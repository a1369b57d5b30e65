import twilio from 'twilio';

export function toTwiml(replies: string[]): string {
  const response = new twilio.twiml.MessagingResponse();
  for (const r of replies) response.message(r);
  return response.toString();
}

/** The messages in a TwiML reply, as the patient's phone would show them. */
export function messagesOf(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    m[1]
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}
