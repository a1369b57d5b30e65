import { join } from 'node:path';
import type { FetchManifest } from '../fetch/manifest';
import { DOCUMENT_LINK, type DocRef } from '../page/documents';
import type { PageLink } from '../page/blocks';
import { layoutPdf } from '../pdf/layout';
import { PdfReader } from '../pdf/readPdf';
import type { Problem } from '../types';
import { resolveLink } from './pages';

/** The documents (PDF instruction sheets) pages link to, read once each. */
export class Documents {
  private readonly refs = new Map<string, DocRef>();
  private readonly available: Set<string>;
  private readonly urlToFile = new Map<string, string>();
  private readonly pageUrls = new Map<string, string | undefined>();

  constructor(
    private readonly dir: string,
    files: string[],
    private readonly manifest: FetchManifest | undefined,
    private readonly warnings: Problem[],
  ) {
    this.available = new Set(files);
    for (const [file, rec] of Object.entries(manifest?.files ?? {}))
      this.urlToFile.set(rec.url, file);
  }

  private resolve(href: string, from: string): string {
    return resolveLink(href, from, this.urlToFile, this.pageUrls.get(from)) ?? href;
  }

  /** Reads every PDF the pages link to; one that cannot be read is a warning naming it. */
  async readLinked(pages: { file: string; url?: string; links: PageLink[] }[]): Promise<void> {
    for (const p of pages) this.pageUrls.set(p.file, p.url);
    const reader = new PdfReader();
    const warned = new Set<string>();
    try {
      for (const p of pages) {
        for (const link of p.links) {
          if (!link.url || !DOCUMENT_LINK.test(link.url)) continue;
          const file = this.resolve(link.url, p.file);
          if (this.refs.has(file)) continue;
          const url = this.manifest?.files[file]?.url ?? absolute(link.url, p.url);
          if (!this.available.has(file)) {
            if (!warned.has(`${p.file} ${file}`)) {
              warned.add(`${p.file} ${file}`);
              this.warnings.push({
                file: p.file,
                message: `links "${link.text}" (${link.url}), which is not in the knowledge folder; its section answers without it`,
              });
            }
            continue;
          }
          const raw = await reader.read(join(this.dir, file));
          if ('error' in raw) {
            this.warnings.push({
              file,
              message: `could not be read (${raw.error}); ${p.file} answers without it`,
            });
            this.refs.set(file, { file, url, error: raw.error });
            continue;
          }
          const doc = layoutPdf(raw);
          if (!doc.groups.length) {
            this.warnings.push({
              file,
              message: `has no text to read (a scan?); ${p.file} answers without it`,
            });
            this.refs.set(file, { file, url, error: 'no text' });
          } else this.refs.set(file, { file, url, doc });
        }
      }
    } finally {
      await reader.close();
    }
  }

  ref(href: string, from: string): DocRef {
    const file = this.resolve(href, from);
    return this.refs.get(file) ?? { file, missing: true };
  }

  /** Documents no page links to are not read: nothing says which procedure they belong to. */
  noteUnlinked(notes: Problem[]): void {
    for (const file of this.available) {
      if (!this.refs.has(file))
        notes.push({ file, message: 'no page links to it, so it is not read' });
    }
  }
}

function absolute(href: string, base: string | undefined): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}
