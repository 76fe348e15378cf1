/* Actor labels that stay readable: the opts.count best-ranked visible actors (node d.rank, 0 = most
   partners) keep a 12 px label at every zoom level; the other labels are hidden at the fitted view when
   there are more actors than that and appear once the view is zoomed in far enough to read them
   (vis-network's drawThreshold, set once per fit). While vis-network hides a hub's label, this script
   draws it on the canvas after each frame (below the node, else above it, else not at all when it would
   cover a better-ranked label), which costs a few fillText calls instead of a DataSet update (that
   re-processes every node and edge). diplokgLabels(network, nodes, opts) -> {afterFit(visibleIds),
   hubs()}; call afterFit after every fit. */
function diplokgLabels(network, nodes, opts) {
  'use strict';
  var hubs = [], threshold = 6, PX = 12;
  function rank(n) { return n.d && typeof n.d.rank === 'number' ? n.d.rank : Infinity; }
  function afterFit(visibleIds) {
    hubs = nodes.get(visibleIds).sort(function (a, b) { return rank(a) - rank(b); })
      .slice(0, opts.count).map(function (n) { return {id: n.id, label: n.label}; });
    var t = visibleIds.length > hubs.length ? Math.max(11, Math.ceil(opts.base * network.getScale()) + 2) : 6;
    if (t !== threshold) {
      threshold = t;
      network.setOptions({nodes: {scaling: {label: {drawThreshold: t}}}});
    }
  }
  network.on('afterDrawing', function (ctx) {
    var s = network.getScale();
    if (!hubs.length || !(s > 0) || opts.base * s >= threshold) return;   // vis-network draws them itself
    var pos = network.getPositions(hubs.map(function (h) { return h.id; }));
    ctx.save();
    ctx.font = (PX / s) + 'px arial';
    ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    ctx.lineJoin = 'round'; ctx.lineWidth = 4 / s; ctx.strokeStyle = '#ffffff'; ctx.fillStyle = '#1f2933';
    var taken = [];                                 // label boxes already drawn, best-ranked first
    function free(b) {
      return taken.every(function (o) { return b.x1 <= o.x0 || b.x0 >= o.x1 || b.y1 <= o.y0 || b.y0 >= o.y1; });
    }
    hubs.forEach(function (h) {
      var p = pos[h.id], n = nodes.get(h.id);       // its size now (the Size menu changes it)
      if (!p || !h.label || !n) return;
      var w = ctx.measureText(h.label).width / 2, r = (n.size || 10) + 3 / s, lh = PX * 1.2 / s;
      var below = {x0: p.x - w, x1: p.x + w, y0: p.y + r, y1: p.y + r + lh};
      var above = {x0: p.x - w, x1: p.x + w, y0: p.y - r - lh, y1: p.y - r};
      var box = free(below) ? below : free(above) ? above : null;   // a label under another is no label
      if (!box) return;
      taken.push(box);
      ctx.strokeText(h.label, p.x, box.y0);
      ctx.fillText(h.label, p.x, box.y0);
    });
    ctx.restore();
  });
  return {afterFit: afterFit, hubs: function () { return hubs.map(function (h) { return h.id; }); }};
}
