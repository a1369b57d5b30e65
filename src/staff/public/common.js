// What every console page shares: the JSON API with the CSRF token, building elements as text
// (never HTML: everything patients wrote is shown as text), the header (who is logged in, the
// admin-only links, log-out) and the alerts about failed urgent replies.
(function () {
  'use strict';
  var csrf = '';
  var STATES = {
    queued: 'Queued',
    sending: 'Sending',
    retrying: 'Retrying',
    sent: 'Sent',
    delivered: 'Delivered',
    read: 'Read',
    failed: 'Failed',
  };
  var REASONS = {
    emergency: 'Emergency',
    crisis: 'Crisis (988)',
    personal: 'Personal medical',
    human: 'Asked for a person',
    unsure: 'Bot unsure',
    topic: 'Staff topic',
  };

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
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

  function channelName(c) {
    return c === 'directline' ? 'Web chat' : c === 'sms' ? 'SMS' : c;
  }

  function when(iso) {
    var d = new Date(iso);
    return d.toLocaleDateString() + ' ' + d.toLocaleTimeString();
  }

  /** A staff message's delivery, as words: "Delivered", "Failed: the phone is unreachable". */
  function deliveryText(d) {
    return (STATES[d.state] || d.state) + (d.reason ? ': ' + d.reason : '');
  }

  /**
   * The transcript of a conversation: who said what, when, and how far staff messages got. The
   * conversation's language is marked, so a screen reader reads Spanish as Spanish.
   */
  function renderTranscript(list, transcript, lang) {
    list.textContent = '';
    if (lang) list.setAttribute('lang', lang);
    else list.removeAttribute('lang');
    transcript.forEach(function (line) {
      var li = el('li', line.from);
      var who =
        line.from === 'staff' ? line.staffName || 'Staff' : line.from === 'bot' ? 'Bot' : 'Patient';
      var label = el('span', 'who', who + ' · ' + new Date(line.at).toLocaleTimeString());
      label.setAttribute('lang', 'en');
      li.appendChild(label);
      li.appendChild(document.createTextNode(line.text));
      if (line.delivery) {
        var d = el('span', 'delivery state-' + line.delivery.state, deliveryText(line.delivery));
        d.setAttribute('lang', 'en');
        li.appendChild(d);
      }
      list.appendChild(li);
    });
    list.scrollTop = list.scrollHeight;
  }

  function renderAlerts(alerts) {
    var box = $('alerts');
    if (!box) return;
    box.textContent = '';
    box.hidden = alerts.length === 0;
    alerts.forEach(function (a) {
      var p = el('p', 'alert');
      p.appendChild(
        el(
          'strong',
          '',
          'A reply to an urgent conversation was not delivered' +
            (a.staffName ? ' (sent by ' + a.staffName + ')' : '') +
            ': ' +
            (a.reason || 'failed') +
            '. ',
        ),
      );
      var open = el('a', '', 'Open the conversation');
      open.href = '/staff?c=' + encodeURIComponent(a.conversationId);
      p.appendChild(open);
      var done = el('button', '', 'Dismiss');
      done.type = 'button';
      done.addEventListener('click', function () {
        api('POST', 'alerts/' + a.id + '/acknowledge').then(loadAlerts);
      });
      p.appendChild(document.createTextNode(' '));
      p.appendChild(done);
      box.appendChild(p);
    });
  }

  function loadAlerts() {
    return api('GET', 'alerts').then(function (j) {
      renderAlerts(j.alerts);
    });
  }

  /** Logs in the page: who, the admin links, log-out, alerts; resolves with the account. */
  function start() {
    return api('GET', 'me').then(function (me) {
      csrf = me.csrf;
      $('me').textContent = me.name + ' (' + me.email + ', ' + me.role + ')';
      Array.prototype.forEach.call(document.querySelectorAll('.admin-only'), function (e) {
        e.hidden = me.role !== 'admin';
      });
      $('logout').addEventListener('click', function () {
        api('POST', 'logout').then(function () {
          window.location.href = '/staff/login';
        });
      });
      loadAlerts();
      return me;
    });
  }

  /** A date field as the start of that day (or of the next day, for "to") in the browser's time. */
  function dayStart(id, end) {
    var v = $(id).value;
    if (!v) return '';
    var d = new Date(v + 'T00:00:00');
    if (end) d.setDate(d.getDate() + 1);
    return d.toISOString();
  }

  /** Query parameters from [name, value] pairs, leaving out the empty ones. */
  function query(pairs) {
    var q = new URLSearchParams();
    pairs.forEach(function (p) {
      if (p[1]) q.set(p[0], p[1]);
    });
    return q;
  }

  /**
   * A filter form over a list read newest first: `load(false)` on submit and once the console
   * has started, `load(true)` (the next older page) from the "older" button.
   */
  function searchForm(formId, olderId, load) {
    $(formId).addEventListener('submit', function (ev) {
      ev.preventDefault();
      load(false);
    });
    $(olderId).addEventListener('click', function () {
      load(true);
    });
    return start().then(function () {
      load(false);
    });
  }

  window.staffConsole = {
    $: $,
    el: el,
    api: api,
    start: start,
    loadAlerts: loadAlerts,
    channelName: channelName,
    when: when,
    renderTranscript: renderTranscript,
    deliveryText: deliveryText,
    REASONS: REASONS,
    dayStart: dayStart,
    query: query,
    searchForm: searchForm,
  };
})();
