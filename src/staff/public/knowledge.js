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
  var KINDS = {
    question: 'Wording',
    spanish: 'Spanish text',
    'source-reviewed': 'Page change reviewed',
    'spanish-reviewed': 'Spanish translation reviewed',
  };

  function say(text) {
    $('k-status-line').textContent = text;
  }

  /** A reply as the channel sends it, in its language. */
  function reply(label, text, lang) {
    var box = el('div', 'k-reply');
    box.appendChild(el('h4', '', label));
    var body = el('p', 'k-text', text);
    body.setAttribute('lang', lang);
    box.appendChild(body);
    return box;
  }

  function questions(v) {
    var box = el('div', 'k-questions');
    box.appendChild(el('h4', '', 'Questions it answers'));
    ['en', 'es'].forEach(function (lang) {
      var list = el('ul');
      list.setAttribute('lang', lang);
      list.setAttribute('aria-label', lang === 'en' ? 'English wordings' : 'Spanish wordings');
      v.questions[lang].forEach(function (q) {
        list.appendChild(el('li', '', q));
      });
      if (!v.questions[lang].length) list.appendChild(el('li', 'k-none', '(none)'));
      box.appendChild(list);
    });
    return box;
  }

  function spanish(v) {
    var box = el('div', 'k-spanish');
    box.appendChild(el('h4', '', 'Spanish'));
    var s = v.spanish;
    if (s.served !== null) {
      box.appendChild(
        el(
          'p',
          'k-label',
          s.reviewPending ? 'Given to patients, marked for review:' : 'Given to patients:',
        ),
      );
      var served = el('p', 'k-text', s.served);
      served.setAttribute('lang', 'es');
      box.appendChild(served);
    } else
      box.appendChild(
        el('p', 'k-label', 'No Spanish: Spanish patients get the English, said to be so.'),
      );
    if (s.draft) {
      box.appendChild(
        el(
          'p',
          'k-label',
          s.draft.approved
            ? 'Written by staff, approved, waiting to be published:'
            : 'Written by staff, awaiting review (not shown to patients):',
        ),
      );
      var draft = el('p', 'k-text', s.draft.text);
      draft.setAttribute('lang', 'es');
      box.appendChild(draft);
    }
    return box;
  }

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

  function form(v, cls, legend, fields, submit, send) {
    var f = el('form', 'k-action ' + cls);
    f.appendChild(el('h4', '', legend));
    fields.forEach(function (x) {
      f.appendChild(x);
    });
    var b = el('button', '', submit);
    b.type = 'submit';
    f.appendChild(b);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      send();
    });
    return f;
  }

  function field(label, input) {
    var l = el('label', '', label + ' ');
    l.appendChild(input);
    return l;
  }

  function actions(v) {
    var box = el('div', 'k-actions');
    var entry = 'entries/' + encodeURIComponent(v.id);
    var wording = el('input');
    wording.maxLength = 300;
    wording.required = true;
    var lang = el('select');
    [
      ['en', 'English'],
      ['es', 'Español'],
    ].forEach(function (o) {
      var opt = el('option', '', o[1]);
      opt.value = o[0];
      lang.appendChild(opt);
    });
    box.appendChild(
      form(
        v,
        'k-add-question',
        'Add a wording',
        [field('A patient’s wording', wording), field('Language', lang)],
        'Add wording',
        function () {
          act(
            v,
            entry + '/questions',
            { lang: lang.value, question: wording.value },
            'Wording added: it is answered once published.',
          );
        },
      ),
    );
    var answer = el('textarea');
    answer.rows = 4;
    answer.required = true;
    answer.setAttribute('lang', 'es');
    answer.value = (v.spanish.draft && v.spanish.draft.text) || '';
    var sms = el('textarea');
    sms.rows = 2;
    sms.setAttribute('lang', 'es');
    box.appendChild(
      form(
        v,
        'k-write-spanish',
        'Write the Spanish text',
        [field('Spanish answer', answer), field('Short SMS form (optional)', sms)],
        'Save for review',
        function () {
          act(
            v,
            entry + '/spanish',
            { answer: answer.value, sms: sms.value },
            'Spanish saved: it awaits review and is not shown to patients.',
          );
        },
      ),
    );
    var row = el('div', 'actions');
    if (
      (v.spanish.draft && !v.spanish.draft.approved) ||
      (!v.spanish.draft && v.spanish.reviewPending)
    ) {
      var approve = el('button', 'k-approve', 'Approve the Spanish');
      approve.type = 'button';
      approve.addEventListener('click', function () {
        act(
          v,
          entry + '/spanish/approve',
          undefined,
          'Spanish approved: it is given to patients once published.',
        );
      });
      row.appendChild(approve);
    }
    if (
      v.sourceChanged &&
      !v.unpublished.some(function (u) {
        return u.kind === 'source-reviewed';
      })
    ) {
      var reviewed = el('button', 'k-reviewed', 'Mark the page change reviewed');
      reviewed.type = 'button';
      reviewed.addEventListener('click', function () {
        act(
          v,
          entry + '/source-reviewed',
          undefined,
          'Marked reviewed: it takes effect once published.',
        );
      });
      row.appendChild(reviewed);
    }
    if (row.children.length) box.appendChild(row);
    return box;
  }

  function entry(v) {
    var d = el('details', 'k-entry status-' + v.status.replace(/ /g, '-'));
    d.dataset.entry = v.id;
    d.open = !!open[v.id];
    d.addEventListener('toggle', function () {
      open[v.id] = d.open;
    });
    var summary = el('summary');
    summary.appendChild(el('span', 'k-title', v.title));
    summary.appendChild(el('span', 'k-status', v.status));
    if (v.unpublished.length)
      summary.appendChild(el('span', 'k-pending', v.unpublished.length + ' to publish'));
    d.appendChild(summary);
    if (v.section) d.appendChild(el('p', 'k-meta', 'Section: ' + v.section));
    var replies = el('div', 'k-replies');
    replies.appendChild(reply('Web chat, English', v.answers.en.web, 'en'));
    replies.appendChild(reply('SMS, English', v.answers.en.sms, 'en'));
    replies.appendChild(reply('Web chat, Spanish', v.answers.es.web, 'es'));
    replies.appendChild(reply('SMS, Spanish', v.answers.es.sms, 'es'));
    d.appendChild(replies);
    d.appendChild(questions(v));
    d.appendChild(spanish(v));
    if (v.unpublished.length) {
      d.appendChild(el('h4', '', 'Waiting to be published'));
      var list = el('ul', 'k-unpublished');
      v.unpublished.forEach(function (u) {
        list.appendChild(el('li', '', KINDS[u.kind] + (u.text ? ': ' + u.text : '')));
      });
      d.appendChild(list);
    }
    if (admin) d.appendChild(actions(v));
    return d;
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
          s.appendChild(entry(v));
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
    var q = new URLSearchParams();
    if ($('k-procedure').value) q.set('procedure', $('k-procedure').value);
    if ($('k-status').value) q.set('status', $('k-status').value);
    if ($('k-text').value.trim()) q.set('q', $('k-text').value.trim());
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
