import { ALERTS, header, shell } from './pages';

/**
 * The clinic's knowledge by procedure and source: each entry's replies, wordings, Spanish and
 * status; admins add wordings, write and approve Spanish, and publish. Rendered by knowledge.js.
 */
export function knowledgePage(clinic: string): string {
  return shell(
    `${clinic} — knowledge`,
    `${header(clinic, 'knowledge')}
<main class="knowledge">
<h1>Knowledge</h1>
${ALERTS}
<p class="k-intro">What the bot answers from: the clinic's own pages and documents. Spanish is the clinic's Spanish page, or text an administrator wrote and approved; nothing reaches patients before it is published.</p>
<form id="k-form" class="filters">
<label>Procedure <select id="k-procedure"><option value="">All</option></select></label>
<label>Status <select id="k-status"><option value="">Any</option></select></label>
<label>Words <input id="k-text" type="search" maxlength="200"></label>
<button type="submit">Show</button>
</form>
<div class="admin-only k-publish" hidden><p id="k-waiting"></p><button id="k-publish" type="button">Publish</button></div>
<p id="k-status-line" role="status"></p>
<div id="k-groups"></div>
</main>`,
    ['/staff/static/common.js', '/staff/static/knowledgeEntry.js', '/staff/static/knowledge.js'],
  );
}
