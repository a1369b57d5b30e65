// The queue (most urgent first, live) and a conversation: its transcript with how far each staff
// message got, claim, reply and resolve. Every item is a button, so all of it works by keyboard.
(function () {
  'use strict';
  var c = window.staffConsole;
  var $ = c.$;
  var el = c.el;
  var current = null;
  var lastUrgent = 0;

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
      var b = el('button', 'item');
      b.type = 'button';
      if (item.conversationId === current) b.setAttribute('aria-current', 'true');
      b.appendChild(el('span', 'reason', c.REASONS[item.reason] || item.reason));
      b.appendChild(
        el(
          'span',
          'meta',
          c.channelName(item.channel) +
            ' · ' +
            item.lang +
            ' · waiting ' +
            waited(item.createdAt) +
            (item.status === 'claimed' ? ' · claimed by ' + (item.claimedByName || 'staff') : ''),
        ),
      );
      b.appendChild(el('span', 'last', item.lastPatientMessage || ''));
      b.addEventListener('click', function () {
        open(item.conversationId, true);
      });
      li.appendChild(b);
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
    return c.api('GET', 'queue').then(function (j) {
      renderQueue(j.items);
    });
  }

  function renderConversation(conv) {
    $('conversation-panel').hidden = false;
    $('conversation-title').textContent = 'Conversation ' + conv.id;
    $('conversation-meta').textContent =
      c.channelName(conv.channel) +
      ' · ' +
      (conv.lang || '?') +
      ' · ' +
      (conv.owner.owner === 'staff' ? 'with ' + (conv.owner.name || 'staff') : 'with the bot');
    $('number').textContent = conv.number ? 'Number: ' + conv.number : '';
    $('reveal').hidden = !conv.number;
    var considered = $('considered');
    considered.textContent = '';
    conv.escalations.forEach(function (e) {
      var parts = e.considered.map(function (x) {
        return x.id + ' (' + Math.round(x.confidence * 100) + '%)';
      });
      considered.appendChild(
        el(
          'p',
          '',
          (c.REASONS[e.reason] || e.reason) +
            (e.topic ? ' · ' + e.topic : '') +
            (parts.length ? ' · the bot considered: ' + parts.join(', ') : ''),
        ),
      );
    });
    c.renderTranscript($('transcript'), conv.transcript, conv.lang);
    // A wording taught from here is most likely in the patient's language.
    if (current !== $('teach-form').getAttribute('data-for')) {
      $('teach-form').setAttribute('data-for', current);
      $('teach-lang').value = conv.lang === 'es' ? 'es' : 'en';
    }
    $('claim').disabled = conv.owner.owner === 'staff';
  }

  /** Opens a conversation; `moveFocus` when staff chose it, so keyboard users land on it. */
  function open(id, moveFocus) {
    current = id;
    Array.prototype.forEach.call(document.querySelectorAll('#queue .item'), function (b) {
      if (b.parentNode.getAttribute('data-conversation') === id)
        b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    });
    return c.api('GET', 'conversations/' + encodeURIComponent(id)).then(function (conv) {
      renderConversation(conv);
      if (moveFocus) $('conversation-title').focus();
    });
  }

  function act(path, body) {
    if (!current) return Promise.resolve();
    $('status').textContent = '';
    return c
      .api('POST', 'conversations/' + encodeURIComponent(current) + '/' + path, body)
      .then(function () {
        return open(current);
      })
      .catch(function (e) {
        $('status').textContent = e.message;
      });
  }

  $('claim').addEventListener('click', function () {
    act('claim').then(function () {
      $('status').textContent = 'You have this conversation; the patient was told a person joined.';
    });
  });
  $('resolve').addEventListener('click', function () {
    act('resolve').then(function () {
      $('status').textContent = 'Handed back to the bot; the patient was told.';
    });
  });
  $('reveal').addEventListener('click', function () {
    c.api('POST', 'conversations/' + encodeURIComponent(current) + '/reveal-number').then(
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

  c.start().then(function (me) {
    window.staffTeach.start(me.role === 'admin');
    loadQueue();
    var params = new URLSearchParams(window.location.search);
    if (params.get('c')) open(params.get('c'), true);
    var events = new window.EventSource('/api/staff/events');
    // What happened while the feed was connecting (or reconnecting) was not sent on it.
    events.addEventListener('open', function () {
      loadQueue();
      c.loadAlerts();
      if (current) open(current);
    });
    events.addEventListener('queue', loadQueue);
    events.addEventListener('conversation', function (e) {
      var data = JSON.parse(e.data);
      if (data.conversationId === current) open(current);
    });
    events.addEventListener('undelivered', function (e) {
      c.loadAlerts();
      beep();
      var data = JSON.parse(e.data);
      if (data.conversationId === current) open(current);
    });
  });
})();
