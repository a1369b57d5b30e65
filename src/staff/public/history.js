// Past conversations: searched by words, dates, channel, language and outcome, newest first;
// one opens read-only beside the list (each opening is in the audit log). Admins export CSV.
(function () {
  'use strict';
  var c = window.staffConsole;
  var $ = c.$;
  var el = c.el;
  var OUTCOMES = {
    answered: 'Answered by the bot',
    escalated: 'Escalated',
    staff: 'Handled by staff',
    emergency: 'Emergency',
  };
  var next = null;

  function filters() {
    return c.query([
      ['text', $('h-text').value.trim()],
      ['from', c.dayStart('h-from')],
      ['to', c.dayStart('h-to', true)],
      ['channel', $('h-channel').value],
      ['lang', $('h-lang').value],
      ['outcome', $('h-outcome').value],
    ]);
  }

  function showPast(id) {
    return c.api('GET', 'conversations/' + encodeURIComponent(id)).then(function (conv) {
      $('past').hidden = false;
      $('past-title').textContent = 'Conversation ' + conv.id;
      $('past-meta').textContent = c.channelName(conv.channel) + ' · ' + (conv.lang || '?');
      c.renderTranscript($('past-transcript'), conv.transcript, conv.lang);
      $('past-title').focus();
    });
  }

  function row(item) {
    var tr = el('tr');
    var started = el('td');
    var b = el('button', 'link', c.when(item.startedAt));
    b.type = 'button';
    b.setAttribute('aria-label', 'Open the conversation of ' + c.when(item.startedAt));
    b.addEventListener('click', function () {
      showPast(item.conversationId);
    });
    started.appendChild(b);
    tr.appendChild(started);
    tr.appendChild(el('td', '', c.channelName(item.channel)));
    tr.appendChild(el('td', '', item.lang || '?'));
    tr.appendChild(el('td', 'outcome-' + item.outcome, OUTCOMES[item.outcome]));
    tr.appendChild(el('td', 'first', item.firstMessage || ''));
    return tr;
  }

  function load(more) {
    var q = filters();
    var exported = q.toString();
    $('export-conversations').href =
      '/api/staff/export/conversations.csv' + (exported ? '?' + exported : '');
    if (more && next) q.set('before', next);
    $('h-status').textContent = 'Searching…';
    return c
      .api('GET', 'history?' + q.toString())
      .then(function (page) {
        var body = $('results').querySelector('tbody');
        if (!more) body.textContent = '';
        page.items.forEach(function (item) {
          body.appendChild(row(item));
        });
        next = page.next;
        $('older').hidden = !next;
        var shown = body.children.length;
        $('h-status').textContent =
          shown === 0
            ? 'No conversation found.'
            : shown +
              ' conversation' +
              (shown === 1 ? '' : 's') +
              ' shown' +
              (next ? '; older ones may match.' : '.');
      })
      .catch(function (e) {
        $('h-status').textContent = e.message;
      });
  }

  c.searchForm('history-form', 'older', load);
})();
