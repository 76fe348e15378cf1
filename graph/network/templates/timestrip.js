/* Time strip under the network: events per month as bars stacked by QuadClass, with a brushed month range.
   Drag across the bars to select months (a click selects one month), double-click or Escape clears;
   with the strip focused the arrow keys move the range and Shift+arrows move its end. The strip only draws
   and reports: diplokgTimeStrip(canvas, opts) -> {update(counts, background, note), setRange(from, to),
   range(), clear()}; opts.onRange(fromMonth, toMonth) gets 'YYYY-MM' strings (null, null: no range) when a
   brush ends. Text reaches the page only through textContent and the canvas title (no markup). */
function diplokgTimeStrip(canvas, opts) {
  'use strict';
  var months = [], index = {};
  (function () {
    if (!opts.first || !opts.last) return;
    var y = +opts.first.slice(0, 4), m = +opts.first.slice(5, 7);
    var ly = +opts.last.slice(0, 4), lm = +opts.last.slice(5, 7);
    while (y < ly || (y === ly && m <= lm)) {
      var key = y + '-' + (m < 10 ? '0' : '') + m;
      index[key] = months.length; months.push(key);
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
  })();
  var STACK = [1, 2, 3, 4, 0];                    // QuadClass 1..4 bottom up, unknown on top
  var PAD = {left: 34, right: 8, top: 6, bottom: 16};
  var counts = [], background = [], sel = null, drag = null;
  var caption = opts.caption;

  function monthOf(d) { return d && d.length >= 7 ? index[d.slice(0, 7)] : undefined; }
  function plot() {
    var w = canvas.clientWidth, h = canvas.clientHeight;
    return {x: PAD.left, y: PAD.top, w: Math.max(1, w - PAD.left - PAD.right), h: Math.max(1, h - PAD.top - PAD.bottom)};
  }
  function monthAt(clientX) {
    var r = canvas.getBoundingClientRect(), p = plot();
    var i = Math.floor((clientX - r.left - p.x) / p.w * months.length);
    return Math.max(0, Math.min(months.length - 1, i));
  }
  function total(c) { return c ? c.reduce(function (a, b) { return a + b; }, 0) : 0; }

  function draw() {
    var dpr = window.devicePixelRatio || 1, w = canvas.clientWidth, h = canvas.clientHeight;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
    }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (!months.length) return;
    var p = plot(), n = months.length, bw = p.w / n;
    var vmax = Math.max(1, Math.max.apply(null, background.map(total).concat(counts.map(total))));
    ctx.font = '10px system-ui, sans-serif'; ctx.fillStyle = '#616e7c'; ctx.textBaseline = 'middle';
    ctx.textAlign = 'right'; ctx.fillText(String(vmax), p.x - 4, p.y + 4); ctx.fillText('0', p.x - 4, p.y + p.h);
    for (var i = 0; i < n; i++) {
      var x = p.x + i * bw, gap = bw > 4 ? 1 : 0;
      var bg = total(background[i]);
      if (bg) { ctx.fillStyle = '#e4e7eb'; ctx.fillRect(x, p.y + p.h - bg / vmax * p.h, bw - gap, bg / vmax * p.h); }
      var y = p.y + p.h, c = counts[i] || [];
      STACK.forEach(function (q) {
        var v = c[q] || 0; if (!v) return;
        var hh = v / vmax * p.h;
        ctx.fillStyle = opts.colors[q]; ctx.fillRect(x, y - hh, bw - gap, hh); y -= hh;
      });
    }
    ctx.strokeStyle = '#9aa5b1'; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(p.x, p.y + p.h + 0.5); ctx.lineTo(p.x + p.w, p.y + p.h + 0.5); ctx.stroke();
    ctx.textAlign = 'center'; ctx.textBaseline = 'top'; ctx.fillStyle = '#52606d';
    var lastLabel = -1e9;
    months.forEach(function (mo, i) {                 // a tick per January, a year label per >= 40 px
      if (mo.slice(5) !== '01' && i !== 0) return;
      var x = p.x + i * bw;
      ctx.fillRect(x, p.y + p.h, 1, 3);
      if (x - lastLabel < 40) return;
      ctx.fillText(i === 0 && n <= 24 ? mo : mo.slice(0, 4), Math.max(p.x + 14, x), p.y + p.h + 3);
      lastLabel = x;
    });
    var r = drag ? [Math.min(drag.a, drag.b), Math.max(drag.a, drag.b)] : sel;
    if (r) {
      ctx.fillStyle = 'rgba(255,255,255,0.72)';
      ctx.fillRect(p.x, p.y, r[0] * bw, p.h);
      ctx.fillRect(p.x + (r[1] + 1) * bw, p.y, (n - r[1] - 1) * bw, p.h);
      ctx.strokeStyle = '#1f2933'; ctx.lineWidth = 1.5;
      ctx.strokeRect(p.x + r[0] * bw + 0.75, p.y + 0.75, (r[1] - r[0] + 1) * bw - 1.5, p.h - 1.5);
    }
    if (document.activeElement === canvas) {
      ctx.strokeStyle = '#1d4ed8'; ctx.lineWidth = 2; ctx.strokeRect(1, 1, w - 2, h - 2);
    }
  }

  function describe() {
    if (!caption) return;
    var shown = 0, lo = sel ? sel[0] : 0, hi = sel ? sel[1] : months.length - 1;
    for (var i = lo; i <= hi; i++) shown += total(counts[i]);
    var text = months.length ? (sel ? months[sel[0]] + ' \u2013 ' + months[sel[1]] : 'all months') + ': ' +
      shown + ' events' : 'no dated events';
    caption.textContent = text + (note ? ' \u00b7 ' + note : '');
    canvas.setAttribute('aria-valuetext', text);
  }
  var note = '';
  function emit() { describe(); opts.onRange(sel ? months[sel[0]] : null, sel ? months[sel[1]] : null); }
  function setSel(a, b, report) {
    sel = (a === null || !months.length) ? null : [Math.max(0, Math.min(a, b)), Math.min(months.length - 1, Math.max(a, b))];
    draw(); if (report) emit(); else describe();
  }

  canvas.addEventListener('pointerdown', function (ev) {
    if (!months.length || ev.button !== 0) return;
    canvas.setPointerCapture(ev.pointerId);
    var i = monthAt(ev.clientX); drag = {a: i, b: i}; draw();
  });
  canvas.addEventListener('pointermove', function (ev) {
    if (!months.length) return;
    var i = monthAt(ev.clientX), c = counts[i] || [];
    var parts = [1, 2, 3, 4].filter(function (q) { return c[q]; }).map(function (q) { return c[q] + ' ' + opts.labels[q]; });
    if (c[0]) parts.push(c[0] + ' unknown QuadClass');
    canvas.title = months[i] + ': ' + total(c) + ' events' + (parts.length ? ' (' + parts.join(', ') + ')' : '');
    if (drag) { drag.b = i; draw(); }
  });
  function endDrag() {
    if (!drag) return;
    var d = drag; drag = null;
    setSel(d.a, d.b, true);
  }
  canvas.addEventListener('pointerup', endDrag);
  canvas.addEventListener('pointercancel', function () { drag = null; draw(); });
  canvas.addEventListener('dblclick', function () { setSel(null, null, true); });
  canvas.addEventListener('focus', draw);
  canvas.addEventListener('blur', draw);
  canvas.addEventListener('keydown', function (ev) {
    if (!months.length) return;
    var last = months.length - 1, a = sel ? sel[0] : null, b = sel ? sel[1] : null;
    if (ev.key === 'Escape') { if (!sel) return; setSel(null, null, true); ev.preventDefault(); return; }
    var move = {ArrowLeft: -1, ArrowRight: 1, PageDown: -12, PageUp: 12}[ev.key];
    if (ev.key === 'Home' || ev.key === 'End') {
      var to = ev.key === 'Home' ? 0 : last, width = sel ? b - a : 0;
      if (ev.shiftKey && sel) setSel(a, Math.max(a, to), true);
      else setSel(Math.max(0, Math.min(to, last - width)), Math.max(0, Math.min(to, last - width)) + width, true);
      ev.preventDefault(); return;
    }
    if (!move) return;
    ev.preventDefault();
    if (!sel) { var start = move > 0 ? 0 : last; setSel(start, start, true); return; }
    if (ev.shiftKey) { setSel(a, Math.max(a, Math.min(last, b + move)), true); return; }
    var shift = Math.max(-a, Math.min(last - b, move));
    if (shift) setSel(a + shift, b + shift, true);
  });
  if (window.ResizeObserver) new ResizeObserver(function () { draw(); }).observe(canvas);

  return {
    months: months,
    monthIndex: monthOf,
    /** counts/background: per month [unknown, q1, q2, q3, q4]; note: text after the caption. */
    update: function (c, bg, text) { counts = c; background = bg || []; note = text || ''; draw(); describe(); },
    /** Show a date range ('YYYY-MM-DD' or '') from the date inputs, without reporting it back. */
    setRange: function (from, to) {
      if (!months.length || (!from && !to)) { setSel(null, null, false); return; }
      var a = from ? from.slice(0, 7) : months[0], b = to ? to.slice(0, 7) : months[months.length - 1];
      var ia = a < months[0] ? 0 : index[a], ib = b > months[months.length - 1] ? months.length - 1 : index[b];
      if (ia === undefined || ib === undefined || a > b) { setSel(null, null, false); return; }
      setSel(ia, ib, false);
    },
    range: function () { return sel ? [months[sel[0]], months[sel[1]]] : null; },
    /** Page coordinates of the middle of a month's bar (for tests and scripted brushing). */
    pointOf: function (month) {
      var r = canvas.getBoundingClientRect(), p = plot();
      return {x: r.left + p.x + (index[month] + 0.5) * p.w / months.length, y: r.top + p.y + p.h / 2};
    },
    redraw: draw
  };
}
