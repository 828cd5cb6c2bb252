// Draws the compare report's charts with uPlot from the data the report carries (OFFLOAD_REPORT_CHARTS); each chart's
// numbers are also in the table beside it, so the page reads without this script too.
(function () {
  'use strict';

  function fmt(v) {
    if (v === null || v === undefined) { return '–'; }
    return Math.abs(v) >= 100 || v === Math.round(v) ? String(Math.round(v)) : v.toFixed(2);
  }

  // Percentiles go on a log axis as 1 / (1 - p): p50 → 2, p90 → 10, p99 → 100, p99.99 → 10000.
  function toPercentileAxis(p) { return 100 / (100 - p); }
  function percentileLabel(x) { return 'p' + String(Math.round((100 - 100 / x) * 100) / 100); }

  // Dashed vertical lines (a ramp's capacities) and a horizontal one (its p99 target).
  function marks(chart) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = 1.5;
          (chart.marks || []).forEach(function (m) {
            var x = Math.round(u.valToPos(m.x, 'x', true));
            ctx.strokeStyle = m.color;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          });
          if (chart.level) {
            var y = Math.round(u.valToPos(chart.level.y, 'y', true));
            ctx.strokeStyle = '#888';
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
          }
          ctx.restore();
        }]
      }
    };
  }

  function draw(chart) {
    var figure = document.querySelector('[data-chart-id="' + chart.id.replace(/"/g, '\\"') + '"]');
    var plot = figure.querySelector('.plot');
    var percentile = chart.xKind === 'percentile';
    var data = chart.data.map(function (column, i) {
      return i === 0 && percentile ? column.map(toPercentileAxis) : column;
    });
    var many = data[0].length > 40;
    var series = [{label: chart.xLabel, value: function (u, v) { return percentile ? percentileLabel(v) : fmt(v); }}]
      .concat(chart.series.map(function (s) {
        return {label: s.label, stroke: s.color, width: 1.5, dash: s.dashed ? [5, 4] : undefined, spanGaps: true,
          points: {show: !many}, value: function (u, v) { return fmt(v); }};
      }));
    var level = chart.level ? chart.level.y : 0;
    var markMax = Math.max.apply(null, [0].concat((chart.marks || []).map(function (m) { return m.x; })));
    var u = new uPlot({
      width: Math.max(300, plot.clientWidth || 560), height: 260, series: series,
      scales: {
        x: percentile ? {time: false, distr: 3, log: 10} : {time: false,
          range: function (u, min, max) { return [Math.min(min, markMax), Math.max(max, markMax)]; }},
        y: {range: function (u, min, max) { return [0, Math.max(max, level, 1) * 1.1]; }}
      },
      axes: [
        {label: chart.xLabel, values: function (u, vals) {
          return vals.map(function (v) { return percentile ? percentileLabel(v) : fmt(v); });
        }},
        {label: chart.yLabel, size: 60, values: function (u, vals) { return vals.map(fmt); }}
      ],
      legend: {live: false}, plugins: [marks(chart)]
    }, data, plot);
    var points = 0;
    data.slice(1).forEach(function (ys) { ys.forEach(function (v) { if (v !== null) { points++; } }); });
    figure.setAttribute('data-points', String(points));
    figure.setAttribute('data-series', String(chart.series.length));
    return u;
  }

  (window.OFFLOAD_REPORT_CHARTS || []).forEach(function (chart) {
    try {
      draw(chart);
    } catch (e) {
      console.error('chart ' + chart.id + ' not drawn: ' + e);
    }
  });
}());
