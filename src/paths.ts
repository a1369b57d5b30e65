import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's folder, where package.json is: the same whether this file runs from src/ (tests,
 * development tools) or compiled from dist/src/ (the service). Pages, locales and the shipped
 * knowledge are read from here, never from the compiled output.
 */
export const ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
