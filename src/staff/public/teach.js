// Teaching from the console: a patient's wording for an existing answer, or a new answer in both
// languages. The forms start empty: staff choose the wording and the answer, nothing is guessed.
// Before approving, the preview says how the bot would answer the wording once approved, which
// rule would still override it, and which past messages would get a different answer.
(function () {
  'use strict';
  var c = window.staffConsole;
  var $ = c.$;
  var el = c.el;
  var isAdmin = false;
  var RULES = {
    emergency: 'the emergency check comes first: it gets the 911 reply and goes to staff',
    crisis: 'the crisis check comes first: it gets the 988 reply and goes to staff',
    personal: "it is a question about the patient's own care, which always goes to staff",
    human: 'it asks for a person, which always goes to staff',
    topic: 'it matches a topic the clinic hands to staff',
    smalltalk: 'it is taken as small talk',
    language: 'it is taken as a request to change language',
    clarify: 'the bot would still ask "did you mean" between close answers',
    'other-entry': 'another answer still fits it better',
    'not-understood': 'the bot would still not understand it',
  };

  function outcomeText(o) {
    return o.entryId || o.outcome;
  }

  function preview(change, box) {
    c.api('GET', 'knowledge/changes/' + change.id + '/impact').then(function (r) {
      r.taught.forEach(function (t) {
        box.appendChild(
          el(
            'li',
            t.overriddenBy ? 'overridden' : '',
            t.overriddenBy
              ? '"' +
                  t.text +
                  '" would NOT get this answer: ' +
                  RULES[t.overriddenBy.rule] +
                  (t.overriddenBy.detail ? ' ("' + t.overriddenBy.detail + '")' : '') +
                  '.'
              : '"' + t.text + '" would get this answer.',
          ),
        );
      });
      box.appendChild(
        el('li', '', r.changes.length + ' past message(s) would get a different answer'),
      );
      r.changes.slice(0, 5).forEach(function (x) {
        box.appendChild(
          el('li', '', x.message + ': ' + outcomeText(x.before) + ' → ' + outcomeText(x.after)),
        );
      });
    });
  }

  function loadEntries() {
    return c.api('GET', 'knowledge').then(function (j) {
      var select = $('teach-entry');
      j.entries.forEach(function (e) {
        var o = el('option', '', e.title);
        o.value = e.id;
        select.appendChild(o);
      });
    });
  }

  function loadChanges() {
    return c.api('GET', 'knowledge/changes?status=draft').then(function (j) {
      $('changes-panel').hidden = j.changes.length === 0;
      var list = $('changes');
      list.textContent = '';
      j.changes.forEach(function (change) {
        var li = el(
          'li',
          '',
          change.kind === 'question'
            ? change.payload.question + ' → ' + change.entryId
            : 'New entry ' + change.entryId,
        );
        var impact = el('ul', 'impact');
        li.appendChild(impact);
        preview(change, impact);
        if (isAdmin) {
          ['approve', 'reject'].forEach(function (d) {
            var b = el('button', d, d === 'approve' ? 'Approve' : 'Reject');
            b.type = 'button';
            b.addEventListener('click', function () {
              c.api('POST', 'knowledge/changes/' + change.id + '/' + d).then(loadChanges);
            });
            li.appendChild(b);
          });
        }
        list.appendChild(li);
      });
    });
  }

  function proposed(message) {
    return function () {
      $('status').textContent = message;
      loadChanges();
    };
  }

  function failed(e) {
    $('status').textContent = e.message;
  }

  $('teach-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    c.api('POST', 'knowledge/changes', {
      kind: 'question',
      entryId: $('teach-entry').value,
      payload: { lang: $('teach-lang').value, question: $('teach-text').value },
    })
      .then(function () {
        $('teach-text').value = '';
        $('teach-entry').value = '';
      })
      .then(proposed('Proposed: an admin approves it before the bot uses it.'))
      .catch(failed);
  });

  $('entry-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var v = function (id) {
      return $(id).value.trim();
    };
    var sms = {};
    if (v('entry-sms-en')) sms.en = v('entry-sms-en');
    if (v('entry-sms-es')) sms.es = v('entry-sms-es');
    c.api('POST', 'knowledge/changes', {
      kind: 'entry',
      entryId: v('entry-id'),
      payload: {
        title: { en: v('entry-title-en'), es: v('entry-title-es') },
        questions: { en: [v('entry-q-en')], es: [v('entry-q-es')] },
        answer: { en: v('entry-a-en'), es: v('entry-a-es') },
        sms: sms,
      },
    })
      .then(function () {
        $('new-entry').open = false;
        $('entry-form').reset();
      })
      .then(proposed('New answer proposed: an admin approves it before the bot uses it.'))
      .catch(failed);
  });

  window.staffTeach = {
    start: function (admin) {
      isAdmin = admin;
      loadEntries();
      loadChanges();
    },
  };
})();
