// The insights page: messages a day by channel and language, what the bot did, how fast staff
// answered, and the questions it could not answer. Drawn with Chart.js served by the service.
(function () {
  'use strict';
  var COLORS = ['#0063b1', '#c81e1e', '#2f855a', '#b7791f', '#6b46c1', '#2c7a7b'];

  function $(id) {
    return document.getElementById(id);
  }

  fetch('/api/staff/insights', { credentials: 'same-origin' })
    .then(function (r) {
      if (r.status === 401) window.location.href = '/staff/login';
      return r.json();
    })
    .then(function (d) {
      var days = [];
      var series = {};
      d.perDay.forEach(function (row) {
        if (days.indexOf(row.day) < 0) days.push(row.day);
        var key =
          (row.channel === 'directline'
            ? 'Web chat'
            : row.channel === 'sms'
              ? 'SMS'
              : row.channel) +
          ' · ' +
          row.lang;
        series[key] = series[key] || {};
        series[key][row.day] = row.messages;
      });
      new window.Chart($('per-day'), {
        type: 'bar',
        data: {
          labels: days,
          datasets: Object.keys(series).map(function (key, i) {
            return {
              label: key,
              backgroundColor: COLORS[i % COLORS.length],
              data: days.map(function (day) {
                return series[key][day] || 0;
              }),
            };
          }),
        },
        options: {
          responsive: true,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
        },
      });
      var labels = ['answer', 'clarify', 'escalate', 'emergency', 'smalltalk'];
      new window.Chart($('actions'), {
        type: 'doughnut',
        data: {
          labels: ['Answered', 'Clarified', 'Escalated', 'Emergency', 'Small talk'],
          datasets: [
            {
              backgroundColor: COLORS,
              data: labels.map(function (l) {
                return d.actions[l] || 0;
              }),
            },
          ],
        },
      });
      $('median').textContent =
        d.medianStaffReplySeconds === null
          ? 'no staff replies yet'
          : Math.round(d.medianStaffReplySeconds / 60) + ' min';
      var list = $('unanswered');
      d.unanswered.forEach(function (u) {
        var li = document.createElement('li');
        li.textContent = u.example + ' (' + u.count + ')';
        list.appendChild(li);
      });
    });
})();
