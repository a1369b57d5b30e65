import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FETCH_MANIFEST } from '../site/scan';

const FileRecord = z.object({
  url: z.string(),
  /** sha256 of the bytes saved. */
  hash: z.string(),
  kind: z.enum(['page', 'document']),
  fetchedAt: z.string(),
  /** When its content last changed (its first fetch, or a re-fetch that found it different). */
  changedAt: z.string(),
  state: z.enum(['new', 'changed', 'unchanged', 'removed']),
  /** Changed since staff last reviewed its entries. */
  reviewPending: z.boolean(),
});

const Manifest = z.object({
  site: z.string(),
  fetchedAt: z.string(),
  files: z.record(z.string(), FileRecord),
});

export type FetchRecord = z.infer<typeof FileRecord>;
export type FetchManifest = z.infer<typeof Manifest>;

/** The fetch record of a knowledge folder, or undefined when it was never fetched (or is unreadable). */
export function readManifest(dir: string): FetchManifest | undefined {
  const file = join(dir, FETCH_MANIFEST);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = Manifest.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeManifest(dir: string, manifest: FetchManifest): void {
  writeFileSync(join(dir, FETCH_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}
