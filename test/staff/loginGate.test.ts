import { LoginGate, LoginRefused, type LoginLimits } from '../../src/staff/loginGate';

// The log-in gate on its own, with a clock the test moves: hashing capped, failures per address
// and per account and address slowed, and no lock a stranger can put on someone else.

const LIMITS: LoginLimits = {
  concurrent: 2,
  queue: 3,
  perAddress: 10,
  windowMs: 15 * 60_000,
  total: 50,
  totalWindowMs: 60_000,
  freeFailures: 3,
  maxWaitMs: 15 * 60_000,
};

function gate() {
  let now = 1_000_000;
  const g = new LoginGate(LIMITS, () => now);
  return { g, advance: (ms: number) => (now += ms) };
}

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
    return undefined;
  } catch (err) {
    if (err instanceof LoginRefused) return err.retryAfterSeconds;
    throw err;
  }
};

test('at most two hashes run at once; a short queue waits; past it, 429 in a few seconds', async () => {
  const { g } = gate();
  let running = 0;
  let most = 0;
  const releases: (() => void)[] = [];
  const work = () =>
    new Promise<void>((resolve) => {
      running += 1;
      most = Math.max(most, running);
      releases.push(() => {
        running -= 1;
        resolve();
      });
    });
  const attempts = [0, 1, 2, 3, 4].map((i) => g.attempt(`n${i}@x.org`, `10.0.0.${i}`, work));
  const sixth = refusal(g.attempt('n5@x.org', '10.0.0.5', work));
  expect(await sixth).toBe(5);
  while (releases.length || running) {
    await new Promise((r) => setImmediate(r));
    releases.shift()?.();
  }
  await Promise.all(attempts);
  expect(most).toBe(2);
});

test('failures for one account from one address wait longer each time, from the fourth', async () => {
  const { g, advance } = gate();
  const waits: (number | undefined)[] = [];
  for (let i = 0; i < 7; i++) {
    const w = await refusal(g.attempt('nurse@clinic.org', '203.0.113.5', async () => undefined));
    waits.push(w);
    if (w === undefined) g.failed('nurse@clinic.org', '203.0.113.5');
    else advance(w * 1000);
  }
  // Three free failures, then 1 s, then (after waiting) 2 s, then 4 s.
  expect(waits).toEqual([undefined, undefined, undefined, 1, undefined, 2, undefined]);
});

test("a stranger's failures do not slow the nurse at her own address", async () => {
  const { g } = gate();
  for (let i = 0; i < 8; i++) g.failed('nurse@clinic.org', '198.51.100.66');
  expect(
    await refusal(g.attempt('nurse@clinic.org', '198.51.100.66', async () => 1)),
  ).toBeGreaterThan(0);
  await expect(g.attempt('nurse@clinic.org', '203.0.113.5', async () => 'in')).resolves.toBe('in');
});

test('an unknown email is slowed exactly as a real one', async () => {
  const { g } = gate();
  for (let i = 0; i < 4; i++) {
    g.failed('real@clinic.org', '192.0.2.1');
    g.failed('nobody@clinic.org', '192.0.2.2');
  }
  const real = await refusal(g.attempt('real@clinic.org', '192.0.2.1', async () => 1));
  const unknown = await refusal(g.attempt('nobody@clinic.org', '192.0.2.2', async () => 1));
  expect(real).toBe(unknown);
});

test('an address that fails too often is refused for the window, any account', async () => {
  const { g, advance } = gate();
  for (let i = 0; i < 10; i++) g.failed(`guess${i}@clinic.org`, '192.0.2.9');
  const wait = await refusal(g.attempt('another@clinic.org', '192.0.2.9', async () => 1));
  expect(wait).toBe(15 * 60);
  advance(15 * 60_000);
  await expect(g.attempt('another@clinic.org', '192.0.2.9', async () => 'ok')).resolves.toBe('ok');
});

test('everyone together: at most `total` attempts a minute', async () => {
  const { g, advance } = gate();
  for (let i = 0; i < 50; i++) await g.attempt(`n${i}@x.org`, `10.1.0.${i}`, async () => 1);
  expect(await refusal(g.attempt('late@x.org', '10.2.0.1', async () => 1))).toBe(60);
  advance(60_000);
  await expect(g.attempt('late@x.org', '10.2.0.1', async () => 'ok')).resolves.toBe('ok');
});
