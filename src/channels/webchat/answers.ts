import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { Server } from 'restify';
import type { SourceLink } from '../../bot/replies';
import type { Core } from '../../core/createCore';
import { notFound } from '../../http/errors';
import { handle } from '../../http/handle';
import { KNOWLEDGE_DIR } from '../../knowledge/load';
import type { Entry, Lang } from '../../knowledge/types';
import { DEFAULT_LANG, langOf } from '../../language/langs';
import { renderAnswer } from './page';

const TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
};

/** A path as it goes in an address: each segment percent-encoded, the slashes kept. */
const asPath = (file: string) => file.split('/').map(encodeURIComponent).join('/');

/**
 * Where an answer can be read whole (`/a/<entry>`: the link a cut SMS ends with) and where its
 * words come from: the clinic's document or page at its own address, else the copy of the
 * document in the knowledge folder, served from `/documents/...` (only the documents answers
 * come from: nothing else of the folder is reachable).
 */
export function mountAnswers(server: Server, core: Core): void {
  const folder = core.config.KNOWLEDGE_DIR ?? KNOWLEDGE_DIR;
  const base = () => core.publicUrl();
  core.services.links = {
    answer: (e, lang) => `${base()}/a/${encodeURIComponent(e.id)}?lang=${lang}`,
    source: (e, lang) => sourceOf(e, lang, base()),
  };
  server.get(
    '/a/:id',
    handle(core.log, async (req, res) => {
      const entry = core.services.matcher.byId(String(req.params.id));
      if (!entry || entry.handoff) throw notFound('no such answer');
      const lang = langOf(req.query?.lang) ?? DEFAULT_LANG;
      const html = renderAnswer({
        clinicName: core.config.CLINIC_NAME,
        lang,
        entry,
        source: sourceOf(entry, lang, base()),
        t: core.services.t,
      });
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.writeHead(200);
      res.end(html);
    }),
  );
  server.get(
    '/documents/*',
    handle(core.log, async (req, res) => {
      const file = decodeURIComponent(req.getPath().slice('/documents/'.length));
      const known = core.services.matcher.entries.some(
        (e) => e.provenance?.document?.file === file,
      );
      const path = normalize(join(folder, file));
      const type = TYPES[file.slice(file.lastIndexOf('.')).toLowerCase()];
      if (!known || !type || !path.startsWith(normalize(folder) + sep))
        throw notFound('no such document');
      const body = await readFile(path).catch(() => undefined);
      if (!body) throw notFound('no such document');
      res.setHeader('Content-Type', type);
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.writeHead(200);
      res.end(body);
    }),
  );
}

/** The clinic's document (a PDF sheet) or page an answer was read from, with its address. */
function sourceOf(entry: Entry, lang: Lang, base: string): SourceLink | undefined {
  const p = entry.provenance;
  const doc = p?.document;
  if (doc)
    return {
      title: doc.title ?? doc.file.replace(/^.*\//, ''),
      url: doc.url ?? `${base}/documents/${asPath(doc.file)}`,
    };
  if (p?.url)
    return {
      title: p.section ?? entry.title[lang] ?? entry.title[DEFAULT_LANG] ?? p.url,
      url: p.url,
    };
  if (entry.url)
    return { title: entry.title[lang] ?? entry.title[DEFAULT_LANG] ?? entry.url, url: entry.url };
  return undefined;
}
