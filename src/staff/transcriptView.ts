import type { StaffMessageRecord, TranscriptLine } from '../storage/types';

export type ShownLine = TranscriptLine & {
  staffName?: string | null;
  delivery?: { state: StaffMessageRecord['state']; reason: string | null };
};

/**
 * The transcript as staff see it: each staff line with who wrote it and its delivery state. A
 * line is paired with its message by time, in order, so a notice and a reply written in the
 * same millisecond ("a person joined", then the reply) are two messages, each with its state.
 */
export function withDelivery(
  transcript: readonly TranscriptLine[],
  sent: readonly StaffMessageRecord[],
): ShownLine[] {
  const byTime = new Map<string, StaffMessageRecord[]>();
  for (const m of sent) byTime.set(m.at, [...(byTime.get(m.at) ?? []), m]);
  return transcript.map((line) => {
    const m = line.from === 'staff' ? byTime.get(line.at)?.shift() : undefined;
    return m
      ? { ...line, staffName: m.staffName, delivery: { state: m.state, reason: m.reason } }
      : line;
  });
}
