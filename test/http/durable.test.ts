import restify from 'restify';
import { durableResponses, notHeld } from '../../src/http/durable';
import { StreamHub } from '../../src/channels/webchat/hub';

// Nothing leaves the service before what was stored is on disk: responses and messages pushed
// to a widget wait for the store's `synced()`, played here by a promise the test resolves.

function held() {
  let release!: () => void;
  let fail!: (err: Error) => void;
  const disk = new Promise<void>((resolve, reject) => ((release = resolve), (fail = reject)));
  return { synced: () => disk, release: () => release(), fail: (err: Error) => fail(err) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

async function serve(synced: () => Promise<void>) {
  const server = restify.createServer();
  server.pre(durableResponses(synced));
  server.post('/message', async (_req, res) => {
    res.send(200, { id: 'm1' });
  });
  server.get('/events', async (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.write(': connected\n\n');
    notHeld(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('a response leaves only once what was stored before it is on disk', async () => {
  const disk = held();
  const s = await serve(disk.synced);
  try {
    let answered = false;
    const reply = fetch(`${s.url}/message`, { method: 'POST' }).then(async (r) => {
      answered = true;
      return { status: r.status, body: await r.json() };
    });
    await tick();
    expect(answered).toBe(false);
    disk.release();
    await expect(reply).resolves.toEqual({ status: 200, body: { id: 'm1' } });
  } finally {
    await s.close();
  }
});

test('when the disk fails, the connection is dropped: nothing is acknowledged', async () => {
  const disk = held();
  const s = await serve(disk.synced);
  try {
    const reply = fetch(`${s.url}/message`, { method: 'POST' });
    await tick();
    disk.fail(new Error('EIO'));
    await expect(reply).rejects.toThrow();
  } finally {
    await s.close();
  }
});

test('server-sent events, which only say that something changed, are let out with notHeld', async () => {
  const disk = held();
  const s = await serve(disk.synced);
  const abort = new AbortController();
  try {
    const res = await fetch(`${s.url}/events`, { signal: abort.signal });
    expect(res.status).toBe(200);
  } finally {
    abort.abort();
    disk.release();
    await s.close();
  }
});

test('a widget is shown a stored message only once it is on disk, in the order published', async () => {
  const first = held();
  let synced = first.synced;
  const hub = new StreamHub(undefined, undefined, () => synced());
  const shown: unknown[] = [];
  hub.subscribe('c1', (news) => shown.push(news));
  const a = { seq: 1, activity: { id: 'a' } };
  const b = { seq: 2, activity: { id: 'b' } };
  hub.publish('c1', [a]);
  synced = () => first.synced().then(() => undefined);
  hub.publish('c1', [b]);
  await tick();
  expect(shown).toEqual([]);
  first.release();
  await tick();
  expect(shown).toEqual([[a], [b]]);
});
