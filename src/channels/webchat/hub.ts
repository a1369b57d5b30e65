import { LocalBus, type Bus } from '../../storage/bus';
import type { StoredActivity } from '../../storage/types';

/** New activities, or word from another instance that the conversation has news to read. */
export type StreamNews = StoredActivity[] | 'changed';
type Listener = (news: StreamNews) => void;

/**
 * Open WebSocket streams by conversation, so a reply reaches the widget without polling. A reply
 * made on another instance (a staff reply, or a turn that reached that instance) arrives over
 * the bus as "changed", and the stream reads it from the shared history.
 */
export class StreamHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly bus: Bus = new LocalBus(),
    private readonly onError: (err: Error) => void = () => undefined,
    /** The store's `synced`: nothing is shown before it is on disk. */
    private readonly synced: () => Promise<void> = () => Promise.resolve(),
  ) {
    bus.subscribe('activity', (payload) => {
      const { c, typing } = payload as { c?: string; typing?: Record<string, unknown> };
      if (typeof c !== 'string') return;
      this.emit(c, typing ? [{ seq: -1, activity: typing }] : 'changed');
    });
    // Notifications sent while the bus was down are lost: every open stream looks again.
    bus.onReconnect(() => {
      for (const c of this.listeners.keys()) this.emit(c, 'changed');
    });
  }

  subscribe(conversationId: string, listener: Listener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }

  /**
   * Tells this instance's streams, and the other instances' through the bus, once what was
   * stored is on disk (in the order published: each wait ends no earlier than the one before).
   */
  publish(conversationId: string, activities: StoredActivity[]): void {
    this.synced().then(
      () => {
        this.emit(conversationId, activities);
        const typing = activities.find((a) => a.seq < 0)?.activity;
        this.bus
          .publish('activity', typing ? { c: conversationId, typing } : { c: conversationId })
          .catch((err: Error) => this.onError(err));
      },
      (err: Error) => this.onError(err),
    );
  }

  private emit(conversationId: string, news: StreamNews): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(news);
  }

  get openStreams(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}
