/** What one instance tells the others: a reply to push, a queue change, approved knowledge. */
export type BusTopic = 'activity' | 'staff' | 'knowledge';

/**
 * Messages between instances of the service. Each instance handles its own events directly; the
 * bus carries them to the other instances only, so a handler never sees its own event twice.
 */
export interface Bus {
  publish(topic: BusTopic, payload: unknown): Promise<void>;
  subscribe(topic: BusTopic, handler: (payload: unknown) => void): () => void;
  /** Called after a lost connection is back: whatever was said meanwhile may have been missed. */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

/** One instance (SQLite): there is no one else to tell. */
export class LocalBus implements Bus {
  async publish(): Promise<void> {}
  subscribe(): () => void {
    return () => undefined;
  }
  onReconnect(): void {}
  async close(): Promise<void> {}
}
