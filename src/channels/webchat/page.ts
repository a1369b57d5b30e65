import type { Translate } from '../../i18n';
import type { Entry, KnowledgeBase, Lang } from '../../knowledge/types';
import { DEFAULT_LANG, LANG_INFO, LANGS } from '../../language/langs';

export interface PageOptions {
  clinicName: string;
  color: string;
  accentColor: string;
  lang: Lang;
  knowledge: KnowledgeBase;
  t: Translate;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function section(e: Entry, lang: Lang): string {
  const title = e.title[lang] ?? e.title[DEFAULT_LANG] ?? e.id;
  const answer = e.answer[lang] ?? e.answer[DEFAULT_LANG] ?? '';
  return `<section id="${escapeHtml(e.id)}"><h3>${escapeHtml(title)}</h3><p>${escapeHtml(answer)}</p></section>`;
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter((w) => /^[A-ZÁÉÍÓÚÑ]/i.test(w))
      .slice(0, 2)
      .map((w) => w[0].toUpperCase())
      .join('') || 'C'
  );
}

/**
 * The demo clinic page: the procedure content from knowledge/ in the chosen language, and the
 * chat widget. Every script and style comes from this service; no inline script (CSP).
 */
export function renderPage(o: PageOptions): string {
  const t = (key: string, vars?: Record<string, string>) => o.t(o.lang, key, vars);
  const entries = o.knowledge.entries.filter((e) => !e.contextOnly);
  const notice = entries.find((e) => e.id === 'covid-precautions');
  // Sub-answers (one type, one step) are already on the page inside their section.
  const text = (e: Entry) => e.answer[DEFAULT_LANG] ?? '';
  const rest = entries.filter(
    (e) =>
      e !== notice &&
      !entries.some((o) => o !== e && text(o).length > text(e).length && text(o).includes(text(e))),
  );
  const pending = o.lang !== DEFAULT_LANG && entries.some((e) => e.reviewPending.includes(o.lang));
  const config = {
    lang: o.lang,
    locale: LANG_INFO[o.lang].locale,
    color: o.color,
    accentColor: o.accentColor,
    initials: initials(o.clinicName),
  };
  const link = (lang: Lang) =>
    `<a href="/?lang=${lang}" lang="${lang}" aria-current="${o.lang === lang}">${LANG_INFO[lang].name}</a>`;
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.clinicName)} — ${escapeHtml(o.knowledge.procedure || t('page.procedures'))}</title>
<link rel="stylesheet" href="/static/page.css">
<link rel="stylesheet" href="/static/theme.css">
</head>
<body>
<header>
<h1>${escapeHtml(o.clinicName)}</h1>
<nav aria-label="${escapeHtml(t('page.language'))}">${LANGS.map(link).join('')}</nav>
</header>
<main>
<article>
<h2>${escapeHtml(o.knowledge.procedure || t('page.procedures'))}</h2>
${notice ? `<p class="notice">${escapeHtml(notice.answer[o.lang] ?? notice.answer[DEFAULT_LANG] ?? '')}</p>` : ''}
${pending ? `<p class="review">${escapeHtml(t('page.translationPending'))}</p>` : ''}
${rest.map((e) => section(e, o.lang)).join('\n')}
</article>
<aside aria-label="${escapeHtml(t('page.chatTitle'))}">
<h2>${escapeHtml(t('page.chatTitle'))}</h2>
<div id="webchat" role="main"></div>
<p id="webchat-error" hidden>${escapeHtml(t('page.chatUnavailable'))}</p>
</aside>
</main>
<footer>${escapeHtml(t('page.emergency'))}</footer>
<div id="chat-config" data-config="${escapeHtml(JSON.stringify(config))}" hidden></div>
<script src="/webchat/webchat.js"></script>
<script src="/static/app.js"></script>
</body>
</html>`;
}

/** The clinic's colours, as a small stylesheet (no inline style under the CSP). */
export function themeCss(color: string, accent: string): string {
  return `:root { --clinic: ${color}; --accent: ${accent}; }\n`;
}

/** One answer on a page of its own: what a cut SMS links to, whole, with where it comes from. */
export function renderAnswer(o: {
  clinicName: string;
  lang: Lang;
  entry: Entry;
  source?: { title: string; url: string };
  t: Translate;
}): string {
  const t = (key: string, vars?: Record<string, string>) => o.t(o.lang, key, vars);
  const title = o.entry.title[o.lang] ?? o.entry.title[DEFAULT_LANG] ?? o.entry.id;
  const has = o.entry.answer[o.lang] !== undefined;
  const shown = has ? o.lang : (LANGS.find((l) => o.entry.answer[l] !== undefined) ?? o.lang);
  const answer = o.entry.answer[shown] ?? '';
  const paragraphs = answer
    .split(/\n{2,}|\n(?=•)/)
    .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
    .join('\n');
  const notice = has
    ? ''
    : `<p class="review">${escapeHtml(t('answer.onlyInNotice', { language: t(`languageName.${shown}`) }))}</p>`;
  const source = o.source
    ? `<p>${escapeHtml(t('page.source'))} <a href="${escapeHtml(o.source.url)}">${escapeHtml(o.source.title)}</a></p>`
    : '';
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${escapeHtml(o.clinicName)}</title>
<link rel="stylesheet" href="/static/page.css">
<link rel="stylesheet" href="/static/theme.css">
</head>
<body>
<header><p class="clinic">${escapeHtml(o.clinicName)}</p></header>
<main>
<article lang="${shown}">
<h1>${escapeHtml(title)}</h1>
${notice}
${paragraphs}
${source}
</article>
</main>
<footer>${escapeHtml(t('page.emergency'))}</footer>
</body>
</html>`;
}
