import { loadConfig } from '../config';
import { fetchSite, type FetchReport } from '../knowledge/fetch/fetchSite';
import { FetchError } from '../knowledge/fetch/http';
import { KNOWLEDGE_DIR } from '../knowledge/load';

// `npm run knowledge -- fetch <URL> [--max-pages N]`: saves the clinic's site into the knowledge
// folder (KNOWLEDGE_DIR, else knowledge/) and says what changed since the last fetch.

const USAGE = 'usage: npm run knowledge -- fetch <URL> [--max-pages N]';

function parse(argv: string[]): { url: string; maxPages: number } {
  const [command, ...rest] = argv;
  if (command !== 'fetch') throw new FetchError(USAGE);
  let url: string | undefined;
  let maxPages = 200;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--max-pages') {
      maxPages = Number(rest[++i]);
      if (!Number.isInteger(maxPages) || maxPages < 1)
        throw new FetchError('--max-pages needs a whole number of at least 1');
    } else if (!url) url = rest[i];
    else throw new FetchError(USAGE);
  }
  if (!url) throw new FetchError(USAGE);
  return { url, maxPages };
}

function summary(r: FetchReport, dir: string): string {
  const list = (label: string, files: string[]) =>
    files.length ? `${label} (${files.length}): ${files.join(', ')}\n` : '';
  return (
    `saved into ${dir}: ${r.new.length} new, ${r.changed.length} changed, ${r.unchanged.length} unchanged, ${r.removed.length} removed (${r.requests} requests)\n` +
    list('new', r.new) +
    list('changed (their entries await staff review)', r.changed) +
    list('removed (their entries are withdrawn)', r.removed) +
    (r.truncated
      ? 'the page limit stopped the fetch before the whole site was read (--max-pages)\n'
      : '') +
    'run npm run build:kb to check the knowledge\n'
  );
}

async function main(): Promise<void> {
  const dir = loadConfig().KNOWLEDGE_DIR ?? KNOWLEDGE_DIR;
  try {
    const { url, maxPages } = parse(process.argv.slice(2));
    const report = await fetchSite({
      url,
      dir,
      maxPages,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(summary(report, dir));
  } catch (err) {
    process.stderr.write(
      `knowledge fetch: ${err instanceof FetchError ? err.message : String(err)}\n`,
    );
    process.exit(err instanceof FetchError ? 2 : 1);
  }
}

void main();
