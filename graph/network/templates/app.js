
(function () {
  'use strict';
  var T = window.diplokgTimings = {scriptStart: performance.now()};
  var DATA = JSON.parse(document.getElementById('diplokg-data').textContent);
  T.parsed = performance.now();
  var meta = DATA.meta;
  function $(id) { return document.getElementById(id); }

  // ---- DOM helpers: text only, never innerHTML --------------------------------------------------
  function el(tag, cls, children) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
    return e;
  }
  function safeHref(u) {
    if (typeof u !== 'string' || !u) return null;
    var p;
    try { p = new URL(u); } catch (err) { return null; }
    return (p.protocol === 'http:' || p.protocol === 'https:') ? p.href : null;
  }
  function link(text, url) {
    var h = safeHref(url);
    if (!h) return el('span', null, [text]);
    var a = document.createElement('a');
    a.href = h; a.target = '_blank'; a.rel = 'noopener noreferrer'; a.referrerPolicy = 'no-referrer';
    a.textContent = text;
    return a;
  }
  function wikidata(qid) {
    return (typeof qid === 'string' && /^Q[1-9][0-9]*$/.test(qid)) ? link(qid, 'https://www.wikidata.org/wiki/' + qid) : null;
  }
  function swatch(color, round) {
    var s = el('span', 'swatch'); s.style.background = color; if (!round) s.style.borderRadius = '2px'; return s;
  }
  function dl(pairs) {
    var d = el('dl');
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === '') return;
      d.appendChild(el('dt', null, [p[0]])); d.appendChild(el('dd', null, [p[1]]));
    });
    return d;
  }
  function placeSpan(d) {
    var n = {}, order = [];
    (d.event_places || []).forEach(function (p) {
      if (p === null || p === undefined || !meta.places[p]) return;
      if (!n[p]) { n[p] = 0; order.push(p); }
      n[p] += 1;
    });
    return order.sort(function (a, b) { return n[b] - n[a]; }).map(function (p) {
      return meta.places[p].name + (n[p] > 1 ? ' \u00d7' + n[p] : '');
    }).join(', ') || null;
  }
  function fmtG(g) { return (g === null || g === undefined) ? 'unknown' : (g > 0 ? '+' : '') + Number(g).toFixed(1); }
  function truncate(s, n) { s = String(s || ''); return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }
  function dateSpan(d) {
    if (!d.dates.length) return 'unknown';
    if (d.dates.length <= 4) return d.dates.join(', ');
    return d.dates[0] + ' \u2013 ' + d.dates[d.dates.length - 1] + ' (' + d.dates.length + ' dates)';
  }
  var QUAD = {}; meta.quad_classes.forEach(function (q) { QUAD[q.quad] = q; });
  var ROOTS = {}; meta.cameo_roots.forEach(function (r) { ROOTS[r.root] = r.label; });

  // ---- data sets and filtering -------------------------------------------------------------------
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var state = {root: '', quad: '', minSupport: 1, from: '', to: '', search: '', hideUncertain: false,
               place: '', colorBy: meta.color_by, sizeBy: meta.size_by};
  var visibleNodes = null, visibleEdges = null;   // null = everything

  function bounds(d) {
    if (d.length === 4) return [d + '-01-01', d + '-12-31'];
    if (d.length === 7) return [d + '-01', d + '-31'];
    return [d.slice(0, 10), d.slice(0, 10)];
  }
  function inRange(d) {
    if (!state.from && !state.to) return true;
    if (!d) return false;
    var b = bounds(d);
    return (!state.from || b[1] >= state.from) && (!state.to || b[0] <= state.to);
  }
  function atPlace(e, i) { return state.place === '' || (e.d.event_places || [])[i] === +state.place; }
  function support(e) {
    if (!state.from && !state.to && state.place === '') return e.d.count;
    var n = 0;
    e.d.event_dates.forEach(function (d, i) { if (inRange(d) && atPlace(e, i)) n++; });
    return n;
  }
  function edgeKindPasses(e) {   // the filters on the relation itself, not on its events' dates or places
    if (state.root && e.d.cameo_root !== state.root) return false;
    if (state.quad && String(e.d.quad_class) !== state.quad) return false;
    return !(state.hideUncertain && e.d.dashed);
  }
  function edgePasses(e) { return edgeKindPasses(e) && support(e) >= Math.max(1, state.minSupport); }
  function filtersActive() {
    return !!(state.root || state.quad || state.minSupport > 1 || state.from || state.to || state.hideUncertain ||
              state.place !== '');
  }
  function nodeMatches(n, q) {
    var d = n.d;
    return [d.label, d.label_de, d.qid, d.code].some(function (s) { return s && String(s).toLowerCase().indexOf(q) >= 0; });
  }

  // ---- time strip and map (facets.js) ------------------------------------------------------------
  var facets = diplokgFacets({
    meta: meta, edges: edges, state: state, $: $, el: el, swatch: swatch, inRange: inRange, atPlace: atPlace,
    edgeKindPasses: edgeKindPasses, onPlace: function () { recompute(); },
    onDates: function (from, to) { $('f-from').value = from; $('f-to').value = to; readFilters(); }
  });
  var strip = facets.strip;
  var fitted = false;
  function refit() {
    if (nodeView.length) network.fit({animation: false});
    labels.afterFit(nodeView.getIds());
    fitted = true;
  }

  function recompute() {
    var active = filtersActive();
    var q = state.search.trim().toLowerCase();
    var matching = new Set();   // every actor the search matches, whatever the other filters
    if (q) nodes.forEach(function (n) { if (nodeMatches(n, q)) matching.add(n.id); });
    if (!active && !q) { visibleNodes = null; visibleEdges = null; }
    else {
      var eList = [];
      edges.forEach(function (e) { if (!active || edgePasses(e)) eList.push(e); });
      var nSet = new Set();
      if (active) eList.forEach(function (e) { nSet.add(e.from); nSet.add(e.to); });
      else nodes.forEach(function (n) { nSet.add(n.id); });
      if (q) {
        var hits = new Set();
        matching.forEach(function (id) { if (nSet.has(id)) hits.add(id); });
        var keep = new Set(hits);
        eList.forEach(function (e) { if (hits.has(e.from)) keep.add(e.to); if (hits.has(e.to)) keep.add(e.from); });
        nSet = keep;
        eList = eList.filter(function (e) { return keep.has(e.from) && keep.has(e.to); });
      }
      visibleNodes = nSet;
      visibleEdges = new Set(eList.map(function (e) { return e.id; }));
    }
    nodeView.refresh(); edgeView.refresh();
    var nn = nodeView.length, ne = edgeView.length;
    $('diplokg-status').textContent = 'Showing ' + nn + ' of ' + nodes.length + ' actors \u00b7 ' +
      ne + ' of ' + edges.length + ' relations';
    $('diplokg-empty').hidden = nn > 0;
    facets.update(q, matching);
    if (fitted) refit();
  }
  var nodeView = new vis.DataView(nodes, {filter: function (n) { return !visibleNodes || visibleNodes.has(n.id); }});
  var edgeView = new vis.DataView(edges, {filter: function (e) { return !visibleEdges || visibleEdges.has(e.id); }});

  // ---- network ---------------------------------------------------------------------------------------
  var large = meta.large;
  var options = {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 1},
    nodes: {shape: 'dot', borderWidth: 1.5, borderWidthSelected: 3,
            font: {size: large ? 12 : 16, color: '#1f2933', strokeWidth: 4, strokeColor: '#ffffff'},
            scaling: {label: {drawThreshold: 6}}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.55}}, selectionWidth: 2, hoverWidth: 1.5,
            font: {size: 11, color: '#3e4c59', strokeWidth: 3, strokeColor: '#ffffff', align: 'horizontal'},
            smooth: false, arrowStrikethrough: false},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: !!meta.hide_edges_on_drag,
                  hideEdgesOnZoom: !!meta.hide_edges_on_drag,
                  navigationButtons: false, keyboard: false, multiselect: false},
    physics: meta.physics ? {
      enabled: true, solver: 'barnesHut',
      barnesHut: {gravitationalConstant: -6000, centralGravity: 0.15, springLength: meta.edge_length,
                  springConstant: 0.03, damping: 0.18, avoidOverlap: 0.2},
      stabilization: {enabled: true, iterations: 200, updateInterval: 50, fit: true},
      minVelocity: 0.75
    } : {enabled: false}
  };
  var container = $('diplokg-network');
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, options);
  T.created = performance.now();
  $('f-physics').checked = !!meta.physics;

  function markReady() {
    if (T.ready) return;
    T.ready = performance.now();
    document.documentElement.setAttribute('data-diplokg-ready', '1');
    window.dispatchEvent(new CustomEvent('diplokg:ready', {detail: T}));
  }
  var labels = diplokgLabels(network, nodes, {count: meta.labelled || 0, base: large ? 12 : 16});
  if (meta.physics && nodes.length) {
    network.once('stabilizationIterationsDone', function () {
      T.stabilized = performance.now();
      network.once('afterDrawing', markReady);
      refit();
      network.redraw();
    });
  } else {
    network.once('afterDrawing', markReady);
    refit();
    network.redraw();
  }
  if (!nodes.length) setTimeout(markReady, 0);

  // ---- tooltip (hover) -------------------------------------------------------------------------------
  var tip = $('diplokg-tooltip'), wrap = $('diplokg-canvas-wrap');
  var mouse = {x: 0, y: 0};
  function track(ev) {
    var r = wrap.getBoundingClientRect(); mouse.x = ev.clientX - r.left; mouse.y = ev.clientY - r.top;
  }
  // capture phase: vis-network's input handling must not hide the pointer from us
  wrap.addEventListener('pointermove', track, true);
  wrap.addEventListener('mousemove', track, true);
  function showTip(content) {
    tip.replaceChildren(content);
    tip.hidden = false;
    var w = wrap.clientWidth, h = wrap.clientHeight;
    var x = mouse.x + 14, y = mouse.y + 14;
    if (x + tip.offsetWidth > w - 4) x = Math.max(4, mouse.x - tip.offsetWidth - 14);
    if (y + tip.offsetHeight > h - 4) y = Math.max(4, mouse.y - tip.offsetHeight - 14);
    tip.style.left = x + 'px'; tip.style.top = y + 'px';
  }
  function hideTip() { tip.hidden = true; tip.replaceChildren(); }
  function nodeTip(n) {
    var d = n.d, box = el('div');
    box.appendChild(el('strong', null, [d.label || n.label]));
    if (d.label_de && d.label_de !== d.label) box.appendChild(el('div', 'meta', ['de: ' + d.label_de]));
    box.appendChild(el('div', 'meta', [[d.code, d.type, d.country, d.qid].filter(Boolean).join(' \u00b7 ')]));
    box.appendChild(el('div', null, [d.event_count + ' events \u00b7 ' + d.degree + ' partners']));
    box.appendChild(el('div', 'hint', ['click for details']));
    return box;
  }
  function edgeTip(e) {
    var d = e.d, box = el('div');
    box.appendChild(el('strong', null, [d.source_label + ' \u2192 ' + d.target_label]));
    box.appendChild(el('div', null, [d.relation + (d.count > 1 ? ' (\u00d7' + d.count + ')' : '')]));
    box.appendChild(el('div', 'meta', ['CAMEO ' + (d.cameo || '?') + (d.cameo_label ? ' ' + d.cameo_label : '') +
      (d.plover_type ? ' \u00b7 PLOVER ' + d.plover_type : '') + ' \u00b7 Goldstein ' + fmtG(d.goldstein)]));
    box.appendChild(el('div', 'meta', [dateSpan(d)]));
    d.evidence.slice(0, 2).forEach(function (ev) {
      box.appendChild(el('div', 'q', ['\u201c' + truncate(ev.sentence, 220) + '\u201d']));
      box.appendChild(el('div', 'meta', [[ev.title, ev.date].filter(Boolean).join(' \u00b7 ')]));
    });
    if (d.evidence.length > 2) box.appendChild(el('div', 'hint', ['+' + (d.evidence.length - 2) + ' more \u2014 click for all']));
    else box.appendChild(el('div', 'hint', ['click for details and links']));
    return box;
  }
  network.on('hoverNode', function (p) { var n = nodes.get(p.node); if (n) showTip(nodeTip(n)); });
  network.on('hoverEdge', function (p) { var e = edges.get(p.edge); if (e) showTip(edgeTip(e)); });
  network.on('blurNode', hideTip);
  network.on('blurEdge', hideTip);
  network.on('dragStart', hideTip);
  network.on('zoom', hideTip);

  // ---- details panel (click) ---------------------------------------------------------------------
  var details = $('diplokg-details');
  function showIntro() {
    details.replaceChildren(
      el('h2', null, ['Details']),
      el('p', 'hint', ['Hover over an actor or a relation for a summary; click it for the full record ' +
        'with the evidence sentences and links to the articles.']),
      el('p', 'meta', [meta.n_nodes + ' actors \u00b7 ' + meta.n_edges + ' relations \u00b7 ' + meta.n_events +
        ' events' + (meta.date_min ? ' \u00b7 ' + meta.date_min + ' \u2013 ' + meta.date_max : '')]));
  }
  function showNode(id) {
    var n = nodes.get(id); if (!n) return;
    var d = n.d;
    var parts = [el('h2', null, [swatch(TYPE_COLOR[d.type] || meta.unknown_color, true), d.label || n.label])];
    parts.push(dl([
      ['English', d.label], ['German', d.label_de], ['Type', d.type], ['Actor code', d.code],
      ['Country', d.country], ['Sector', d.sector],
      ['Wikidata', wikidata(d.qid)], ['IRI', d.iri ? el('span', 'meta', [d.iri]) : null],
      ['Events', String(d.event_count)], ['Partners', String(d.degree)], ['Relations', String(d.relations)]
    ]));
    var conn = network.getConnectedEdges(id).map(function (eid) { return edges.get(eid); })
      .filter(Boolean).sort(function (a, b) { return b.d.count - a.d.count; });
    parts.push(el('h3', null, ['Top relations' + (conn.length > 10 ? ' (10 of ' + conn.length + ')' : '')]));
    var ol = el('ol');
    conn.slice(0, 10).forEach(function (e) {
      var out = e.from === id, other = out ? e.d.target_label : e.d.source_label;
      var b = el('button', 'rel', [(out ? '\u2192 ' : '\u2190 ') + other + ': ' + e.d.relation +
        (e.d.count > 1 ? ' \u00d7' + e.d.count : '')]);
      b.type = 'button';
      b.addEventListener('click', function () { selectEdge(e.id); });
      ol.appendChild(el('li', null, [swatch(edgeColor(e), false), b]));
    });
    if (!conn.length) ol.appendChild(el('li', 'hint', ['no visible relations']));
    parts.push(ol);
    details.replaceChildren.apply(details, parts);
    details.setAttribute('data-node', id); details.removeAttribute('data-edge');
  }
  var EVIDENCE_PAGE = 25;
  function evidenceItem(ev) {
    var li = el('li');
    var q = el('blockquote', null, [ev.sentence]);
    if (ev.lang) q.lang = ev.lang;
    li.appendChild(q);
    var m = el('div', 'meta');
    m.appendChild(link(ev.title || ev.article_id || 'article', ev.url));
    if (ev.date) m.appendChild(document.createTextNode(' \u00b7 ' + ev.date));
    if (ev.lang) m.appendChild(document.createTextNode(' \u00b7 ' + ev.lang));
    if (ev.reported) m.appendChild(el('span', 'flag', ['reported']));
    if (ev.negated) m.appendChild(el('span', 'flag', ['negated']));
    if (ev.modality && ev.modality !== 'asserted') m.appendChild(el('span', 'flag', [ev.modality]));
    if (ev.bad_url) m.appendChild(el('div', null, ['URL not linked (not http/https): ' + truncate(ev.bad_url, 120)]));
    li.appendChild(m);
    return li;
  }
  function showEdge(id) {
    var e = edges.get(id); if (!e) return;
    var d = e.d;
    var status = [];
    if (d.reported_only) status.push('all reported');
    if (d.negated_or_hypothetical) status.push('all negated or not factual');
    if (d.dashed && !status.length) status.push('only reported/negated/not-factual events');
    var parts = [
      el('h2', null, [d.source_label + ' \u2192 ' + d.target_label]),
      el('div', null, [swatch(edgeColor(e), false), el('strong', null, [d.relation]),
                       d.count > 1 ? ' \u00d7' + d.count : '']),
      dl([
        ['CAMEO', (d.cameo || '?') + (d.cameo_label ? ' \u2014 ' + d.cameo_label : '')],
        ['Root', d.cameo_root ? d.cameo_root + (ROOTS[d.cameo_root] ? ' \u2014 ' + ROOTS[d.cameo_root] : '') : null],
        ['QuadClass', d.quad_class ? d.quad_class + (QUAD[d.quad_class] ? ' \u2014 ' + QUAD[d.quad_class].label : '') : null],
        ['PLOVER', d.plover_type ? d.plover_type + (d.plover_mode ? ' (' + d.plover_mode + ')' : '') : '\u2014'],
        ['Goldstein', fmtG(d.goldstein)],
        ['Events', d.count + (d.n_reported ? ' \u00b7 ' + d.n_reported + ' reported' : '') +
                   (d.n_negated ? ' \u00b7 ' + d.n_negated + ' negated' : '') +
                   (d.n_nonfactual - d.n_negated > 0 ? ' \u00b7 ' + (d.n_nonfactual - d.n_negated) + ' not factual' : '')],
        ['Dates', dateSpan(d)],
        ['Places', placeSpan(d)],
        ['Status', status.length ? status.join('; ') + ' (dashed)' : null]
      ])
    ];
    parts.push(el('h3', null, ['Evidence (' + d.evidence.length + ')']));
    var ol = el('ol');
    ol.id = 'diplokg-evidence';
    d.evidence.slice(0, EVIDENCE_PAGE).forEach(function (ev) { ol.appendChild(evidenceItem(ev)); });
    parts.push(ol);
    if (d.evidence.length > EVIDENCE_PAGE) {
      var more = el('button', 'rel', ['show all ' + d.evidence.length]);
      more.type = 'button';
      more.addEventListener('click', function () {
        d.evidence.slice(EVIDENCE_PAGE).forEach(function (ev) { ol.appendChild(evidenceItem(ev)); });
        more.remove();
      });
      parts.push(more);
    }
    details.replaceChildren.apply(details, parts);
    details.setAttribute('data-edge', id); details.removeAttribute('data-node');
  }
  function selectEdge(id) { network.selectEdges([id]); showEdge(id); }
  function selectNode(id) { network.selectNodes([id]); showNode(id); }
  network.on('click', function (p) {
    hideTip();
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else showIntro();
  });

  // ---- colours, sizes, legend --------------------------------------------------------------------
  var TYPE_COLOR = {}; meta.types.forEach(function (t) { TYPE_COLOR[t.type] = t.color; });
  function edgeColor(e) { return state.colorBy === 'quadclass' ? e.d.c_q : e.d.c_g; }
  function applyColors() {
    edges.update(edges.get().map(function (e) {
      var c = edgeColor(e);
      return {id: e.id, color: {color: c, highlight: c, hover: c, inherit: false, opacity: 0.9}};
    }));
    legend();
  }
  function applySizes() {
    nodes.update(nodes.get().map(function (n) {
      return {id: n.id, size: state.sizeBy === 'events' ? n.d.size_events : n.d.size_degree};
    }));
    legend();
  }
  function legend() {
    var box = $('diplokg-legend'), parts = [];
    parts.push(el('div', 'meta', ['Actors (node colour)']));
    meta.types.forEach(function (t) { parts.push(el('div', null, [swatch(t.color, true), t.type.toLowerCase()])); });
    parts.push(el('div', 'meta', ['Node size: ' + (state.sizeBy === 'events' ? 'number of events' : 'number of partners')]));
    if (state.colorBy === 'quadclass') {
      parts.push(el('div', 'meta', ['Relations (edge colour): QuadClass']));
      meta.quad_classes.forEach(function (q) { parts.push(el('div', null, [swatch(q.color, false), q.quad + ' ' + q.label])); });
    } else {
      parts.push(el('div', 'meta', ['Relations (edge colour): mean Goldstein score']));
      var g = el('div', 'grad');
      g.style.background = 'linear-gradient(to right,' + meta.goldstein_stops.join(',') + ')';
      parts.push(g);
      parts.push(el('div', 'gradlab', [el('span', null, ['\u221210 conflict']), el('span', null, ['0']),
                                       el('span', null, ['+10 cooperation'])]));
    }
    parts.push(el('div', null, [swatch(meta.unknown_color, false), 'unknown']));
    parts.push(el('div', null, [el('span', 'bar'), 'solid: at least one asserted, direct event']));
    parts.push(el('div', null, [el('span', 'bar dash'), 'dashed: only reported, negated or hypothetical']));
    parts.push(el('div', 'meta', ['Edge width: number of supporting events; arrow: source \u2192 target']));
    box.replaceChildren.apply(box, parts);
  }

  // ---- toolbar -------------------------------------------------------------------------------------
  function opt(value, text) { var o = document.createElement('option'); o.value = value; o.textContent = text; return o; }
  meta.cameo_roots.forEach(function (r) { $('f-root').appendChild(opt(r.root, r.root + ' ' + r.label)); });
  meta.quad_classes.forEach(function (q) { $('f-quad').appendChild(opt(String(q.quad), q.quad + ' ' + q.label)); });
  var dlist = $('diplokg-actors');
  if (nodes.length <= 5000) nodes.forEach(function (n) { dlist.appendChild(opt(n.d.label || n.label, n.d.qid || n.d.type)); });
  ['f-from', 'f-to'].forEach(function (id) { if (meta.date_min) { $(id).min = meta.date_min; $(id).max = meta.date_max; } });
  $('f-color').value = state.colorBy; $('f-size').value = state.sizeBy;
  var timer = null;
  function readFilters() {
    state.root = $('f-root').value; state.quad = $('f-quad').value;
    state.minSupport = Math.max(1, parseInt($('f-support').value, 10) || 1);
    state.from = $('f-from').value; state.to = $('f-to').value;
    state.search = $('f-search').value; state.hideUncertain = $('f-uncertain').checked;
    strip.setRange(state.from, state.to);
    recompute();
  }
  ['f-root', 'f-quad', 'f-support', 'f-from', 'f-to', 'f-uncertain'].forEach(function (id) {
    $(id).addEventListener('change', readFilters);
  });
  $('f-support').addEventListener('input', readFilters);
  $('f-search').addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(readFilters, 200);
  });
  $('f-color').addEventListener('change', function () { state.colorBy = this.value; applyColors(); });
  $('f-size').addEventListener('change', function () { state.sizeBy = this.value; applySizes(); });
  $('f-physics').addEventListener('change', function () { network.setOptions({physics: {enabled: this.checked}}); });
  $('f-fit').addEventListener('click', refit);
  $('f-reset').addEventListener('click', function () {
    $('f-root').value = ''; $('f-quad').value = ''; $('f-support').value = '1'; $('f-from').value = '';
    $('f-to').value = ''; $('f-search').value = ''; $('f-uncertain').checked = false; state.place = '';
    readFilters(); showIntro();
  });

  legend();
  showIntro();
  recompute();

  function setFilters(f) {
    var map = {root: 'f-root', quad: 'f-quad', minSupport: 'f-support', from: 'f-from', to: 'f-to', search: 'f-search'};
    Object.keys(f || {}).forEach(function (k) {
      if (k === 'hideUncertain') $('f-uncertain').checked = !!f[k];
      else if (k === 'place') state.place = f[k] === null || f[k] === '' ? '' : String(f[k]);
      else if (map[k]) $(map[k]).value = String(f[k]);
    });
    readFilters();
  }
  window.diplokgNetwork = network;
  window.diplokg = {network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
                    data: DATA, state: state, showNode: showNode, showEdge: showEdge, selectEdge: selectEdge,
                    selectNode: selectNode, setFilters: setFilters, timings: T, strip: strip, map: facets.map,
                    labels: labels, refit: refit};
})();
