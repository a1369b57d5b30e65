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

  /** A date field as the start of that day (or the next day, for "to") in the browser's time. */
  function day(id, end) {
    var v = $(id).value;
    if (!v) return '';
    var d = new Date(v + 'T00:00:00');
    if (end) d.setDate(d.getDate() + 1);
    return d.toISOString();
  }

  function filters() {
    var q = new URLSearchParams();
    var put = function (name, value) {
      if (value) q.set(name, value);
    };
    put('text', $('h-text').value.trim());
    put('from', day('h-from'));
    put('to', day('h-to', true));
    put('channel', $('h-channel').value);
    put('lang', $('h-lang').value);
    put('outcome', $('h-outcome').value);
    return q;
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

  $('history-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    load(false);
  });
  $('older').addEventListener('click', function () {
    load(true);
  });

  c.start().then(function () {
    load(false);
  });
})();
