import type { Problem } from '../types';
import type { SitePage } from './pages';

/** "page (1).html", "page copy.html", "page-old.html": the name of a second download. */
const COPY_NAME = /(\s*\(\d+\)|[\s_-]+(copy|copia|old|backup|bak)(\s*\d+)?)\.[^.]+$/i;

function words(p: SitePage): Set<string> {
  return new Set(
    p.read.blocks
      .map((b) => b.text)
      .join(' ')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2),
  );
}

function similar(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.max(1, a.size + b.size - shared);
}

/** Which of two copies to keep: the curated one, then the one not named as a copy, then the newer. */
function better(a: SitePage, b: SitePage): SitePage {
  if (a.curated !== b.curated) return a.curated ? a : b;
  const ac = COPY_NAME.test(a.file);
  if (ac !== COPY_NAME.test(b.file)) return ac ? b : a;
  if (a.mtimeMs !== b.mtimeMs) return a.mtimeMs > b.mtimeMs ? a : b;
  return a.file.length <= b.file.length ? a : b;
}

/**
 * The same page saved twice (same address, or nearly the same words under the same title) is
 * kept once, with a warning naming both files.
 */
export function dropDuplicates(pages: SitePage[], warnings: Problem[]): SitePage[] {
  const kept: SitePage[] = [];
  const sets = new Map<SitePage, Set<string>>();
  const wordsOf = (p: SitePage) => sets.get(p) ?? sets.set(p, words(p)).get(p)!;
  for (const page of pages) {
    const twin = kept.find(
      (k) =>
        k.lang === page.lang &&
        ((k.url && k.url === page.url) ||
          ((k.read.meta.h1 ?? '') === (page.read.meta.h1 ?? '') &&
            similar(wordsOf(k), wordsOf(page)) >= 0.85)),
    );
    if (!twin) {
      kept.push(page);
      continue;
    }
    const keep = better(twin, page);
    const drop = keep === twin ? page : twin;
    kept[kept.indexOf(twin)] = keep;
    warnings.push({
      file: drop.file,
      message: `the same page as ${keep.file}; only ${keep.file} is read`,
    });
  }
  return kept;
}
