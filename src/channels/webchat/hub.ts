import type { StoredActivity } from '../../storage/types';

type Listener = (activities: StoredActivity[]) => void;

/** Open WebSocket streams by conversation, so a reply reaches the widget without polling. */
export class StreamHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(conversationId: string, listener: Listener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }

  publish(conversationId: string, activities: StoredActivity[]): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(activities);
  }

  get openStreams(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}
