import { smsLength } from './segments';

/**
 * Cuts a reply to at most `maxSegments` SMS segments at a word boundary, ending with "…" and the
 * link to the full answer when it had to be cut. Encoding (GSM-7 or UCS-2) is counted on the
 * final text, link included.
 */
export function fitSms(text: string, maxSegments: number, link?: string): string {
  const clean = text.replace(/\n{3,}/g, '\n\n').trim();
  if (smsLength(clean).segments <= maxSegments) return clean;
  const tail = link ? `… ${link}` : '…';
  let lo = 0;
  let hi = clean.length;
  // The longest prefix that fits with the tail; binary search since encoding may change.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (smsLength(clean.slice(0, mid).trimEnd() + tail).segments <= maxSegments) lo = mid;
    else hi = mid - 1;
  }
  let cut = clean.slice(0, lo);
  const space = cut.lastIndexOf(' ');
  if (space > lo * 0.6) cut = cut.slice(0, space);
  return cut.trimEnd().replace(/[,;:.\s]+$/, '') + tail;
}
