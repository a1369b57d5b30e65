import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

// The tree shows the architecture: no folder imports, directly or through others, a folder that
// imports it back; the pure parts (matching, safety, conversation, language) reach nothing
// outside the process and no framework; only config.ts reads the environment.

const ROOT = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'public' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const FILES = [...sources('src'), ...sources('dialogs')];

/** src/<concern>, src/channels/<channel>, dialogs, or a file at the top of src (config.ts...). */
function folderOf(file: string): string {
  const parts = file.split(sep);
  if (parts[0] === 'dialogs') return 'dialogs';
  if (parts.length === 2) return file;
  return parts[1] === 'channels' ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\b[^'";]*?\bfrom\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1],
  );
}

const relativeTargets = (file: string) =>
  importsOf(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => normalize(join(dirname(file), spec)) + '.ts')
    .map((target) => relative('.', target));

test('no cycle between folders: each depends only on folders below it', () => {
  const edges = new Map<string, Set<string>>();
  for (const file of FILES) {
    const from = folderOf(file);
    for (const target of relativeTargets(file)) {
      const to = folderOf(target);
      if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
      return;
    }
    state.set(node, 'open');
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of edges.keys()) visit(node, []);
  expect(cycles).toEqual([]);
  expect(edges.size).toBeGreaterThan(15);
});

test('matching, safety, conversation and language are pure: no I/O, no botbuilder, no settings', () => {
  const pure = FILES.filter((f) => /^src[/\\](matching|safety|conversation|language)[/\\]/.test(f));
  expect(pure.length).toBeGreaterThan(20);
  const reaching = pure.flatMap((file) =>
    importsOf(file)
      .filter((spec) =>
        /^(node:)?(fs|net|http|https|child_process|worker_threads)$|^botbuilder|^pg$|^better-sqlite3$/.test(
          spec,
        ),
      )
      .map((spec) => `${file} imports ${spec}`),
  );
  expect(reaching).toEqual([]);
});

test('only src/config.ts reads the environment', () => {
  const readers = FILES.filter(
    (f) =>
      f !== join('src', 'config.ts') && /process\.env\b/.test(readFileSync(join(ROOT, f), 'utf8')),
  );
  expect(readers).toEqual([]);
});

test('the bot never imports the dialogs that run in it', () => {
  const bot = FILES.filter((f) => f.startsWith(join('src', 'bot')));
  expect(bot.flatMap((f) => relativeTargets(f).filter((t) => t.startsWith('dialogs')))).toEqual([]);
});
