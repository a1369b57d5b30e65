import type { TranscriptLine } from '../storage/types';
import { MAX_MESSAGE } from '../bot/inbound';

/**
 * What the patient wrote after the last reply (staff's or the bot's), as one message: what staff
 * had not answered when they finished. Several short texts ("hi" / "one more thing" / the
 * question) are read together, as the patient meant them. Undefined when nothing is waiting.
 */
export function unansweredTail(transcript: readonly TranscriptLine[]): string | undefined {
  const tail: string[] = [];
  for (let i = transcript.length - 1; i >= 0 && transcript[i].from === 'patient'; i--) {
    tail.unshift(transcript[i].text);
  }
  const text = tail
    .map((t) => t.trim())
    .filter((t) => t && t !== '[media]')
    .join('\n');
  return text ? text.slice(-MAX_MESSAGE) : undefined;
}
