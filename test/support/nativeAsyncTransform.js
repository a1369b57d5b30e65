// Jest loads modules itself, past Node's loader, so the service's loader hook never sees them:
// this gives the tests the same botbuilder the service runs (see src/runtime/nativeAsync.ts).
/* eslint-disable @typescript-eslint/no-require-imports -- a Jest transformer is loaded as CommonJS */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const ts = require('typescript');

// Compiled here rather than through a loader hook: one would change how Jest's own set-up loads.
const SOURCE = join(__dirname, '../../src/runtime/nativeAsync.ts');
const text = readFileSync(SOURCE, 'utf8');
const compiled = new Module(SOURCE, module);
compiled.filename = SOURCE;
compiled.paths = Module._nodeModulePaths(dirname(SOURCE));
compiled._compile(
  ts.transpileModule(text, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText,
  SOURCE,
);
const { nativeAsync } = compiled.exports;
// Jest caches what a transformer gave: a change to the rewrite must not reuse the old output.
const version = createHash('sha256').update(text).digest('hex');

module.exports = {
  process: (source) => ({ code: nativeAsync(source) }),
  getCacheKey: (source, path) =>
    createHash('sha256').update(version).update(path).update(source).digest('hex'),
};
