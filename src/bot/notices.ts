/** What the bot tells staff consoles (and the on-call pager) as it happens. */
export type StaffEvent = (
  | { type: 'queue' }
  | { type: 'conversation'; conversationId: string; urgent?: boolean }
  // A staff reply to an urgent conversation failed: every console alerts, on-call is paged.
  | { type: 'undelivered'; conversationId: string }
) & {
  /** Set when the event happened on another instance (so it is not acted on twice). */
  remote?: boolean;
};

/** Where the bot publishes staff events; the composition root wires the live feed in. */
export interface StaffNotices {
  publish(event: StaffEvent): void;
}
