// The clinic page's chat: a Direct Line token from this service, kept across reloads so the
// patient sees their conversation again, and the official Web Chat bundle rendering it.
(function () {
  'use strict';
  // On the service's own page the settings are in #chat-config; on a clinic's site that embeds
  // the chat they are data- attributes of this script tag, and the service is where it came from.
  var script = document.currentScript;
  var base = script ? new URL(script.src, window.location.href).origin : '';
  var holder = document.getElementById('chat-config');
  var config = holder
    ? JSON.parse(holder.getAttribute('data-config'))
    : {
        lang: script.getAttribute('data-lang') === 'es' ? 'es' : 'en',
        color: script.getAttribute('data-color') || '#0063B1',
        accentColor: script.getAttribute('data-accent-color') || '#E8F1FA',
        initials: script.getAttribute('data-initials') || '',
        target: script.getAttribute('data-target') || 'webchat',
        // The page the widget sits on (its procedure): data-page, else the page's own address.
        page: script.getAttribute('data-page') || window.location.pathname,
      };
  config.locale = config.locale || (config.lang === 'es' ? 'es-ES' : 'en-US');
  var target = document.getElementById(config.target || 'webchat');
  var KEY = 'faqbot.session';

  function save(session) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(session));
    } catch (e) {
      /* private mode: the conversation lasts as long as the page */
    }
  }

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || 'null');
    } catch (e) {
      return null;
    }
  }

  function newSession() {
    return fetch(base + '/api/webchat/token?locale=' + encodeURIComponent(config.lang), {
      method: 'POST',
    })
      .then(function (r) {
        if (!r.ok) throw new Error('token request failed: ' + r.status);
        return r.json();
      })
      .then(function (j) {
        var s = {
          token: j.token,
          conversationId: j.conversationId,
          domain: j.domain,
          userId: j.userId,
          resume: j.resume,
          expiresAt: Date.now() + j.expires_in * 1000,
          started: false,
        };
        save(s);
        return s;
      });
  }

  // The conversation's tokens ran out (a night, a restart, a long wait for staff): the resume
  // secret brings the patient back to the same conversation, with what staff replied meanwhile.
  function resumed(s) {
    return fetch(base + '/api/webchat/resume?locale=' + encodeURIComponent(config.lang), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ resume: s.resume }),
    })
      .then(function (r) {
        if (!r.ok) throw new Error('resume failed: ' + r.status);
        return r.json();
      })
      .then(function (j) {
        s.token = j.token;
        s.domain = j.domain;
        s.expiresAt = Date.now() + j.expires_in * 1000;
        save(s);
        return s;
      });
  }

  function refreshed(s) {
    return fetch(s.domain + '/tokens/refresh', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + s.token },
    })
      .then(function (r) {
        if (!r.ok) throw new Error('refresh failed');
        return r.json();
      })
      .then(function (j) {
        s.token = j.token;
        s.expiresAt = Date.now() + j.expires_in * 1000;
        save(s);
        return s;
      });
  }

  function session() {
    var s = load();
    if (!s) return newSession();
    var back = function () {
      return s.resume ? resumed(s).catch(newSession) : newSession();
    };
    if (s.expiresAt - Date.now() > 30000) return refreshed(s).catch(back);
    return back();
  }

  // "delete my data" closes the conversation (its token no longer works): after the patient has
  // read the confirmation, the widget starts a new one.
  function closedWatcher() {
    return window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY' && config.page) {
            var out = action.payload.activity;
            out.channelData = Object.assign({}, out.channelData, { page: config.page });
          }
          var a = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload.activity;
          if (a && a.channelData && a.channelData.conversationClosed) {
            try {
              window.localStorage.removeItem(KEY);
            } catch (e) {
              /* private mode: nothing was kept */
            }
            window.setTimeout(function () {
              newSession().then(render);
            }, 4000);
          }
          return next(action);
        };
      };
    });
  }

  function render(s) {
    var directLine = window.WebChat.createDirectLine({
      token: s.token,
      domain: s.domain,
      conversationId: s.started ? s.conversationId : undefined,
    });
    s.started = true;
    save(s);
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: closedWatcher(),
        userID: s.userId,
        locale: config.locale,
        styleOptions: {
          accent: config.color,
          bubbleFromUserBackground: config.color,
          bubbleFromUserTextColor: '#FFFFFF',
          bubbleBackground: config.accentColor,
          suggestedActionBackgroundColor: '#FFFFFF',
          suggestedActionTextColor: config.color,
          suggestedActionBorderColor: config.color,
          suggestedActionLayout: 'stacked',
          hideUploadButton: true,
          botAvatarInitials: config.initials,
          rootHeight: '100%',
        },
      },
      target,
    );
    target.setAttribute('data-ready', 'true');
  }

  session()
    .then(render)
    .catch(function () {
      var error = document.getElementById('webchat-error');
      if (error) error.hidden = false;
    });
})();
