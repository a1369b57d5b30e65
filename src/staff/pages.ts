import { escapeHtml } from '../channels/webchat/page';
import { MAX_NAME } from './passwordPolicy';

export function shell(title: string, body: string, scripts: string[] = []): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/staff/static/staff.css">
</head>
<body>
${body}
${scripts.map((s) => `<script src="${s}"></script>`).join('\n')}
</body>
</html>`;
}

export function loginPage(clinic: string, message?: string): string {
  return shell(
    `${clinic} — staff log-in`,
    `<main class="login">
<h1>${escapeHtml(clinic)}</h1>
<h2>Staff console</h2>
${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/staff/login">
<label>Email <input name="email" type="email" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Log in</button>
</form>
</main>`,
  );
}

export function setupPage(clinic: string, token: string, message?: string, name = ''): string {
  return shell(
    `${clinic} — set up your account`,
    `<main class="login">
<h1>${escapeHtml(clinic)}</h1>
<h2>Set up your account</h2>
${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/staff/setup">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label>Your name, as patients will see it (for example "Ana Ruiz, RN") <input name="name" autocomplete="name" maxlength="${MAX_NAME}" value="${escapeHtml(name)}" required></label>
<label>New password (12 characters or more) <input name="password" type="password" autocomplete="new-password" minlength="12" required></label>
<button type="submit">Save</button>
</form>
</main>`,
  );
}

type Page = 'queue' | 'history' | 'insights' | 'knowledge' | 'audit';

const LINKS: [Page, string, string, boolean][] = [
  ['queue', '/staff', 'Queue', false],
  ['history', '/staff/history', 'History', false],
  ['insights', '/staff/insights', 'Insights', false],
  ['knowledge', '/staff/knowledge', 'Knowledge', false],
  ['audit', '/staff/audit', 'Audit log', true],
];

/** The header every console page has: the pages, who is logged in, log-out. */
export function header(clinic: string, current: Page): string {
  const links = LINKS.map(
    ([page, href, label, admin]) =>
      `<li${admin ? ' class="admin-only" hidden' : ''}><a href="${href}"${page === current ? ' aria-current="page"' : ''}>${label}</a></li>`,
  ).join('');
  return `<header><p class="clinic">${escapeHtml(clinic)} · staff console</p>
<nav aria-label="Console pages"><ul>${links}</ul></nav>
<span id="me"></span><button id="logout" type="button">Log out</button></header>`;
}

/** Alerts every page shows: a reply to an urgent conversation that was not delivered. */
export const ALERTS = '<div id="alerts" class="alerts" role="alert" hidden></div>';

/** The console: the queue and, when one is open, a conversation. Rendered by staff.js. */
export function consolePage(clinic: string): string {
  return shell(
    `${clinic} — staff console`,
    `${header(clinic, 'queue')}
<main class="console">
<h1 class="visually-hidden">Queue</h1>
${ALERTS}
<section id="queue-panel" aria-labelledby="queue-heading"><h2 id="queue-heading">Queue <span id="urgent-badge" class="badge" hidden></span></h2><ol id="queue"></ol><p id="queue-empty" hidden>No one is waiting.</p></section>
<section id="conversation-panel" aria-labelledby="conversation-title" hidden>
<h2 id="conversation-title" tabindex="-1"></h2>
<p id="conversation-meta"></p>
<p><span id="number"></span> <button id="reveal" type="button" hidden>Show number</button></p>
<div id="considered"></div>
<ol id="transcript" tabindex="0" aria-label="Transcript"></ol>
<div class="actions"><button id="claim" type="button">Claim</button><button id="resolve" type="button">Resolve: hand back to the bot</button></div>
<form id="reply-form"><label for="reply">Reply to the patient</label><textarea id="reply" rows="3" maxlength="1600"></textarea><button type="submit">Send</button></form>
<form id="teach-form"><h3>Teach the bot a wording</h3>
<label for="teach-text">A patient's wording</label><input id="teach-text" maxlength="300" required>
<label for="teach-entry">Answer it with</label><select id="teach-entry" required><option value="">Choose an answer</option></select>
<label for="teach-lang">Language</label><select id="teach-lang"><option value="en">English</option><option value="es">Español</option></select>
<button type="submit">Propose</button></form>
<details id="new-entry"><summary>Draft a new answer</summary>
<form id="entry-form">
<label>Id (letters, digits, dashes) <input id="entry-id" pattern="[a-z0-9][a-z0-9._-]*" required></label>
<label>Title (English) <input id="entry-title-en" required></label><label>Title (Spanish) <input id="entry-title-es" required></label>
<label>Patient's question (English) <input id="entry-q-en" required></label><label>Patient's question (Spanish) <input id="entry-q-es" required></label>
<label>Answer (English) <textarea id="entry-a-en" rows="3" required></textarea></label><label>Answer (Spanish) <textarea id="entry-a-es" rows="3" required></textarea></label>
<label>Short SMS form (English, optional) <input id="entry-sms-en"></label><label>Short SMS form (Spanish, optional) <input id="entry-sms-es"></label>
<button type="submit">Propose for approval</button>
</form></details>
<p id="status" role="status"></p>
</section>
<section id="changes-panel" aria-labelledby="changes-heading" hidden><h2 id="changes-heading">Changes waiting for approval</h2><ol id="changes"></ol></section>
</main>`,
    // staff.js last: it starts the page, which uses what the others define.
    ['/staff/static/common.js', '/staff/static/teach.js', '/staff/static/staff.js'],
  );
}

const option = (value: string, label: string) =>
  `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;

/** Past conversations, searchable; one opens read-only beside the list. Rendered by history.js. */
export function historyPage(clinic: string): string {
  return shell(
    `${clinic} — history`,
    `${header(clinic, 'history')}
<main class="history">
<h1>Past conversations</h1>
${ALERTS}
<form id="history-form" class="filters">
<label>Words <input id="h-text" type="search" maxlength="200"></label>
<label>From <input id="h-from" type="date"></label>
<label>To <input id="h-to" type="date"></label>
<label>Channel <select id="h-channel">${option('', 'Any')}${option('directline', 'Web chat')}${option('sms', 'SMS')}</select></label>
<label>Language <select id="h-lang">${option('', 'Any')}${option('en', 'English')}${option('es', 'Español')}</select></label>
<label>Outcome <select id="h-outcome">${option('', 'Any')}${option('answered', 'Answered by the bot')}${option('escalated', 'Escalated')}${option('staff', 'Handled by staff')}${option('emergency', 'Emergency')}</select></label>
<button type="submit">Search</button>
</form>
<p class="admin-only exports" hidden><a id="export-conversations" href="/api/staff/export/conversations.csv">Export these conversations (CSV)</a> · <a id="export-unanswered" href="/api/staff/export/unanswered.csv">Export unanswered questions (CSV)</a></p>
<p id="h-status" role="status"></p>
<div class="history-grid">
<section aria-labelledby="results-heading"><h2 id="results-heading">Results</h2>
<table id="results"><thead><tr><th scope="col">Started</th><th scope="col">Channel</th><th scope="col">Language</th><th scope="col">Outcome</th><th scope="col">First message</th></tr></thead><tbody></tbody></table>
<button id="older" type="button" hidden>Older conversations</button></section>
<section id="past" aria-labelledby="past-title" hidden><h2 id="past-title" tabindex="-1"></h2><p id="past-meta"></p><ol id="past-transcript" class="transcript" tabindex="0" aria-label="Transcript"></ol></section>
</div>
</main>`,
    ['/staff/static/common.js', '/staff/static/history.js'],
  );
}

/** The audit log, naming staff by email (admins). Rendered by audit.js. */
export function auditPage(clinic: string): string {
  return shell(
    `${clinic} — audit log`,
    `${header(clinic, 'audit')}
<main class="audit">
<h1>Audit log</h1>
${ALERTS}
<form id="audit-form" class="filters">
<label>Staff email <input id="a-email" type="email"></label>
<label>Action <input id="a-action" list="actions"></label>
<datalist id="actions">${['view-conversation', 'reveal-number', 'claim', 'reply', 'resolve', 'login', 'logout', 'knowledge-draft', 'knowledge-approve', 'knowledge-reject', 'view-knowledge', 'knowledge-question', 'knowledge-spanish', 'knowledge-spanish-approve', 'knowledge-source-reviewed', 'knowledge-publish', 'export-conversations', 'export-unanswered', 'alert-acknowledged'].map((a) => `<option value="${a}">`).join('')}</datalist>
<label>Conversation <input id="a-conversation"></label>
<label>From <input id="a-from" type="date"></label>
<label>To <input id="a-to" type="date"></label>
<button type="submit">Filter</button>
</form>
<p id="a-status" role="status"></p>
<section aria-labelledby="entries-heading"><h2 id="entries-heading">Entries, newest first</h2>
<table id="entries"><thead><tr><th scope="col">When</th><th scope="col">Staff</th><th scope="col">Action</th><th scope="col">Conversation</th><th scope="col">Detail</th></tr></thead><tbody></tbody></table>
<button id="a-older" type="button" hidden>Older entries</button></section>
</main>`,
    ['/staff/static/common.js', '/staff/static/audit.js'],
  );
}

export function insightsPage(clinic: string): string {
  return shell(
    `${clinic} — insights`,
    `${header(clinic, 'insights')}
<main class="insights">
<h1>Insights (last 30 days)</h1>
${ALERTS}
<section aria-labelledby="per-day-heading"><h2 id="per-day-heading">Messages a day, by channel and language</h2><canvas id="per-day" role="img" aria-label="Messages a day, by channel and language"></canvas><p id="per-day-total"></p></section>
<section aria-labelledby="actions-heading"><h2 id="actions-heading">What the bot did</h2><canvas id="actions" role="img" aria-label="What the bot did: the figures are listed below"></canvas><table id="action-figures"><thead><tr><th scope="col">Outcome</th><th scope="col">Turns</th><th scope="col">Share</th></tr></thead><tbody></tbody></table></section>
<section aria-labelledby="median-heading"><h2 id="median-heading">Median time to a staff reply</h2><p id="median" class="big"></p></section>
<section aria-labelledby="unanswered-heading"><h2 id="unanswered-heading">Most frequent questions the bot could not answer</h2><ol id="unanswered"></ol></section>
</main>`,
    ['/staff/static/chart.js', '/staff/static/common.js', '/staff/static/insights.js'],
  );
}
