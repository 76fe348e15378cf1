/* Actor labels that stay readable: the opts.count best-ranked visible actors (node d.rank, 0 = most
   partners) keep a label of at least 12 px at every zoom level; the other labels are hidden at the fitted
   view when there are more actors than that and appear once the view is zoomed in far enough to read them
   (vis-network's drawThreshold). diplokgLabels(network, nodes, opts) -> {afterFit(visibleIds), hubs()};
   call afterFit after every fit. */
function diplokgLabels(network, nodes, opts) {
  'use strict';
  var hubs = [], threshold = 6, MIN_PX = 12, sizedFor = null;
  function rank(n) { return n.d && typeof n.d.rank === 'number' ? n.d.rank : Infinity; }
  function sizeHubs() {
    var s = network.getScale();
    if (!hubs.length || !(s > 0) || s === sizedFor) return;
    sizedFor = s;
    var size = Math.max(opts.base, Math.max(MIN_PX, threshold + 1) / s);
    nodes.update(hubs.map(function (id) { return {id: id, font: {size: size}}; }));
  }
  function afterFit(visibleIds) {
    var chosen = nodes.get(visibleIds).sort(function (a, b) { return rank(a) - rank(b); })
      .slice(0, opts.count).map(function (n) { return n.id; });
    var keep = new Set(chosen);
    var dropped = hubs.filter(function (id) { return !keep.has(id); });
    if (dropped.length) nodes.update(dropped.map(function (id) { return {id: id, font: {size: opts.base}}; }));
    hubs = chosen; sizedFor = null;
    var s = network.getScale();
    threshold = visibleIds.length > hubs.length ? Math.max(11, opts.base * s + 2) : 6;
    network.setOptions({nodes: {scaling: {label: {drawThreshold: threshold}}}});
    sizeHubs();
  }
  network.on('beforeDrawing', sizeHubs);   // every zoom, by wheel, button or script
  return {afterFit: afterFit, hubs: function () { return hubs.slice(); }};
}
