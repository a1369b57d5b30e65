// The Knowledge page: the clinic's entries by procedure and source, each with the replies web
// chat and SMS would send, its wordings, its Spanish and status. Admins add wordings, write
// and approve Spanish, mark a changed page reviewed, and publish. Everything shown as text.
(function () {
  'use strict';
  var c = window.staffConsole;
  var $ = c.$;
  var el = c.el;
  var admin = false;
  /** Entries open, kept open across reloads; the one acted on gets the focus back. */
  var open = {};
  var focusAfter = null;

  function say(text) {
    $('k-status-line').textContent = text;
  }

  /** An admin's action on an entry: then the page again, the focus back on that entry. */
  function act(v, path, body, done) {
    focusAfter = v.id;
    return c
      .api('POST', 'knowledge/' + path, body)
      .then(function () {
        say(done);
        return load();
      })
      .catch(function (e) {
        say(e.message);
      });
  }

  function render(j) {
    var root = $('k-groups');
    root.textContent = '';
    var shown = 0;
    j.groups.forEach(function (g) {
      var s = el('section', 'k-group');
      var h = el('h2', '', g.procedure ? g.procedure.name : 'The clinic (all procedures)');
      s.appendChild(h);
      g.sources.forEach(function (src) {
        var h3 = el('h3');
        if (src.url) {
          var a = el('a', '', src.source);
          a.href = src.url;
          a.rel = 'noopener noreferrer';
          h3.appendChild(a);
        } else h3.textContent = src.source;
        s.appendChild(h3);
        src.entries.forEach(function (v) {
          s.appendChild(window.staffKnowledge.entry(v, { admin: admin, open: open, act: act }));
          shown++;
        });
      });
      root.appendChild(s);
    });
    $('k-waiting').textContent = j.unpublished
      ? j.unpublished + ' change' + (j.unpublished === 1 ? '' : 's') + ' waiting to be published.'
      : 'Nothing waiting to be published.';
    $('k-publish').disabled = !j.unpublished;
    if (focusAfter) {
      var target = focusAfter;
      Array.prototype.forEach.call(root.querySelectorAll('details'), function (d) {
        if (d.dataset.entry === target) d.querySelector('summary').focus();
      });
      focusAfter = null;
    }
    return shown;
  }

  function options(select, items) {
    if (select.options.length > 1) return;
    items.forEach(function (o) {
      var opt = el('option', '', o[1]);
      opt.value = o[0];
      select.appendChild(opt);
    });
  }

  function load() {
    var q = c.query([
      ['procedure', $('k-procedure').value],
      ['status', $('k-status').value],
      ['q', $('k-text').value.trim()],
    ]);
    return c.api('GET', 'knowledge/entries?' + q.toString()).then(function (j) {
      options(
        $('k-procedure'),
        j.procedures
          .map(function (p) {
            return [p.id, p.name];
          })
          .concat([['clinic', 'The clinic (all procedures)']]),
      );
      options(
        $('k-status'),
        j.statuses.map(function (s) {
          return [s, s];
        }),
      );
      var n = render(j);
      if (!$('k-status-line').textContent) say(n + ' entries shown.');
      return n;
    });
  }

  $('k-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    say('');
    load().catch(function (e) {
      say(e.message);
    });
  });
  $('k-publish').addEventListener('click', function () {
    c.api('POST', 'knowledge/publish')
      .then(function (j) {
        say(
          'Published ' +
            j.published.length +
            ' change' +
            (j.published.length === 1 ? '' : 's') +
            ': the bot answers from them now.',
        );
        return load();
      })
      .catch(function (e) {
        say(e.message);
      });
  });

  c.start()
    .then(function (me) {
      admin = me.role === 'admin';
      return load();
    })
    .catch(function (e) {
      say(e.message);
    });
})();
