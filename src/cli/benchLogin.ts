import { startInstance, stopInstance } from './benchInstances';

// `npm run bench:login`: how a flood of log-in attempts affects patients. A web-chat patient
// sends one message after another while 256 log-ins with unknown emails arrive, 64 at a time,
// from one address and then from 256 (behind a proxy the service trusts). Each scrypt runs on
// libuv's thread pool, which SQLite's log sync shares. Figures, not pass/fail.

const FLOOD = 256;
const AT_ONCE = 64;

async function chat(base: string) {
  const issued = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as {
    token: string;
    conversationId: string;
  };
  const headers = { Authorization: `Bearer ${issued.token}`, 'Content-Type': 'application/json' };
  await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers });
  const url = `${base}/v3/directline/conversations/${issued.conversationId}/activities`;
  return async (): Promise<number> => {
    const start = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', text: 'how long does the procedure take' }),
    });
    await res.arrayBuffer();
    return performance.now() - start;
  };
}

async function flood(base: string, addresses: number) {
  const statuses = new Map<number, number>();
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < FLOOD) {
      const i = next++;
      const res = await fetch(`${base}/staff/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Forwarded-For': `198.51.${Math.floor((i % addresses) / 250)}.${(i % addresses) % 250}`,
        },
        body: new URLSearchParams({
          email: `nobody${i}@clinic.example.org`,
          password: `guess ${i}`,
        }).toString(),
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  return { ms: performance.now() - start, statuses };
}

const pct = (xs: number[], p: number) =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function measure(base: string, during?: Promise<unknown>): Promise<string> {
  const say = await chat(base);
  const times: number[] = [];
  const until = during ?? new Promise((resolve) => setTimeout(resolve, 5000));
  let done = false;
  void until.then(() => (done = true));
  while (!done) times.push(await say());
  return `chat reply p50 ${pct(times, 0.5).toFixed(0)} ms, p99 ${pct(times, 0.99).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (${times.length} replies)`;
}

async function main(): Promise<void> {
  // A fresh service for each row: the limits of one flood must not decide the next.
  for (const addresses of [0, 1, FLOOD]) {
    const instance = await startInstance({ TRUST_PROXY: 'true' });
    try {
      if (!addresses) {
        process.stdout.write(`no log-ins:                    ${await measure(instance.url)}\n`);
        continue;
      }
      const f = flood(instance.url, addresses);
      const line = await measure(instance.url, f);
      const { ms, statuses } = await f;
      const answered = [...statuses].map(([s, n]) => `${n}x${s}`).join(' ');
      process.stdout.write(
        `${FLOOD} log-ins from ${String(addresses).padEnd(3)} address(es): ${line}; log-ins took ${(ms / 1000).toFixed(1)} s (${answered})\n`,
      );
    } finally {
      await stopInstance(instance);
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
