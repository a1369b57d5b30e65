// The insights page: messages a day by channel and language, what the bot did, how fast staff
// answered, and the questions it could not answer. Drawn with Chart.js served by the service.
(function () {
  'use strict';
  var COLORS = ['#0063b1', '#c81e1e', '#2f855a', '#b7791f', '#6b46c1', '#2c7a7b'];

  function $(id) {
    return document.getElementById(id);
  }

  var c = window.staffConsole;

  c.start()
    .then(function () {
      return c.api('GET', 'insights');
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
      var total = 0;
      d.perDay.forEach(function (row) {
        total += row.messages;
      });
      $('per-day-total').textContent = total + ' patient messages in all.';
      var labels = ['answer', 'clarify', 'escalate', 'emergency', 'smalltalk'];
      var names = ['Answered', 'Clarified', 'Escalated', 'Emergency', 'Small talk'];
      var counts = labels.map(function (l) {
        return d.actions[l] || 0;
      });
      var turns = counts.reduce(function (a, b) {
        return a + b;
      }, 0);
      var share = function (n) {
        return turns ? Math.round((n * 100) / turns) + '%' : '–';
      };
      // The figures are in the legend and in a table, not only in the colours.
      new window.Chart($('actions'), {
        type: 'doughnut',
        data: {
          labels: names.map(function (name, i) {
            return name + ': ' + counts[i] + ' (' + share(counts[i]) + ')';
          }),
          datasets: [{ backgroundColor: COLORS, data: counts }],
        },
      });
      var body = $('action-figures').querySelector('tbody');
      names.forEach(function (name, i) {
        var tr = document.createElement('tr');
        [name, String(counts[i]), share(counts[i])].forEach(function (v) {
          var td = document.createElement('td');
          td.textContent = v;
          tr.appendChild(td);
        });
        body.appendChild(tr);
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
