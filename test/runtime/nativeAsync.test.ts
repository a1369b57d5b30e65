import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import ts from 'typescript';
import { ActivityHandler } from 'botbuilder';
import { DialogContext } from 'botbuilder-dialogs';
import { nativeAsync } from '../../src/runtime/nativeAsync';

// botbuilder is compiled for ES2015; nativeAsync turns its async methods back into native ones.
// Each case is TypeScript compiled as botbuilder is (ES2015, CommonJS), run as compiled and as
// rewritten: the two must do the same thing.

const ROOT = join(__dirname, '../..');

function compiled(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2015, module: ts.ModuleKind.CommonJS },
  }).outputText;
}

/** The module's `run()` result, with what it logged along the way. */
async function outcome(js: string): Promise<unknown> {
  const module = { exports: {} as { run?: (log: string[]) => Promise<unknown> } };
  new Function('module', 'exports', 'require', js)(module, module.exports, require);
  const log: string[] = [];
  const pending = module.exports.run!(log);
  log.push('returned');
  try {
    return { value: await pending, log };
  } catch (err) {
    return { error: (err as Error).message, log };
  }
}

const CASES: [string, string][] = [
  [
    'awaits in order and returns a value',
    `export async function run(log: string[]) {
       log.push('start');
       const a = await Promise.resolve(1);
       log.push('after a');
       const b = await 2;
       return a + b;
     }`,
  ],
  [
    'keeps this and super in methods',
    `class Base { async name() { await null; return 'base'; } }
     class Child extends Base {
       label = 'child';
       async name() { const b = await super.name(); return this.label + '<' + b; }
     }
     export async function run() { return new Child().name(); }`,
  ],
  [
    'keeps arguments and default parameters',
    `async function count(a: number, b = 10) { await null; return [arguments.length, a + b]; }
     export async function run() { return [await count(1), await count(1, 2)]; }`,
  ],
  [
    'await binds tighter than yield: await a + b adds after awaiting',
    `export async function run() {
       const x = await Promise.resolve(1) + 1;
       const y = (await Promise.resolve([5]))[0];
       const z = await (Promise.resolve(2)) ? 'yes' : 'no';
       return [x, y, z];
     }`,
  ],
  [
    'a throw before the first await rejects rather than throwing',
    `export async function run(log: string[]) { log.push('in'); throw new Error('early'); }`,
  ],
  [
    'a rejection is caught by try/catch and finally runs',
    `export async function run(log: string[]) {
       try { await Promise.reject(new Error('no')); }
       catch (e) { log.push('caught ' + (e as Error).message); }
       finally { log.push('finally'); }
       try { await Promise.reject(new Error('again')); } finally { log.push('finally 2'); }
     }`,
  ],
  [
    'nested async arrows and a real generator inside',
    `function* pair() { yield 1; yield 2; }
     export async function run() {
       const inner = async (n: number) => { await null; return n * 2; };
       const seen: number[] = [];
       for (const n of pair()) seen.push(await inner(n));
       return seen;
     }`,
  ],
  [
    'for await over an async generator (left as it was compiled)',
    `async function* three() { yield 1; await null; yield 2; yield 3; }
     export async function run() { const out: number[] = []; for await (const n of three()) out.push(n); return out; }`,
  ],
];

describe('each case does the same, as compiled and as rewritten', () => {
  test.each(CASES)('%s', async (_name, source) => {
    const js = compiled(source);
    const rewritten = nativeAsync(js);
    expect(rewritten).not.toEqual(js);
    expect(rewritten).not.toMatch(/__awaiter\(this|__awaiter\(void 0/);
    expect(await outcome(rewritten)).toEqual(await outcome(js));
    // Same lines: a stack trace still points at the line botbuilder's source map expects.
    expect(rewritten.split('\n')).toHaveLength(js.split('\n').length);
  });

  test('a yield of a sum is an await of the sum, not the sum of an await', async () => {
    const js = compiled('export async function run() { return await 0; }');
    expect(js).toContain('yield 0');
    const sum = js.replace('yield 0', "yield Promise.resolve('a') + 'b'");
    expect(await outcome(nativeAsync(sum))).toEqual({
      value: '[object Promise]b',
      log: ['returned'],
    });
    expect(await outcome(sum)).toEqual({ value: '[object Promise]b', log: ['returned'] });
  });
});

test('what it does not recognise is left as it was', () => {
  const own = 'const r = __awaiter(this, void 0, MyPromise, function* () { yield 1; });';
  expect(nativeAsync(own)).toBe(own);
  const delegating = 'const r = __awaiter(this, void 0, void 0, function* () { yield* g(); });';
  expect(nativeAsync(delegating)).toBe(delegating);
  // Its third argument would no longer run.
  const effect = "__awaiter(this, void 0, void log.push('P'), function* () { return yield 1; });";
  expect(nativeAsync(effect)).toBe(effect);
  // `await undefined` would join the next line: `yield\n(f)()` is not `await undefined(f)()`.
  const bare = '__awaiter(this, void 0, void 0, function* () { yield\n(f)(); });';
  expect(nativeAsync(bare)).toBe(bare);
  // `await` is a name in a generator, not in an async function.
  const named =
    '__awaiter(this, void 0, void 0, function* () { var await = 7; return (yield 1) + await; });';
  expect(nativeAsync(named)).toBe(named);
  expect(nativeAsync('not javascript at all (')).toBe('not javascript at all (');
  expect(nativeAsync('const plain = 1;')).toBe('const plain = 1;');
});

test('the tests run botbuilder rewritten, as the service does', () => {
  expect(ActivityHandler.prototype.run.toString()).not.toContain('__awaiter(');
  expect(DialogContext.prototype.beginDialog.toString()).toMatch(
    /^async beginDialog|async function/,
  );
});

test('the service loads botbuilder rewritten', () => {
  const probe = [
    "require('./src/runtime/register');",
    "const { ActivityHandler } = require('botbuilder');",
    'process.stdout.write(String(ActivityHandler.prototype.run.toString().includes("__awaiter(")));',
  ].join('');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('false');
});
