/* The time strip and the place map wired to the page's filters. Both count the events of the relations
   that the relation-level filters (CAMEO root, QuadClass, uncertainty) and the actor search keep: the strip
   those at the chosen place whatever their date, the map those in the chosen date range whatever their
   place, so each shows what choosing in it would give. diplokgFacets(ctx) -> {strip, map, update(q,
   matching)}; ctx brings the page's data and filter predicates, ctx.onDates(from, to) and ctx.onPlace()
   apply a choice. */
function diplokgFacets(ctx) {
  'use strict';
  var meta = ctx.meta, $ = ctx.$, state = ctx.state, places = meta.places || [];
  function monthRange() {
    var lo = meta.date_min, hi = meta.date_max;
    if (!lo || !hi) return [null, null];
    return [lo.length >= 7 ? lo.slice(0, 7) : lo.slice(0, 4) + '-01', hi.length >= 7 ? hi.slice(0, 7) : hi.slice(0, 4) + '-12'];
  }
  function lastDay(month) {
    var y = +month.slice(0, 4), m = +month.slice(5, 7);
    return month + '-' + new Date(Date.UTC(y, m, 0)).getUTCDate();
  }
  var colors = {0: meta.unknown_color}, labels = {0: 'unknown'};
  meta.quad_classes.forEach(function (q) { colors[q.quad] = q.color; labels[q.quad] = q.label; });
  var months = monthRange();
  var strip = diplokgTimeStrip($('diplokg-strip'), {
    first: months[0], last: months[1], colors: colors, labels: labels, caption: $('diplokg-strip-caption'),
    onRange: function (a, b) { ctx.onDates(a ? a + '-01' : '', b ? lastDay(b) : ''); }
  });
  var map = diplokgPlaceMap($('diplokg-map'), $('f-place'), {
    places: places, onPick: function (i) { state.place = i === null ? '' : String(i); ctx.onPlace(); }
  });
  $('diplokg-map').hidden = $('f-place').parentNode.hidden = !places.length;
  var key = $('diplokg-strip-key');
  meta.quad_classes.forEach(function (q) { key.appendChild(ctx.el('span', null, [ctx.swatch(q.color, false), q.label])); });

  function count(list) {
    var perMonth = strip.months.map(function () { return [0, 0, 0, 0, 0]; });
    var perPlace = places.map(function () { return 0; }), yearOnly = 0, undated = 0;
    list.forEach(function (e) {
      var quads = e.d.event_quads || [], where = e.d.event_places || [];
      e.d.event_dates.forEach(function (d, i) {
        if (ctx.atPlace(e, i)) {
          var m = strip.monthIndex(d);
          if (m !== undefined) perMonth[m][quads[i] || 0] += 1;
          else if (d) yearOnly += 1; else undated += 1;
        }
        if (ctx.inRange(d) && where[i] !== null && where[i] !== undefined) perPlace[where[i]] += 1;
      });
    });
    return {months: perMonth, places: perPlace, yearOnly: yearOnly, undated: undated};
  }
  var all = count(ctx.edges.get());
  function update(q, matching) {
    var list = ctx.edges.get({filter: function (e) {
      return ctx.edgeKindPasses(e) && (!q || matching.has(e.from) || matching.has(e.to));
    }});
    var c = count(list), note = [];
    if (c.yearOnly) note.push(c.yearOnly + ' dated only by year');
    if (c.undated) note.push(c.undated + ' undated');
    strip.update(c.months, all.months, note.length ? note.join(', ') + ' (not in the bars)' : '');
    map.update(c.places, state.place === '' ? null : +state.place);
    var located = c.places.reduce(function (a, b) { return a + b; }, 0);
    $('diplokg-map-caption').textContent = places.length ? located + ' events at ' +
      c.places.filter(Boolean).length + ' of ' + places.length + ' places' +
      (state.place !== '' ? ' \u00b7 showing ' + places[+state.place].name : '') : 'No event has a known location.';
  }
  return {strip: strip, map: map, update: update};
}
