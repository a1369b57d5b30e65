import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Crawler, type CrawlResult, type Fetched } from './crawl';
import { readManifest, writeManifest, type FetchManifest, type FetchRecord } from './manifest';

export interface FetchReport {
  new: string[];
  changed: string[];
  unchanged: string[];
  removed: string[];
  skipped: CrawlResult['skipped'];
  truncated: boolean;
  requests: number;
}

export interface FetchSiteOptions {
  url: string;
  dir: string;
  maxPages?: number;
  /** Requests a second, at most (2 unless a test asks otherwise). */
  rate?: number;
  progress?: (line: string) => void;
  maxBytes?: number;
}

/**
 * Saves a clinic's site into the knowledge folder and records what changed: a changed page's
 * entries wait for staff review; a page gone from the site is removed, so its entries are withdrawn.
 */
export async function fetchSite(o: FetchSiteOptions): Promise<FetchReport> {
  const before = readManifest(o.dir);
  const revisit = Object.values(before?.files ?? {})
    .filter((r) => r.state !== 'removed')
    .map((r) => r.url);
  const crawler = new Crawler({
    start: o.url,
    maxPages: o.maxPages ?? 200,
    rate: o.rate ?? 2,
    progress: o.progress ?? (() => undefined),
    maxBytes: o.maxBytes,
  });
  const result = await crawler.run(revisit);
  const now = new Date().toISOString();
  const manifest: FetchManifest = { site: o.url, fetchedAt: now, files: {} };
  const report: FetchReport = {
    new: [],
    changed: [],
    unchanged: [],
    removed: [],
    skipped: result.skipped,
    truncated: result.truncated,
    requests: crawler.requests,
  };
  mkdirSync(o.dir, { recursive: true });
  for (const f of result.fetched) {
    const rec = save(o.dir, f, before?.files[f.file], now);
    manifest.files[f.file] = rec;
    report[rec.state as 'new' | 'changed' | 'unchanged'].push(f.file);
  }
  for (const [file, old] of Object.entries(before?.files ?? {})) {
    if (manifest.files[file] || old.state === 'removed' || !result.gone.includes(old.url)) continue;
    rmSync(join(o.dir, file), { force: true });
    manifest.files[file] = {
      ...old,
      fetchedAt: now,
      changedAt: now,
      state: 'removed',
      reviewPending: false,
    };
    report.removed.push(file);
  }
  // Fetched before, neither fetched nor gone now (the site did not answer): kept as it was.
  for (const [file, old] of Object.entries(before?.files ?? {})) manifest.files[file] ??= old;
  writeManifest(o.dir, manifest);
  return report;
}

/** Writes a fetched file (unless unchanged) and says how it compares with the last fetch. */
function save(dir: string, f: Fetched, old: FetchRecord | undefined, now: string): FetchRecord {
  const state: FetchRecord['state'] =
    !old || old.state === 'removed' ? 'new' : old.hash === f.hash ? 'unchanged' : 'changed';
  const path = join(dir, f.file);
  mkdirSync(dirname(path), { recursive: true });
  if (state !== 'unchanged' || !existsSync(path)) writeFileSync(path, f.body);
  return {
    url: f.url,
    hash: f.hash,
    kind: f.kind,
    fetchedAt: now,
    changedAt: state === 'unchanged' ? old!.changedAt : now,
    state,
    // A changed page waits for staff until they review it; a re-fetch does not clear that.
    reviewPending: state === 'changed' || (state === 'unchanged' && old!.reviewPending),
  };
}
