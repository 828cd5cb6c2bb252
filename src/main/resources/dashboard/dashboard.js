// offload's live dashboard: one EventSource on stats/stream, a snapshot a second, rolling uPlot charts of the last
// five minutes. Plain script, no build step. It only reads: nothing here sends anything to the service but the stream.
(function () {
  'use strict';

  var WINDOW_SECONDS = 300;
  var COLORS = ['#3b6ea8', '#d1495b', '#edae49', '#66a182', '#8d6cab', '#2e4057', '#e07a5f', '#00798c',
    '#9c6644', '#6a994e'];
  var charts = {};
  var configChanges = [];
  var lastAt = 0;
  var lastVersion = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function fmt(v) {
    if (v === null || v === undefined) { return '–'; }
    if (typeof v !== 'number') { return String(v); }
    return Math.abs(v) >= 100 || v === Math.round(v) ? String(Math.round(v)) : v.toFixed(2);
  }

  // Dashed vertical lines where the config changed, on every chart.
  function configMarks() {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#8d6cab';
          ctx.setLineDash([4, 4]);
          configChanges.forEach(function (c) {
            if (c.t < u.scales.x.min || c.t > u.scales.x.max) { return; }
            var x = Math.round(u.valToPos(c.t, 'x', true));
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          });
          ctx.restore();
        }]
      }
    };
  }

  // One card: a title, the latest values as text, and a rolling time chart whose series appear as they are seen.
  // backfill: the value a series had before it was first seen (0 for counted rates: an outcome not yet counted had
  // none), or null for a gap.
  function Chart(parentId, id, title, unit, style, backfill) {
    this.card = el('div', {'class': 'card', 'data-chart': id, 'data-points': '0'});
    this.card.appendChild(el('h3', {}, title));
    this.readout = el('div', {'class': 'readout'});
    this.card.appendChild(this.readout);
    this.plot = el('div', {'class': 'plot'});
    this.card.appendChild(this.plot);
    var parent = document.getElementById(parentId);
    var empty = parent.querySelector('.empty');
    if (empty) { empty.remove(); }
    parent.appendChild(this.card);
    this.unit = unit;
    this.style = style || function () { return {}; };
    this.names = [];
    this.xs = [];
    this.ys = {};
    this.u = null;
    this.backfill = backfill === undefined ? null : backfill;
  }

  Chart.prototype.add = function (t, values) {
    var self = this;
    var rebuild = !this.u;
    Object.keys(values).forEach(function (name) {
      if (!(name in self.ys)) {
        self.names.push(name);
        self.ys[name] = self.xs.map(function () { return self.backfill; });
        rebuild = true;
      }
    });
    this.xs.push(t);
    this.names.forEach(function (name) {
      var v = values[name];
      self.ys[name].push(typeof v === 'number' ? v : null);
    });
    while (this.xs.length && this.xs[0] < t - WINDOW_SECONDS) {
      this.xs.shift();
      this.names.forEach(function (name) { self.ys[name].shift(); });
    }
    var data = [this.xs].concat(this.names.map(function (n) { return self.ys[n]; }));
    if (rebuild) {
      this.build(data);
    } else {
      this.u.setData(data);
    }
    this.card.setAttribute('data-points', String(this.xs.length));
    this.readout.textContent = '';
    this.names.forEach(function (name) {
      var span = el('span', {'data-key': name}, name + ' ');
      span.appendChild(el('b', {}, fmt(values[name]) + (self.unit && values[name] != null ? ' ' + self.unit : '')));
      self.readout.appendChild(span);
    });
  };

  Chart.prototype.build = function (data) {
    var self = this;
    if (this.u) { this.u.destroy(); }
    var series = [{}].concat(this.names.map(function (name, i) {
      var s = {label: name, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false,
        value: function (u, v) { return fmt(v); }};
      var extra = self.style(name);
      Object.keys(extra).forEach(function (k) { s[k] = extra[k]; });
      return s;
    }));
    this.u = new uPlot({
      width: Math.max(200, this.plot.clientWidth || 300), height: 170, series: series,
      scales: {y: {range: function (u, min, max) { return [0, Math.max(1, max) * 1.1]; }}},
      axes: [{}, {size: 50, values: function (u, vals) { return vals.map(fmt); }}],
      legend: {live: false}, cursor: {drag: {x: false, y: false}}, plugins: [configMarks()]
    }, data, this.plot);
  };

  function chart(parentId, id, title, unit, style, backfill) {
    if (!charts[id]) { charts[id] = new Chart(parentId, id, title, unit, style, backfill); }
    return charts[id];
  }

  function dashedIf(suffix) {
    return function (name) { return name.slice(-suffix.length) === suffix ? {dash: [5, 4]} : {}; };
  }

  // Numeric leaves of a workload's stats (e.g. jdbcPool.active), by dotted name.
  function numbers(obj, prefix, out) {
    Object.keys(obj || {}).forEach(function (k) {
      var v = obj[k];
      var name = prefix ? prefix + '.' + k : k;
      if (typeof v === 'number') { out[name] = v; } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        numbers(v, name, out);
      }
    });
    return out;
  }

  function summary(s) {
    var put = function (key, v) { document.querySelector('#summary [data-key="' + key + '"]').textContent = v; };
    put('pid', s.pid);
    put('role', s.role);
    put('uptime', Math.round(s.uptimeMs / 1000) + ' s');
    put('config.version', s.config ? s.config.version : '–');
    put('config.changedBy', s.config ? s.config.changedBy : '–');
    put('inFlight', s.inFlight);
    put('http.open', s.http && s.http.open !== undefined ? s.http.open : '–');
    put('state', s.draining ? 'draining' : 'serving');
  }

  function noteConfig(s, t) {
    if (!s.config) { return; }
    if (lastVersion !== null && s.config.version !== lastVersion) {
      configChanges.push({t: t, version: s.config.version});
      var list = document.getElementById('changes');
      var empty = list.querySelector('.empty');
      if (empty) { empty.remove(); }
      list.appendChild(el('li', {'data-version': String(s.config.version)}, new Date(t * 1000).toLocaleTimeString()
        + ': version ' + s.config.version + ' from ' + s.config.changedBy));
    }
    lastVersion = s.config.version;
  }

  function show(s) {
    if (!s.at || s.at <= lastAt) { return; }
    lastAt = s.at;
    var t = s.at / 1000;
    noteConfig(s, t);
    var rates = s.rates || {routes: {}, eventLoopLagP99Ms: []};
    var latency = {};
    Object.keys(rates.routes).forEach(function (route) {
      var r = rates.routes[route];
      chart('routes', 'route:' + route, route + ' requests/s', '/s', null, 0).add(t, r.perSecond);
      // Absent when the route's work is not timed ("timings": false): no latency lines for it at all. Null in a
      // second without work, which the chart shows as a gap.
      if ('p99Ms' in r) {
        latency[route + ' p99'] = r.p99Ms;
        latency[route + ' p50'] = r.p50Ms;
      }
    });
    if (Object.keys(latency).length) {
      chart('latency', 'latency', 'work time (ms)', 'ms', dashedIf(' p50')).add(t, latency);
    }
    // The config's own pools first: they are the ones routes name; the built-in ones follow.
    var builtIn = ['event-loop', 'default', 'virtual'];
    Object.keys(s.pools || {}).sort(function (a, b) {
      return (builtIn.indexOf(a) >= 0) - (builtIn.indexOf(b) >= 0);
    }).forEach(function (pool) {
      var p = s.pools[pool];
      chart('pools', 'pool:' + pool, pool + ' (' + p.kind + ')', '', dashedIf('limit'))
        .add(t, {running: p.running, queued: p.queued, limit: p.limit});
    });
    var lag = {};
    (rates.eventLoopLagP99Ms || []).forEach(function (v, i) { lag['instance ' + i] = v; });
    chart('loops', 'lag', 'event-loop lag p99 (ms)', 'ms').add(t, lag);
    Object.keys(s.workloads || {}).forEach(function (w) {
      var values = numbers(s.workloads[w], '', {});
      if (Object.keys(values).length) {
        document.getElementById('workloads-section').hidden = false;
        chart('workloads', 'workload:' + w, w, '').add(t, values);
      }
    });
    if (s.cluster) {
      document.getElementById('cluster-section').hidden = false;
      var inFlight = {};
      var rows = document.querySelector('#nodes tbody');
      rows.textContent = '';
      (s.cluster.nodes || []).forEach(function (n) {
        inFlight[n.id] = n.inFlight;
        var tr = el('tr', {'data-node': n.id});
        [n.id, n.state, n.inFlight, n.answered, n.refused, n.lost].forEach(function (v) {
          tr.appendChild(el('td', {}, fmt(v)));
        });
        rows.appendChild(tr);
      });
      chart('cluster', 'cluster', 'in flight per node', '').add(t, inFlight);
    }
    summary(s);
  }

  function onEvent(e) {
    try {
      show(JSON.parse(e.data));
    } catch (err) {
      // A broken event must not stop the ones after it; the console says what it was.
      console.warn('offload dashboard: event not shown: ' + err);
    }
  }

  var source = null;

  function connect() {
    var status = document.getElementById('stream');
    source = new EventSource('stats/stream');
    source.onopen = function () {
      status.setAttribute('data-state', 'live');
      status.textContent = 'live: one snapshot a second from /stats/stream';
    };
    source.onmessage = onEvent;
    source.addEventListener('history', onEvent);
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        // Refused (503: too many streams, or draining) or gone: try again a little later.
        status.setAttribute('data-state', 'lost');
        status.textContent = 'stream closed by the service; trying again in 5 s';
        setTimeout(function () { if (source && source.readyState === EventSource.CLOSED) { connect(); } }, 5000);
      } else {
        status.setAttribute('data-state', 'lost');
        status.textContent = 'stream lost; reconnecting…';
      }
    };
  }

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) {
      var c = charts[id];
      if (c.u) { c.u.setSize({width: Math.max(200, c.plot.clientWidth), height: 170}); }
    });
  });

  // Leaving the page closes the stream at once, so the service frees it instead of writing to a page kept in the
  // browser's back-forward cache; coming back opens a new one (the history fills the gap).
  window.addEventListener('pagehide', function () {
    if (source) { source.close(); }
  });
  window.addEventListener('pageshow', function (e) {
    if (e.persisted) { connect(); }
  });

  connect();
}());
