// The audit log for admins: who (by email) did what, to which conversation, when; filtered and
// paged back from the newest entry.
(function () {
  'use strict';
  var c = window.staffConsole;
  var $ = c.$;
  var el = c.el;
  var next = null;

  function load(more) {
    var q = c.query([
      ['email', $('a-email').value.trim()],
      ['action', $('a-action').value.trim()],
      ['conversation', $('a-conversation').value.trim()],
      ['from', c.dayStart('a-from')],
      ['to', c.dayStart('a-to', true)],
      ['limit', '100'],
    ]);
    if (more && next) q.set('before', String(next));
    return c
      .api('GET', 'audit?' + q.toString())
      .then(function (page) {
        var body = $('entries').querySelector('tbody');
        if (!more) body.textContent = '';
        page.entries.forEach(function (e) {
          var tr = el('tr');
          tr.appendChild(el('td', '', c.when(e.at)));
          tr.appendChild(el('td', '', e.staffEmail || (e.staffId ? e.staffId : 'the system')));
          tr.appendChild(el('td', '', e.action));
          var conv = el('td');
          if (e.conversationId) {
            var a = el('a', '', e.conversationId);
            a.href = '/staff?c=' + encodeURIComponent(e.conversationId);
            conv.appendChild(a);
          }
          tr.appendChild(conv);
          tr.appendChild(el('td', '', e.detail || ''));
          body.appendChild(tr);
        });
        next = page.next;
        $('a-older').hidden = next === null;
        $('a-status').textContent = body.children.length + ' entries shown.';
      })
      .catch(function (e) {
        $('a-status').textContent = e.message;
      });
  }

  c.searchForm('audit-form', 'a-older', load);
})();
