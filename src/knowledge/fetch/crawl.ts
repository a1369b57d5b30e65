import { createHash } from 'node:crypto';
import robotsParser from 'robots-parser';
import { FetchError, PoliteClient, reason, type Got } from './http';
import { fileFor, linksOf } from './links';

export const AGENT = 'ClinicFaqBot';

export interface CrawlOptions {
  start: string;
  maxPages: number;
  rate: number;
  progress: (line: string) => void;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface Fetched {
  url: string;
  file: string;
  kind: 'page' | 'document';
  body: Buffer;
  hash: string;
}

export interface CrawlResult {
  fetched: Fetched[];
  /** Addresses answered 404 or 410: gone from the site. */
  gone: string[];
  /** Addresses left alone, and why (robots.txt, another host, too large...). */
  skipped: { url: string; why: string }[];
  /** The page limit stopped the crawl before the site was done. */
  truncated: boolean;
}

type Job = { url: string; kind: 'page' | 'document'; follow: boolean };

/** Fetches a site's pages under the start address, their documents and other-language versions. */
export class Crawler {
  private readonly client: PoliteClient;
  private readonly start: URL;
  private readonly scope: string;
  private allowed: (url: string) => boolean = () => true;
  private readonly seen = new Set<string>();
  private readonly seenFiles = new Set<string>();
  private readonly queue: Job[] = [];
  private readonly result: CrawlResult = { fetched: [], gone: [], skipped: [], truncated: false };
  private pages = 0;

  constructor(private readonly o: CrawlOptions) {
    try {
      this.start = new URL(o.start);
    } catch {
      throw new FetchError(
        `"${o.start}" is not a web address (it should look like https://www.clinic.example/procedures/)`,
      );
    }
    if (!/^https?:$/.test(this.start.protocol))
      throw new FetchError(`"${o.start}" is not an http(s) address`);
    this.scope = this.start.pathname.endsWith('/')
      ? this.start.pathname
      : this.start.pathname.replace(/[^/]*$/, '');
    this.client = new PoliteClient({
      agent: `${AGENT}/1.0 (clinic FAQ knowledge fetch)`,
      rate: o.rate,
      timeoutMs: o.timeoutMs ?? 15_000,
      maxBytes: o.maxBytes ?? 20 * 2 ** 20,
    });
  }

  get requests(): number {
    return this.client.requests;
  }

  async run(revisit: string[]): Promise<CrawlResult> {
    await this.robots();
    this.enqueue({ url: this.start.href, kind: 'page', follow: true });
    await this.drain(true);
    // Addresses fetched last time and not reached now: still there, or gone?
    for (const url of revisit)
      this.enqueue({
        url,
        kind: /\.pdf$/i.test(new URL(url).pathname) ? 'document' : 'page',
        follow: false,
      });
    await this.drain(false);
    return this.result;
  }

  private async robots(): Promise<void> {
    const url = new URL('/robots.txt', this.start).href;
    let got: Awaited<ReturnType<PoliteClient['get']>>;
    try {
      got = await this.client.get(url);
    } catch (err) {
      throw new FetchError(`cannot reach ${this.start.host}: ${reason(err)}`);
    }
    if ('tooLarge' in got || got.status >= 500) {
      throw new FetchError(
        `${url} answered ${'tooLarge' in got ? 'with too much' : got.status}: not fetching a site whose rules cannot be read`,
      );
    }
    if (got.status === 200) {
      const robots = robotsParser(url, got.body.toString('utf8'));
      this.allowed = (u) => robots.isAllowed(u, AGENT) !== false;
    }
  }

  private enqueue(job: Job): void {
    const url = new URL(job.url);
    url.hash = '';
    if (this.seen.has(url.href)) return;
    this.seen.add(url.href);
    if (url.host !== this.start.host) return this.skip(url.href, 'another site');
    // "/procedures/" and "/procedures/index.html" are one file: fetched once.
    const file = fileFor(url.href, job.kind);
    if (this.seenFiles.has(file)) return;
    this.seenFiles.add(file);
    if (!this.allowed(url.href)) return this.skip(url.href, 'robots.txt disallows it');
    this.queue.push({ ...job, url: url.href });
  }

  private skip(url: string, why: string): void {
    this.result.skipped.push({ url, why });
    this.o.progress(`skipped ${url}: ${why}`);
  }

  private async drain(first: boolean): Promise<void> {
    while (this.queue.length) {
      const job = this.queue.shift()!;
      if (job.kind === 'page' && this.pages >= this.o.maxPages) {
        this.result.truncated = true;
        this.skip(job.url, `page limit (${this.o.maxPages}) reached`);
        continue;
      }
      await this.visit(job, first && job.url === this.start.href);
    }
  }

  private async visit(job: Job, isStart: boolean): Promise<void> {
    let got: Awaited<ReturnType<PoliteClient['get']>>;
    try {
      got = await this.client.get(job.url);
    } catch (err) {
      if (isStart) throw new FetchError(`cannot reach ${job.url}: ${reason(err)}`);
      return this.skip(job.url, reason(err));
    }
    if ('tooLarge' in got) return this.skip(job.url, 'too large');
    if (got.status >= 300 && got.status < 400 && got.location) {
      if (isStart && new URL(got.location, job.url).host !== this.start.host) {
        throw new FetchError(`${job.url} redirects to another site (${got.location})`);
      }
      return this.enqueue({ ...job, url: new URL(got.location, job.url).href });
    }
    if (got.status === 404 || got.status === 410) {
      this.result.gone.push(job.url);
      if (isStart) throw new FetchError(`${job.url} answered ${got.status}: no such page`);
      return this.o.progress(`gone ${job.url} (${got.status})`);
    }
    if (got.status !== 200) {
      if (isStart) throw new FetchError(`${job.url} answered ${got.status}`);
      return this.skip(job.url, `answered ${got.status}`);
    }
    this.save(job, got, isStart);
  }

  private save(job: Job, got: Got, isStart: boolean): void {
    const isHtml =
      /html/.test(got.type) ||
      (!got.type && /^\s*</.test(got.body.subarray(0, 200).toString('utf8')));
    // A page the site publishes as Markdown or text is knowledge as it is.
    const isText =
      /^text\/(plain|markdown|x-markdown)$/.test(got.type) &&
      /\.(md|markdown|txt)$/i.test(new URL(job.url).pathname);
    const isPdf =
      got.type === 'application/pdf' || got.body.subarray(0, 5).toString('latin1') === '%PDF-';
    if (job.kind === 'page' && !isHtml && !isText) {
      if (isStart)
        throw new FetchError(`${job.url} is not an HTML page (${got.type || 'no content type'})`);
      return this.skip(job.url, `not a page (${got.type || 'no content type'})`);
    }
    if (job.kind === 'document' && !isPdf)
      return this.skip(job.url, `not a PDF (${got.type || 'no content type'})`);
    const file = fileFor(job.url, job.kind);
    const hash = createHash('sha256').update(got.body).digest('hex');
    this.result.fetched.push({ url: job.url, file, kind: job.kind, body: got.body, hash });
    if (job.kind === 'page') {
      this.pages++;
      this.o.progress(`[${this.pages}/${this.o.maxPages}] ${file}`);
      if (isHtml) this.follow(job, got);
    } else this.o.progress(`document ${file}`);
  }

  private follow(job: Job, got: Got): void {
    const links = linksOf(got.body.toString('utf8'), job.url);
    for (const url of links.documents) this.enqueue({ url, kind: 'document', follow: false });
    for (const url of links.alternates) this.enqueue({ url, kind: 'page', follow: false });
    if (!job.follow) return;
    for (const url of links.pages) {
      if (new URL(url).pathname.startsWith(this.scope))
        this.enqueue({ url, kind: 'page', follow: true });
    }
  }
}
