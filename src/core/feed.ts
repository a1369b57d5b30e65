import { EventEmitter } from 'node:events';
import type { StaffEvent, StaffNotices } from '../bot/notices';
import { LocalBus, type Bus } from '../storage/bus';

export type { StaffEvent } from '../bot/notices';

/**
 * What the open consoles are told, live: the queue changed, a conversation has news. Events of
 * other instances arrive over the bus, so a console sees the whole clinic whichever instance
 * serves it.
 */
export class StaffFeed implements StaffNotices {
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly bus: Bus = new LocalBus(),
    private readonly onError: (err: Error) => void = () => undefined,
  ) {
    this.emitter.setMaxListeners(1000);
    bus.subscribe('staff', (payload) =>
      this.emitter.emit('event', { ...(payload as StaffEvent), remote: true }),
    );
    bus.onReconnect(() => this.emitter.emit('event', { type: 'queue', remote: true }));
  }

  publish(event: StaffEvent): void {
    this.emitter.emit('event', event);
    this.bus.publish('staff', event).catch((err: Error) => this.onError(err));
  }

  subscribe(listener: (event: StaffEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
