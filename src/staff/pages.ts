import { escapeHtml } from '../channels/webchat/page';
import { MAX_NAME } from './passwordPolicy';

function shell(title: string, body: string, scripts: string[] = []): string {
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

/** The console: the queue and, when one is open, a conversation. Rendered by staff.js. */
export function consolePage(clinic: string): string {
  return shell(
    `${clinic} — staff console`,
    `<header><h1>${escapeHtml(clinic)} · staff console</h1><a class="nav" href="/staff/insights">Insights</a><span id="me"></span><button id="logout" type="button">Log out</button></header>
<main class="console">
<section id="queue-panel" aria-label="Queue"><h2>Queue <span id="urgent-badge" class="badge" hidden></span></h2><ol id="queue"></ol><p id="queue-empty" hidden>No one is waiting.</p></section>
<section id="conversation-panel" aria-label="Conversation" hidden>
<h2 id="conversation-title"></h2>
<p id="conversation-meta"></p>
<p><span id="number"></span> <button id="reveal" type="button" hidden>Show number</button></p>
<div id="considered"></div>
<ol id="transcript"></ol>
<div class="actions"><button id="claim" type="button">Claim</button><button id="resolve" type="button">Resolve: hand back to the bot</button></div>
<form id="reply-form"><label for="reply">Reply to the patient</label><textarea id="reply" rows="3" maxlength="1600"></textarea><button type="submit">Send</button></form>
<form id="teach-form"><h3>Teach the bot this wording</h3><label for="teach-entry">Answer it with</label> <select id="teach-entry"></select><label for="teach-text">Patient's wording</label><input id="teach-text" maxlength="300"><select id="teach-lang" aria-label="Language"><option value="en">English</option><option value="es">Español</option></select><button type="submit">Propose</button></form>
<details id="new-entry"><summary>Draft a new answer from this conversation</summary>
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
<section id="changes-panel" aria-label="Knowledge changes" hidden><h2>Changes waiting for approval</h2><ol id="changes"></ol></section>
</main>`,
    ['/staff/static/staff.js'],
  );
}

export function insightsPage(clinic: string): string {
  return shell(
    `${clinic} — insights`,
    `<header><h1>${escapeHtml(clinic)} · insights (last 30 days)</h1><a class="nav" href="/staff">Back to the queue</a></header>
<main class="insights">
<section><h2>Messages a day, by channel and language</h2><canvas id="per-day" aria-label="Messages a day"></canvas></section>
<section><h2>What the bot did</h2><canvas id="actions" aria-label="Share answered, clarified, escalated"></canvas></section>
<section><h2>Median time to a staff reply</h2><p id="median" class="big"></p></section>
<section><h2>Most frequent questions the bot could not answer</h2><ol id="unanswered"></ol></section>
</main>`,
    ['/staff/static/chart.js', '/staff/static/insights.js'],
  );
}
