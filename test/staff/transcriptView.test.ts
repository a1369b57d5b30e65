import { withDelivery } from '../../src/staff/transcriptView';
import type { StaffMessageRecord, TranscriptLine } from '../../src/storage/types';

const AT = '2026-12-06T10:00:00.000Z';
const line = (from: TranscriptLine['from'], text: string, at = AT): TranscriptLine => ({
  conversationId: 'c1',
  at,
  from,
  text,
});
const message = (id: number, state: StaffMessageRecord['state'], at = AT): StaffMessageRecord => ({
  id,
  conversationId: 'c1',
  at,
  staffId: 's1',
  staffName: 'Ana Ruiz, RN',
  channel: 'sms',
  state,
  reason: state === 'failed' ? 'Twilio error 30003' : null,
  alertedAt: null,
  acknowledgedAt: null,
});

test('a notice and a reply written in the same millisecond each show their own state', () => {
  const shown = withDelivery(
    [
      line('patient', 'can I talk to a nurse'),
      line('staff', 'A member of our staff has joined the conversation.'),
      line('staff', 'Hello, this is Ana.'),
    ],
    [message(1, 'sent'), message(2, 'delivered')],
  );
  expect(shown.map((l) => [l.from, l.delivery?.state])).toEqual([
    ['patient', undefined],
    ['staff', 'sent'],
    ['staff', 'delivered'],
  ]);
  expect(shown[2].staffName).toBe('Ana Ruiz, RN');
});

test('a staff line with no message recorded (from before delivery was kept) shows as written', () => {
  const earlier = '2026-12-05T09:00:00.000Z';
  const shown = withDelivery(
    [line('staff', 'an old reply', earlier), line('staff', 'a new reply')],
    [message(7, 'failed')],
  );
  expect(shown[0]).toEqual(line('staff', 'an old reply', earlier));
  expect(shown[1].delivery).toEqual({ state: 'failed', reason: 'Twilio error 30003' });
});
