import { smsLength } from '../../language/smsLength';

/**
 * Cuts a reply to at most `maxSegments` SMS segments at a word boundary, ending with an
 * ellipsis and the link to the full answer when it had to be cut. Encoding (GSM-7 or UCS-2) is
 * counted on the final text, link included; the ellipsis is "..." in GSM-7 text so that cutting
 * never forces the whole message into UCS-2.
 */
export function fitSms(text: string, maxSegments: number, link?: string): string {
  const clean = text.replace(/\n{3,}/g, '\n\n').trim();
  if (smsLength(clean).segments <= maxSegments) return clean;
  const dots = smsLength(clean).encoding === 'GSM-7' ? '...' : '…';
  const withLink = link ? `${dots} ${link}` : dots;
  // A link that does not fit even alone is left out rather than overflowing the budget.
  const tail = smsLength(`x${withLink}`).segments <= maxSegments ? withLink : dots;
  const chars = Array.from(clean); // code points: never split an emoji
  const fits = (n: number) =>
    smsLength(chars.slice(0, n).join('').trimEnd() + tail).segments <= maxSegments;
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  let cut = chars.slice(0, lo).join('');
  const boundary = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('\n'));
  if (boundary > 0 && lo < chars.length && !/\s/.test(chars[lo])) cut = cut.slice(0, boundary);
  return cut.trimEnd().replace(/[,;:.\s]+$/, '') + tail;
}
