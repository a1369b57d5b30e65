import Module from 'node:module';
import { parse, type Node } from 'acorn';

/**
 * botbuilder is published compiled for ES2015: every async method is TypeScript's `__awaiter`
 * helper driving a generator. V8 keeps what a suspended generator holds alive far longer than
 * what a native async function holds: measured on a turn of this bot, about 50 KB of each turn
 * survived the young-generation collector (even with one turn at a time), each scavenge took
 * about 7 ms instead of under 1, and a third of the service's CPU went on it. This rewrites those
 * helpers, as the files are loaded, into the native async functions their TypeScript source
 * declares: `__awaiter(this, void 0, void 0, function* () { ... yield x ... })` becomes
 * `(async function () { ... await (x) ... }).apply(this, [])`. Nothing else in the file changes,
 * so line numbers in stack traces stay the same. A call in any other shape is left as it was.
 */
export function nativeAsync(source: string): string {
  if (!source.includes('__awaiter(')) return source;
  let tree: Node;
  try {
    tree = parse(source, { ecmaVersion: 'latest', sourceType: 'script' });
  } catch {
    return source;
  }
  const edits: Edit[] = [];
  walk(tree, true, (node) => {
    if (node.type === 'CallExpression') edits.push(...rewriteCall(source, node as Call));
  });
  // In order of position, joined once; two edits that overlap would mean a shape not foreseen.
  edits.sort((a, b) => a.start - b.start || a.order - b.order);
  const pieces: string[] = [];
  let at = 0;
  for (const e of edits) {
    if (e.start < at) return source;
    pieces.push(source.slice(at, e.start), e.text);
    at = e.end;
  }
  pieces.push(source.slice(at));
  const out = pieces.join('');
  // What does not parse as before (say `await` used as a name in the body) is left as it was.
  try {
    parse(out, { ecmaVersion: 'latest', sourceType: 'script' });
  } catch {
    return source;
  }
  return out;
}

interface Edit {
  start: number;
  end: number;
  text: string;
  order: number;
}

interface Call extends Node {
  callee: Node & { name?: string };
  arguments: (Node & { operator?: string; argument?: Node; name?: string })[];
}

interface FunctionNode extends Node {
  generator: boolean;
  async: boolean;
  body: Node;
}

/** `this`, `void 0` or `arguments`: evaluated later than before, which changes nothing for them. */
function plainArgument(n: Call['arguments'][number]): boolean {
  return (
    n.type === 'ThisExpression' ||
    (n.type === 'Identifier' && n.name === 'arguments') ||
    voidLiteral(n)
  );
}

/** `void 0`, TypeScript's undefined. */
function voidLiteral(n: Call['arguments'][number]): boolean {
  return n.type === 'UnaryExpression' && n.operator === 'void' && n.argument?.type === 'Literal';
}

function rewriteCall(source: string, call: Call): Edit[] {
  const [self, args, promise, fn] = call.arguments;
  if (call.callee.type !== 'Identifier' || call.callee.name !== '__awaiter') return [];
  if (call.arguments.length !== 4 || fn.type !== 'FunctionExpression') return [];
  const gen = fn as unknown as FunctionNode;
  if (!gen.generator || gen.async || !plainArgument(self) || !plainArgument(args)) return [];
  // A Promise class of its own (never in TypeScript's output) would not be kept: left alone.
  if (!voidLiteral(promise)) return [];
  const star = /^function\s*\*/.exec(source.slice(gen.start));
  if (!star) return [];
  const yields: Edit[] = [];
  let unforeseen = false;
  walk(gen.body, false, (node) => {
    if (node.type !== 'YieldExpression') return;
    const y = node as Node & { delegate: boolean; argument: Node | null };
    // `yield*`, and a bare `yield` (never in TypeScript's output; `await undefined` in its place
    // could join the next line): the call is left as it was.
    if (y.delegate || !y.argument || source.slice(y.start, y.start + 5) !== 'yield') {
      unforeseen = true;
      return;
    }
    // `yield a + b` yields the sum; `await a + b` would add b to the awaited a: hence brackets.
    yields.push({ start: y.start, end: y.start + 5, text: 'await (', order: 0 });
    yields.push({ start: y.end, end: y.end, text: ')', order: 1 });
  });
  if (unforeseen) return [];
  const argsText = args.type === 'UnaryExpression' ? '[]' : source.slice(args.start, args.end);
  return [
    { start: call.start, end: gen.start, text: '(', order: 0 },
    { start: gen.start, end: gen.start + star[0].length, text: 'async function', order: 0 },
    ...yields,
    {
      start: gen.end,
      end: call.end,
      text: `).apply(${source.slice(self.start, self.end)}, ${argsText})`,
      order: 0,
    },
  ];
}

const FUNCTIONS = new Set(['FunctionExpression', 'FunctionDeclaration', 'ArrowFunctionExpression']);

/** `node` and every node under it; into nested functions or not (their `yield`s are their own). */
function walk(node: Node, intoFunctions: boolean, fn: (n: Node) => void): void {
  fn(node);
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (!isNode(child)) continue;
      if (!intoFunctions && FUNCTIONS.has(child.type)) continue;
      walk(child, intoFunctions, fn);
    }
  }
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';
}

/** botbuilder's packages and the Bot Framework ones they bring: all compiled the same way. */
export const BOT_FRAMEWORK_LIB =
  /[\\/]node_modules[\\/](botbuilder|botframework)[^\\/]*[\\/]lib[\\/].*\.js$/;

let installed = false;

/**
 * From here on, botbuilder's files are rewritten as they are loaded (see `nativeAsync`). Called
 * before anything loads botbuilder: each entry point imports `./runtime/register` first.
 */
export function installNativeAsync(): void {
  if (installed) return;
  installed = true;
  type Compile = (this: Module, content: string, filename: string) => unknown;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const compile = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string) {
    return compile.call(
      this,
      BOT_FRAMEWORK_LIB.test(filename) ? nativeAsync(content) : content,
      filename,
    );
  };
}
