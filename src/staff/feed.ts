import { EventEmitter } from 'node:events';

export type StaffEvent =
  { type: 'queue' } | { type: 'conversation'; conversationId: string; urgent?: boolean };

/** What the open consoles are told, live: the queue changed, a conversation has news. */
export class StaffFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(1000);
  }

  publish(event: StaffEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: StaffEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
