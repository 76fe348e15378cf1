/* Small offline map of event locations: an equirectangular canvas (longitude and latitude as x and y, no
   tiles, no outlines) with a graticule and one point per place, its area by the number of events shown.
   It zooms to the extent of the places (at least 20 x 10 degrees). Clicking a point picks the place,
   clicking it again (or the empty map) drops it; the select element lists the same places for the keyboard.
   diplokgPlaceMap(canvas, select, opts) -> {update(counts, picked)}; opts.onPick(index | null). Names reach
   the page only through textContent and the canvas title. */
function diplokgPlaceMap(canvas, select, opts) {
  'use strict';
  var places = opts.places || [], counts = places.map(function () { return 0; }), picked = null, hover = null;

  var ext = (function () {
    if (!places.length) return {w: -180, e: 180, s: -90, n: 90};
    var lons = places.map(function (p) { return p.lon; }), lats = places.map(function (p) { return p.lat; });
    var w = Math.min.apply(null, lons), e = Math.max.apply(null, lons);
    var s = Math.min.apply(null, lats), n = Math.max.apply(null, lats);
    var padX = Math.max(2, (e - w) * 0.08), padY = Math.max(2, (n - s) * 0.1);
    w -= padX; e += padX; s -= padY; n += padY;
    if (e - w < 20) { var cx = (e + w) / 2; w = cx - 10; e = cx + 10; }
    if (n - s < 10) { var cy = (n + s) / 2; s = cy - 5; n = cy + 5; }
    return {w: Math.max(-180, w), e: Math.min(180, e), s: Math.max(-90, s), n: Math.min(90, n)};
  })();

  function view(W, H) {   // the extent grown along its short side to the canvas' shape, within the world
    var v = {w: ext.w, e: ext.e, s: ext.s, n: ext.n}, want = W / Math.max(1, H);
    if ((v.e - v.w) / (v.n - v.s) < want) {
      var half = (v.n - v.s) * want / 2, cx = (v.e + v.w) / 2;
      v.w = Math.max(-180, cx - half); v.e = Math.min(180, cx + half);
    } else {
      var halfY = (v.e - v.w) / want / 2, cy = (v.n + v.s) / 2;
      v.s = Math.max(-90, cy - halfY); v.n = Math.min(90, cy + halfY);
    }
    return v;
  }
  function frame() {   // degrees -> pixels with equal scale on both axes, centred in the canvas
    var W = canvas.clientWidth, H = canvas.clientHeight, v = view(W, H);
    var k = Math.min(W / (v.e - v.w), H / (v.n - v.s));
    var ox = (W - k * (v.e - v.w)) / 2, oy = (H - k * (v.n - v.s)) / 2;
    return {k: k, v: v, W: W, H: H,
            x: function (lon) { return ox + (lon - v.w) * k; }, y: function (lat) { return oy + (v.n - lat) * k; }};
  }
  function radius(c) { return c ? Math.min(14, 3 + 2 * Math.sqrt(c)) : 2.5; }
  function graticuleStep(span) {
    var steps = [1, 2, 5, 10, 15, 30];
    for (var i = 0; i < steps.length; i++) if (span / steps[i] <= 8) return steps[i];
    return 30;
  }
  function deg(v, pos, neg) { return Math.abs(v) + '\u00b0' + (v > 0 ? pos : v < 0 ? neg : ''); }

  function draw() {
    var dpr = window.devicePixelRatio || 1, f = frame();
    if (canvas.width !== Math.round(f.W * dpr) || canvas.height !== Math.round(f.H * dpr)) {
      canvas.width = Math.round(f.W * dpr); canvas.height = Math.round(f.H * dpr);
    }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, f.W, f.H);
    ctx.fillStyle = '#f3f6fa';
    ctx.fillRect(f.x(f.v.w), f.y(f.v.n), (f.v.e - f.v.w) * f.k, (f.v.n - f.v.s) * f.k);
    var step = graticuleStep(Math.max(f.v.e - f.v.w, (f.v.n - f.v.s) * 1.6));
    ctx.lineWidth = 1; ctx.font = '9px system-ui, sans-serif'; ctx.fillStyle = '#9aa5b1';
    for (var lon = Math.ceil(f.v.w / step) * step; lon <= f.v.e; lon += step) {
      ctx.strokeStyle = lon === 0 ? '#b8c2cc' : '#dde3ea';
      ctx.beginPath(); ctx.moveTo(Math.round(f.x(lon)) + 0.5, f.y(f.v.n)); ctx.lineTo(Math.round(f.x(lon)) + 0.5, f.y(f.v.s)); ctx.stroke();
      ctx.textAlign = 'center'; ctx.textBaseline = 'bottom'; ctx.fillText(deg(lon, 'E', 'W'), f.x(lon), f.y(f.v.s) - 1);
    }
    for (var lat = Math.ceil(f.v.s / step) * step; lat <= f.v.n; lat += step) {
      ctx.strokeStyle = lat === 0 ? '#b8c2cc' : '#dde3ea';
      ctx.beginPath(); ctx.moveTo(f.x(f.v.w), Math.round(f.y(lat)) + 0.5); ctx.lineTo(f.x(f.v.e), Math.round(f.y(lat)) + 0.5); ctx.stroke();
      ctx.textAlign = 'left'; ctx.textBaseline = 'middle'; ctx.fillText(deg(lat, 'N', 'S'), f.x(f.v.w) + 2, f.y(lat));
    }
    order().forEach(function (i) {
      var p = places[i], c = counts[i], r = radius(c);
      ctx.beginPath(); ctx.arc(f.x(p.lon), f.y(p.lat), r, 0, 2 * Math.PI);
      ctx.fillStyle = c ? 'rgba(29,78,216,0.55)' : 'rgba(154,165,177,0.5)'; ctx.fill();
      ctx.lineWidth = i === picked ? 2.5 : 1; ctx.strokeStyle = i === picked ? '#111827' : (c ? '#1e3a8a' : '#9aa5b1');
      ctx.stroke();
    });
  }
  function order() {   // big points first so that small ones stay clickable on top; the picked one last
    return places.map(function (_, i) { return i; }).sort(function (a, b) {
      return (a === picked) - (b === picked) || counts[b] - counts[a];
    });
  }
  function hit(ev) {
    var rect = canvas.getBoundingClientRect(), f = frame(), mx = ev.clientX - rect.left, my = ev.clientY - rect.top;
    var best = null, bestD = Infinity;
    order().forEach(function (i) {
      var p = places[i], dx = f.x(p.lon) - mx, dy = f.y(p.lat) - my, d = Math.sqrt(dx * dx + dy * dy);
      if (d <= radius(counts[i]) + 3 && d <= bestD) { best = i; bestD = d; }
    });
    return best;
  }
  function placeText(i) {
    var p = places[i];
    return p.name + (p.name_de && p.name_de !== p.name ? ' / ' + p.name_de : '') +
      (p.country ? ' (' + p.country + ')' : '') + ': ' + counts[i] + ' event' + (counts[i] === 1 ? '' : 's');
  }
  function pick(i) { opts.onPick(i); }

  canvas.addEventListener('mousemove', function (ev) {
    var i = hit(ev);
    if (i === hover) return;
    hover = i; canvas.title = i === null ? 'Event locations: click a point to filter to its events' : placeText(i);
    canvas.style.cursor = i === null ? 'default' : 'pointer';
  });
  canvas.addEventListener('click', function (ev) {
    var i = hit(ev);
    pick(i === null || i === picked ? null : i);
  });
  select.addEventListener('change', function () { pick(select.value === '' ? null : +select.value); });
  if (window.ResizeObserver) new ResizeObserver(function () { draw(); }).observe(canvas);

  function fillSelect() {
    var keep = select.value;
    var opt0 = document.createElement('option'); opt0.value = ''; opt0.textContent = 'all places';
    var items = [opt0];
    places.map(function (_, i) { return i; })
      .sort(function (a, b) { return counts[b] - counts[a] || (places[a].name < places[b].name ? -1 : 1); })
      .forEach(function (i) {
        var o = document.createElement('option'); o.value = String(i); o.textContent = placeText(i); items.push(o);
      });
    select.replaceChildren.apply(select, items);
    select.value = keep;
  }

  return {
    places: places,
    /** counts: events per place index under the current filters; p: the picked index or null. */
    update: function (c, p) {
      counts = c; picked = p; fillSelect(); select.value = p === null ? '' : String(p); draw();
    },
    /** Page coordinates of a place's point (for tests and for keyboard focus rings). */
    pointOf: function (i) {
      var rect = canvas.getBoundingClientRect(), f = frame();
      return {x: rect.left + f.x(places[i].lon), y: rect.top + f.y(places[i].lat)};
    },
    redraw: draw
  };
}
