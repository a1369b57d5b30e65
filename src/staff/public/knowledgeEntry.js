// One entry of the Knowledge page: its replies by channel and language, its wordings, its
// Spanish, what waits to be published and, for admins, the forms that change it. Everything is
// shown as text. Used by knowledge.js, which loads the entries and does the actions.
(function () {
  'use strict';
  var el = window.staffConsole.el;
  var KINDS = {
    question: 'Wording',
    spanish: 'Spanish text',
    'source-reviewed': 'Page change reviewed',
    'spanish-reviewed': 'Spanish translation reviewed',
  };

  /** A reply as the channel sends it: web chat's as sent, its Markdown links written out. */
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
      if (s.outdated)
        box.appendChild(
          el('p', 'k-label', 'Written for an earlier English text: check it and write it again.'),
        );
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

  function form(cls, legend, fields, submit, send) {
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

  function actions(v, ctx) {
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
        'k-add-question',
        'Add a wording',
        [field('A patient’s wording', wording), field('Language', lang)],
        'Add wording',
        function () {
          ctx.act(
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
        'k-write-spanish',
        'Write the Spanish text',
        [field('Spanish answer', answer), field('Short SMS form (optional)', sms)],
        'Save for review',
        function () {
          ctx.act(
            v,
            entry + '/spanish',
            { answer: answer.value, sms: sms.value },
            'Spanish saved: it awaits review and is not shown to patients.',
          );
        },
      ),
    );
    var row = el('div', 'actions');
    /** A button that posts one review action for this entry. */
    var action = function (cls, label, path, done) {
      var b = el('button', cls, label);
      b.type = 'button';
      b.addEventListener('click', function () {
        ctx.act(v, entry + path, undefined, done);
      });
      return b;
    };
    var waiting = function (kind) {
      return v.unpublished.some(function (u) {
        return u.kind === kind;
      });
    };
    if (
      (v.spanish.draft && !v.spanish.draft.approved) ||
      (!v.spanish.draft && v.spanish.reviewPending && !waiting('spanish-reviewed'))
    ) {
      row.appendChild(
        action(
          'k-approve',
          'Approve the Spanish',
          '/spanish/approve',
          'Spanish approved: it is given to patients once published.',
        ),
      );
    }
    if (v.sourceChanged && !waiting('source-reviewed')) {
      row.appendChild(
        action(
          'k-reviewed',
          'Mark the page change reviewed',
          '/source-reviewed',
          'Marked reviewed: it takes effect once published.',
        ),
      );
    }
    if (row.children.length) box.appendChild(row);
    return box;
  }

  function entry(v, ctx) {
    var d = el('details', 'k-entry status-' + v.status.replace(/ /g, '-'));
    d.dataset.entry = v.id;
    d.open = !!ctx.open[v.id];
    d.addEventListener('toggle', function () {
      ctx.open[v.id] = d.open;
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
    if (ctx.admin) d.appendChild(actions(v, ctx));
    return d;
  }

  window.staffKnowledge = { entry: entry };
})();
