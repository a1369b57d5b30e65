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

const bare = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[\s:.]+$/, '')
    .trim();

/** A section's answer under its title, without the page's heading said a second time. */
function withoutHeading(answer: string, title: string): string {
  const [first, ...rest] = answer.split(/\n{2,}/);
  return rest.length && bare(first) === bare(title) ? rest.join('\n\n') : answer;
}

function section(e: Entry, lang: Lang): string {
  const title = e.title[lang] ?? e.title[DEFAULT_LANG] ?? e.id;
  const shown = e.answer[lang] !== undefined ? lang : DEFAULT_LANG;
  const answer = withoutHeading(e.answer[shown] ?? Object.values(e.answer)[0] ?? '', title);
  return `<section id="${escapeHtml(e.id)}" aria-labelledby="${escapeHtml(e.id)}-title"><h2 id="${escapeHtml(e.id)}-title">${escapeHtml(title)}</h2><p lang="${shown}">${escapeHtml(answer)}</p></section>`;
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

/** The emergency line, with 911 and 988 as links a phone can call. */
function emergencyLine(text: string): string {
  return escapeHtml(text).replace(/\b(911|988)\b/g, '<a href="tel:$1">$1</a>');
}

/**
 * The demo clinic page: a procedure's content from the knowledge (one page per procedure when
 * the knowledge has several, `?p=<id>`), the chat widget beside it, and on a phone a button that
 * opens the chat. The widget tells the bot which procedure's page it sits on. Every script and
 * style comes from this service; no inline script (CSP).
 */
export function renderPage(o: PageOptions & { procedure?: string }): string {
  const t = (key: string, vars?: Record<string, string>) => o.t(o.lang, key, vars);
  const procedures = o.knowledge.procedures;
  const current =
    procedures.find((p) => p.id === o.procedure) ??
    (procedures.length === 1 ? procedures[0] : undefined);
  const named = (p: { name: Partial<Record<Lang, string>>; id: string }) =>
    p.name[o.lang] ?? p.name[DEFAULT_LANG] ?? Object.values(p.name)[0] ?? p.id;
  const heading = current ? named(current) : o.knowledge.procedure || t('page.procedures');
  const entries = o.knowledge.entries.filter(
    (e) =>
      !e.contextOnly &&
      !e.handoff &&
      (current ? e.procedure === current.id : procedures.length === 0 || !e.procedure),
  );
  const notice = o.knowledge.entries.find(
    (e) => e.id === 'covid-precautions' || /^clinic\./.test(e.id),
  );
  // Sub-answers (one type, one step) are already on the page inside their section.
  const text = (e: Entry) => e.answer[DEFAULT_LANG] ?? Object.values(e.answer)[0] ?? '';
  const rest = entries.filter(
    (e) =>
      e !== notice &&
      !entries.some((x) => x !== e && text(x).length > text(e).length && text(x).includes(text(e))),
  );
  const pending = o.lang !== DEFAULT_LANG && entries.some((e) => e.reviewPending.includes(o.lang));
  const config = {
    lang: o.lang,
    locale: LANG_INFO[o.lang].locale,
    color: o.color,
    accentColor: o.accentColor,
    initials: initials(o.clinicName),
    page: current?.id,
  };
  const here = (lang: Lang) =>
    `/?lang=${lang}${current ? `&p=${encodeURIComponent(current.id)}` : ''}`;
  const languages = LANGS.map(
    (lang) =>
      `<a href="${here(lang)}" lang="${lang}"${o.lang === lang ? ' aria-current="page"' : ''}>${LANG_INFO[lang].name}</a>`,
  ).join('');
  const procedureNav =
    procedures.length > 1
      ? `<nav class="procedures" aria-label="${escapeHtml(t('page.procedures'))}"><ul>${procedures
          .map(
            (p) =>
              `<li><a href="/?lang=${o.lang}&amp;p=${encodeURIComponent(p.id)}"${p === current ? ' aria-current="page"' : ''}>${escapeHtml(named(p))}</a></li>`,
          )
          .join('')}</ul></nav>`
      : '';
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.clinicName)} — ${escapeHtml(heading)}</title>
<link rel="stylesheet" href="/static/page.css">
<link rel="stylesheet" href="/static/theme.css">
</head>
<body>
<header>
<p class="clinic">${escapeHtml(o.clinicName)}</p>
<nav aria-label="${escapeHtml(t('page.language'))}">${languages}</nav>
</header>
${procedureNav}
<div class="layout">
<main>
<h1>${escapeHtml(heading)}</h1>
${notice ? `<p class="notice">${escapeHtml(notice.answer[o.lang] ?? notice.answer[DEFAULT_LANG] ?? '')}</p>` : ''}
${pending ? `<p class="review">${escapeHtml(t('page.translationPending'))}</p>` : ''}
${rest.map((e) => section(e, o.lang)).join('\n')}
</main>
<aside id="chat" aria-labelledby="chat-title">
<div class="chat-bar"><h2 id="chat-title">${escapeHtml(t('page.chatTitle'))}</h2>
<button type="button" id="chat-close" class="chat-close">${escapeHtml(t('page.chatClose'))}</button></div>
<div id="webchat"></div>
<p id="webchat-error" hidden>${escapeHtml(t('page.chatUnavailable'))}</p>
</aside>
</div>
<button type="button" id="chat-open" class="chat-open" aria-controls="chat" aria-expanded="false">${escapeHtml(t('page.chatOpen'))}</button>
<footer><p>${emergencyLine(t('page.emergency'))}</p></footer>
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
  const answer = withoutHeading(o.entry.answer[shown] ?? '', title);
  const paragraphs = answer
    .split(/\n{2,}|\n(?=•)/)
    .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
    .join('\n');
  const notice = has
    ? ''
    : `<p class="review" lang="${o.lang}">${escapeHtml(t('answer.onlyInNotice', { language: t(`languageName.${shown}`) }))}</p>`;
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
<footer><p>${emergencyLine(t('page.emergency'))}</p></footer>
</body>
</html>`;
}
