import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Bus, BusTopic } from '../bus';

const CHANNEL = 'faqbot_events';
// NOTIFY payloads are limited to 8000 bytes; ours are ids and small events.
const MAX_PAYLOAD = 7900;

/**
 * PostgreSQL LISTEN/NOTIFY between instances. One dedicated connection listens and reconnects
 * on its own when the database comes back; notifications are sent through the shared pool.
 */
export class PgBus implements Bus {
  private readonly origin = randomUUID();
  private readonly handlers = new Map<BusTopic, Set<(payload: unknown) => void>>();
  private readonly reconnectHandlers: (() => void)[] = [];
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  private constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly onError: (err: Error) => void,
  ) {}

  static async open(url: string, pool: pg.Pool, onError: (err: Error) => void): Promise<PgBus> {
    const bus = new PgBus(url, pool, onError);
    await bus.listen();
    return bus;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (msg) => this.dispatch(msg.payload));
    client.on('error', (err) => {
      this.onError(err);
      this.reconnectSoon(client);
    });
    client.on('end', () => this.reconnectSoon(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private reconnectSoon(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    const attempt = () => {
      if (this.closed) return;
      this.listen().then(
        () => this.reconnectHandlers.forEach((h) => h()),
        () => (this.retry = setTimeout(attempt, 1000)),
      );
    };
    this.retry = setTimeout(attempt, 200);
  }

  private dispatch(raw: string | undefined): void {
    if (!raw) return;
    let message: { o: string; t: BusTopic; p: unknown };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch {
      return;
    }
    if (message.o === this.origin) return;
    for (const handler of this.handlers.get(message.t) ?? []) handler(message.p);
  }

  async publish(topic: BusTopic, payload: unknown): Promise<void> {
    const text = JSON.stringify({ o: this.origin, t: topic, p: payload });
    if (Buffer.byteLength(text) > MAX_PAYLOAD) throw new Error(`bus message too large (${topic})`);
    await this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, text]);
  }

  subscribe(topic: BusTopic, handler: (payload: unknown) => void): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
