// The staff console: the queue (most urgent first, live), a conversation with its transcript,
// claim, reply and resolve. Everything patients wrote is shown as text, never as HTML.
(function () {
  'use strict';
  var csrf = '';
  var current = null;
  var lastUrgent = 0;
  var REASONS = {
    emergency: 'Emergency',
    crisis: 'Crisis (988)',
    personal: 'Personal medical',
    human: 'Asked for a person',
    unsure: 'Bot unsure',
    topic: 'Staff topic',
  };

  function channelName(c) {
    return c === 'directline' ? 'Web chat' : c === 'sms' ? 'SMS' : c;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function api(method, path, body) {
    var headers = { 'X-CSRF-Token': csrf };
    if (body) headers['Content-Type'] = 'application/json';
    return fetch('/api/staff/' + path, {
      method: method,
      headers: headers,
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
    }).then(function (r) {
      if (r.status === 401) window.location.href = '/staff/login';
      return r.json().then(function (j) {
        if (!r.ok) throw new Error((j.error && j.error.message) || 'request failed');
        return j;
      });
    });
  }

  function waited(iso) {
    var minutes = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60000));
    return minutes < 60
      ? minutes + ' min'
      : Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
  }

  function beep() {
    try {
      var ctx = new window.AudioContext();
      var o = ctx.createOscillator();
      o.frequency.value = 880;
      o.connect(ctx.destination);
      o.start();
      o.stop(ctx.currentTime + 0.3);
    } catch (e) {
      /* no sound available */
    }
  }

  function renderQueue(items) {
    var list = $('queue');
    list.textContent = '';
    var urgent = 0;
    items.forEach(function (item) {
      var li = el('li', item.priority === 'urgent' ? 'urgent' : '');
      if (item.priority === 'urgent') urgent += 1;
      li.setAttribute('data-conversation', item.conversationId);
      li.appendChild(el('div', 'reason', REASONS[item.reason] || item.reason));
      li.appendChild(
        el(
          'div',
          'meta',
          channelName(item.channel) +
            ' · ' +
            item.lang +
            ' · waiting ' +
            waited(item.createdAt) +
            (item.status === 'claimed' ? ' · claimed' : ''),
        ),
      );
      li.appendChild(el('div', 'last', item.lastPatientMessage || ''));
      li.addEventListener('click', function () {
        open(item.conversationId);
      });
      list.appendChild(li);
    });
    $('queue-empty').hidden = items.length > 0;
    var badge = $('urgent-badge');
    badge.hidden = urgent === 0;
    badge.textContent = urgent + ' urgent';
    if (urgent > lastUrgent) beep();
    lastUrgent = urgent;
  }

  function loadQueue() {
    return api('GET', 'queue').then(function (j) {
      renderQueue(j.items);
    });
  }

  function renderConversation(c) {
    $('conversation-panel').hidden = false;
    $('conversation-title').textContent = 'Conversation ' + c.id;
    $('conversation-meta').textContent =
      channelName(c.channel) +
      ' · ' +
      (c.lang || '?') +
      ' · ' +
      (c.owner.owner === 'staff' ? 'with staff' : 'with the bot');
    $('number').textContent = c.number ? 'Number: ' + c.number : '';
    $('reveal').hidden = !c.number;
    var considered = $('considered');
    considered.textContent = '';
    c.escalations.forEach(function (e) {
      var parts = e.considered.map(function (x) {
        return x.id + ' (' + Math.round(x.confidence * 100) + '%)';
      });
      considered.appendChild(
        el(
          'p',
          '',
          (REASONS[e.reason] || e.reason) +
            (e.topic ? ' · ' + e.topic : '') +
            (parts.length ? ' · the bot considered: ' + parts.join(', ') : ''),
        ),
      );
    });
    var list = $('transcript');
    list.textContent = '';
    c.transcript.forEach(function (line) {
      var li = el('li', line.from);
      li.appendChild(el('span', 'who', line.from + ' · ' + new Date(line.at).toLocaleTimeString()));
      li.appendChild(document.createTextNode(line.text));
      list.appendChild(li);
    });
    list.scrollTop = list.scrollHeight;
    var lastPatient = c.transcript
      .filter(function (l) {
        return l.from === 'patient';
      })
      .pop();
    $('teach-text').value = lastPatient ? lastPatient.text.slice(0, 300) : '';
    $('teach-lang').value = c.lang === 'es' ? 'es' : 'en';
    // A new answer starts from the patient's question and the staff member's last reply.
    var lastStaff = c.transcript
      .filter(function (l) {
        return l.from === 'staff';
      })
      .pop();
    $(c.lang === 'es' ? 'entry-q-es' : 'entry-q-en').value = lastPatient
      ? lastPatient.text.slice(0, 300)
      : '';
    $(c.lang === 'es' ? 'entry-a-es' : 'entry-a-en').value = lastStaff ? lastStaff.text : '';
    $('claim').disabled = c.owner.owner === 'staff';
  }

  function open(id) {
    current = id;
    return api('GET', 'conversations/' + encodeURIComponent(id)).then(renderConversation);
  }

  function act(path, body) {
    if (!current) return Promise.resolve();
    $('status').textContent = '';
    return api('POST', 'conversations/' + encodeURIComponent(current) + '/' + path, body)
      .then(function () {
        return open(current);
      })
      .catch(function (e) {
        $('status').textContent = e.message;
      });
  }

  $('claim').addEventListener('click', function () {
    act('claim');
  });
  $('resolve').addEventListener('click', function () {
    act('resolve');
  });
  $('reveal').addEventListener('click', function () {
    api('POST', 'conversations/' + encodeURIComponent(current) + '/reveal-number').then(
      function (j) {
        $('number').textContent = 'Number: ' + j.number;
        $('reveal').hidden = true;
      },
    );
  });
  $('reply-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('reply').value;
    if (!text.trim()) return;
    act('reply', { text: text }).then(function () {
      $('reply').value = '';
    });
  });
  $('logout').addEventListener('click', function () {
    api('POST', 'logout').then(function () {
      window.location.href = '/staff/login';
    });
  });

  function loadEntries() {
    return api('GET', 'knowledge').then(function (j) {
      var select = $('teach-entry');
      select.textContent = '';
      j.entries.forEach(function (e) {
        var o = el('option', '', e.title);
        o.value = e.id;
        select.appendChild(o);
      });
    });
  }

  function loadChanges(isAdmin) {
    return api('GET', 'knowledge/changes?status=draft').then(function (j) {
      $('changes-panel').hidden = j.changes.length === 0;
      var list = $('changes');
      list.textContent = '';
      j.changes.forEach(function (c) {
        var li = el(
          'li',
          '',
          c.kind === 'question' ? c.payload.question + ' → ' + c.entryId : 'New entry ' + c.entryId,
        );
        var impact = el('ul', 'impact');
        li.appendChild(impact);
        api('GET', 'knowledge/changes/' + c.id + '/impact').then(function (r) {
          impact.appendChild(
            el('li', '', r.changes.length + ' past message(s) would get a different answer'),
          );
          r.changes.slice(0, 5).forEach(function (x) {
            impact.appendChild(
              el(
                'li',
                '',
                x.message +
                  ': ' +
                  (x.before.entryId || x.before.outcome) +
                  ' → ' +
                  (x.after.entryId || x.after.outcome),
              ),
            );
          });
        });
        if (isAdmin) {
          ['approve', 'reject'].forEach(function (d) {
            var b = el('button', '', d === 'approve' ? 'Approve' : 'Reject');
            b.type = 'button';
            b.addEventListener('click', function () {
              api('POST', 'knowledge/changes/' + c.id + '/' + d).then(function () {
                loadChanges(isAdmin);
              });
            });
            li.appendChild(b);
          });
        }
        list.appendChild(li);
      });
    });
  }

  $('teach-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    api('POST', 'knowledge/changes', {
      kind: 'question',
      entryId: $('teach-entry').value,
      payload: { lang: $('teach-lang').value, question: $('teach-text').value },
    })
      .then(function () {
        $('status').textContent = 'Proposed: an admin approves it before the bot uses it.';
        $('teach-text').value = '';
        loadChanges(isAdminUser);
      })
      .catch(function (e) {
        $('status').textContent = e.message;
      });
  });

  $('entry-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var v = function (id) {
      return $(id).value.trim();
    };
    var sms = {};
    if (v('entry-sms-en')) sms.en = v('entry-sms-en');
    if (v('entry-sms-es')) sms.es = v('entry-sms-es');
    api('POST', 'knowledge/changes', {
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
        $('status').textContent =
          'New answer proposed: an admin approves it before the bot uses it.';
        $('new-entry').open = false;
        loadChanges(isAdminUser);
      })
      .catch(function (e) {
        $('status').textContent = e.message;
      });
  });

  var isAdminUser = false;

  api('GET', 'me').then(function (me) {
    isAdminUser = me.role === 'admin';
    loadEntries();
    loadChanges(isAdminUser);
    csrf = me.csrf;
    $('me').textContent = me.email + ' (' + me.role + ')';
    loadQueue();
    var params = new URLSearchParams(window.location.search);
    if (params.get('c')) open(params.get('c'));
    var events = new window.EventSource('/api/staff/events');
    events.addEventListener('queue', loadQueue);
    events.addEventListener('conversation', function (e) {
      var data = JSON.parse(e.data);
      if (data.conversationId === current) open(current);
    });
  });
})();
