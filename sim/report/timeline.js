// wfsim's timeline page script (sim/report/timeline.h): reads the run embedded as JSON in the
// page, draws lanes, axis, attempt bars, heartbeat ticks, markers and findings as SVG, shows
// details on hover, zooms (buttons, wheel, keys) and pans (drag) the time axis, and records what
// it drew, and any error, as data-* attributes of #wfsim-timeline for the browser test. With
// "#selftest" in the address it exercises its own controls. Plain JavaScript, no library; every
// string from the run reaches the page through textContent or an attribute value, never markup.
// Embedded into the wfsim binary at build time (cmake/embed.cmake); `node --check` runs on it in
// ctest (timeline_script_syntax).
(function () {
'use strict';
var SVG_NS = 'http://www.w3.org/2000/svg';
var root = document.getElementById('wfsim-timeline');
var errors = [];
function noteError(text) {
  errors.push(String(text));
  root.setAttribute('data-errors', String(errors.length));
  root.setAttribute('data-error-text', errors.join(' | ').slice(0, 2000));
}
window.onerror = function (message, source, line) {
  noteError(message + ' (line ' + line + ')');
  return false;
};
root.setAttribute('data-errors', '0');

var data = JSON.parse(document.getElementById('wfsim-timeline-data').textContent);
var svg = document.getElementById('timeline');
var LABEL_WIDTH = 300, ROW = 26, AXIS = 34, RIGHT = 16;
var full = { start: 0, end: Math.max(data.end_us, 1) };
full.end += Math.max(Math.round((full.end - full.start) * 0.02), 1);
var view = { start: full.start, end: full.end };
var drawn = { bars: 0, ticks: 0, markers: 0, findings: 0, renders: 0 };

function bySeq(list) {
  var out = {};
  (list || []).forEach(function (item) { out[item.seq] = item; });
  return out;
}
var callBySeq = bySeq(data.calls), traceBySeq = bySeq(data.trace);

function el(name, attrs, parent) {
  var node = document.createElementNS(SVG_NS, name);
  Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
  if (parent) parent.appendChild(node);
  return node;
}
function plotWidth() { return Math.max(svg.clientWidth || 1200, 700) - LABEL_WIDTH - RIGHT; }
function scale() { return plotWidth() / Math.max(view.end - view.start, 1); }
function xOf(t) { return LABEL_WIDTH + (t - view.start) * scale(); }
function tOf(x) { return view.start + (x - LABEL_WIDTH) / scale(); }
// Folded lanes (a Map Run's status groups and pages) hide the lanes nested in them until the
// reader clicks them open: rowOf[lane] is the lane's row, or -1 while it is hidden.
var unfolded = {}, rowOf = [], rowCount = 0;
function layout() {
  rowOf = [];
  rowCount = 0;
  data.lanes.forEach(function (lane) {
    var up = lane.parent;
    var shown = up < 0 || (rowOf[up] >= 0 && (!data.lanes[up].folded || !!unfolded[up]));
    rowOf.push(shown ? rowCount++ : -1);
  });
}
function shown(lane) { return rowOf[lane] >= 0; }
// The lane itself when drawn, else the nearest drawn lane above it.
function shownLane(lane) {
  while (lane >= 0 && !shown(lane)) lane = data.lanes[lane].parent;
  return Math.max(lane, 0);
}
function laneY(lane) { return AXIS + rowOf[lane] * ROW; }
function visible(start, end) { return end >= view.start && start <= view.end; }
function clampX(x) { return Math.min(Math.max(x, LABEL_WIDTH), LABEL_WIDTH + plotWidth()); }

function pad(n, width) {
  var text = String(n);
  while (text.length < width) text = '0' + text;
  return text;
}
// "+12.5 s", "+4:05", "+1:02:03"; decimals follow the tick step.
function formatOffset(us, stepUs) {
  var sign = us < 0 ? '-' : '+';
  var abs = Math.abs(us);
  var decimals = stepUs >= 1e6 ? 0 : stepUs >= 1e5 ? 1 : stepUs >= 1e4 ? 2 : stepUs >= 1e3 ? 3 : 6;
  var perSecond = Math.pow(10, decimals);
  var units = Math.round(abs / Math.pow(10, 6 - decimals));
  var whole = Math.floor(units / perSecond);
  var fraction = decimals ? '.' + pad(units - whole * perSecond, decimals) : '';
  if (whole < 60) return sign + whole + fraction + ' s';
  var h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
  var text = h > 0 ? h + ':' + pad(m, 2) + ':' + pad(s, 2) : m + ':' + pad(s, 2);
  return sign + text + fraction;
}
// The exact time: offset in microseconds and the calendar time from the scenario's epoch.
function exactTime(us) {
  var epochMs = Date.parse(data.epoch);
  var ms = Math.floor(us / 1000), micro = us - ms * 1000;
  var iso = isNaN(epochMs) ? '' : new Date(epochMs + ms).toISOString();
  if (iso) iso = iso.slice(0, -1) + pad(micro, 3) + 'Z';
  return formatOffset(us, 1) + (iso ? ' (' + iso + ')' : '');
}

function niceStep(span, pixels) {
  var raw = span / Math.max(pixels / 110, 1);
  var power = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
  var steps = [1, 2, 5, 10];
  for (var i = 0; i < steps.length; i++) {
    if (steps[i] * power >= raw) return Math.max(steps[i] * power, 1);
  }
  return 10 * power;
}

function drawAxis(group, height) {
  var step = niceStep(view.end - view.start, plotWidth());
  var first = Math.ceil(view.start / step) * step;
  for (var t = first; t <= view.end; t += step) {
    var x = xOf(t);
    el('line', { 'class': 'grid', x1: x, x2: x, y1: AXIS - 6, y2: height }, group);
    var label = el('text', { 'class': 'axis-label', x: x + 3, y: AXIS - 10 }, group);
    label.textContent = formatOffset(t, step);
  }
  return step;
}

function shortLabel(text, pixels) {
  var room = Math.floor(pixels / 6.4);
  if (text.length <= room) return text;
  return room > 1 ? text.slice(0, room - 1) + '\u2026' : '';
}

function drawLanes(group, width) {
  var previous = null;
  data.lanes.forEach(function (lane, i) {
    if (!shown(i)) return;
    var y = laneY(i);
    el('rect', { 'class': 'lane-bg' + (rowOf[i] % 2 ? ' odd' : ''), x: 0, y: y, width: width,
      height: ROW }, group);
    if (previous && (previous.kind === 'worker') !== (lane.kind === 'worker')) {
      el('line', { 'class': 'section-rule', x1: 0, x2: width, y1: y, y2: y }, group);
    }
    previous = lane;
    var indent = 8 + lane.depth * 14;
    var attrs = { 'class': 'lane-label k-' + lane.kind + (lane.title ? ' titled' : '') +
      (lane.folded ? ' foldable' : ''), x: indent, y: y + 17, 'data-item': 'l:' + i };
    if (lane.folded) attrs['data-fold'] = String(i);
    var label = el('text', attrs, group);
    var mark = lane.folded ? (unfolded[i] ? '\u25be ' : '\u25b8 ') : '';
    label.textContent = shortLabel(mark + lane.label, LABEL_WIDTH - indent - 6);
  });
}

var BAND_KINDS = { run: 1, iteration: 1, activity: 1, branch: 1 };
// [top, height] within a lane: a state visit fills it with its name in the upper half, its
// attempts sit in the lower half so both stay readable; a pause sits inside the task the worker
// holds, whose colour shows around it.
var BAR_BOX = { state: [3, 20], attempt: [14, 8], work: [6, 14], down: [6, 14], paused: [9, 8] };

function barRect(bar, index, group, violated) {
  var y = laneY(bar.lane), band = BAND_KINDS[bar.kind];
  var box = band ? [2, ROW - 4] : (BAR_BOX[bar.kind] || [7, 12]);
  var top = y + box[0], height = box[1];
  var x1 = clampX(xOf(bar.start)), x2 = clampX(xOf(bar.end));
  var cls = 'bar k-' + bar.kind + ' o-' + bar.outcome + (violated ? ' violated' : '');
  if (bar.started !== undefined && bar.started > bar.start) {
    var xs = clampX(xOf(bar.started));
    el('rect', { 'class': cls + ' queued', x: x1, y: top, width: Math.max(xs - x1, 1),
      height: height, 'data-item': 'b:' + index }, group);
    x1 = xs;
  }
  var width = Math.max(x2 - x1, 2);
  el('rect', { 'class': cls, x: x1, y: top, width: width, height: height,
    'data-item': 'b:' + index }, group);
  if (!band && width > 36 && height >= 12) {
    var state = bar.kind === 'state';
    var text = el('text', { 'class': 'bar-label' + (state ? ' dark' : ''), x: x1 + 3,
      y: state ? top + 9 : top + height / 2 + 3.5 }, group);
    text.textContent = shortLabel(bar.label, width - 6);
  }
}

function refersTo(refs, finding) {
  if (!refs) return false;
  if (finding.event_id > 0 && refs.events && refs.events.indexOf(finding.event_id) >= 0) {
    return true;
  }
  return finding.call > 0 && !!refs.calls && refs.calls.indexOf(finding.call) >= 0;
}
function isViolated(refs) {
  return data.findings.some(function (finding) { return refersTo(refs, finding); });
}

var LAYERS = [['run', 'iteration', 'activity', 'branch', 'maprun'],
  ['state', 'work', 'down', 'paused', 'bucket', 'child'], ['attempt']];
function drawBars(group) {
  LAYERS.forEach(function (kinds) {
    data.bars.forEach(function (bar, index) {
      if (kinds.indexOf(bar.kind) < 0 || !shown(bar.lane) || !visible(bar.start, bar.end)) {
        return;
      }
      barRect(bar, index, group, isViolated(bar.refs));
      drawn.bars++;
    });
  });
}

function drawTicks(group) {
  var seen = {};
  data.ticks.forEach(function (tick, index) {
    var lane = tick[0], at = tick[1], arrive = tick[2], fate = tick[3];
    if (!shown(lane) || !visible(at, arrive === null ? at : arrive)) return;
    var x = Math.round(xOf(at)), y = laneY(lane);
    var key = lane + ':' + x + ':' + fate + ':' + (arrive === null ? '' : Math.round(xOf(arrive)));
    if (seen[key]) return;
    seen[key] = true;
    var violated = data.findings.some(function (f) { return f.call > 0 && f.call === tick[4]; });
    if (arrive !== null) {
      el('line', { 'class': 'delay', x1: clampX(x), x2: clampX(xOf(arrive)), y1: y + ROW - 5,
        y2: y + ROW - 5 }, group);
    }
    el('line', { 'class': 'tick f-' + fate + (violated ? ' violated' : ''), x1: x, x2: x,
      y1: y + ROW - 10, y2: y + ROW - 2, 'data-item': 't:' + index }, group);
    drawn.ticks++;
  });
}

function markerShape(marker, x, y, group, attrs) {
  var mid = y + ROW / 2;
  var cls = 'marker m-' + marker.kind + (marker.fate ? ' ' + marker.fate : '');
  attrs['class'] = cls + (attrs.violated ? ' violated' : '');
  delete attrs.violated;
  var shapes = {
    timeout: function () { attrs.d = 'M' + x + ' ' + (mid - 7) + 'l7 7l-7 7l-7 -7z'; },
    failure: function () { attrs.d = 'M' + x + ' ' + (mid - 7) + 'l7 7l-7 7l-7 -7z'; },
    fault: function () { attrs.d = 'M' + (x - 6) + ' ' + (y + 2) + 'h12l-6 10z'; },
    api: function () { attrs.d = 'M' + (x - 6) + ' ' + (mid - 6) + 'h12v12h-12z'; },
    crash: function () {
      attrs.d = 'M' + (x - 5) + ' ' + (mid - 5) + 'l10 10m0 -10l-10 10';
    },
  };
  if (shapes[marker.kind]) {
    shapes[marker.kind]();
    return el('path', attrs, group);
  }
  var radius = marker.kind === 'report' ? 4 : 6;
  attrs.cx = x;
  attrs.cy = marker.kind === 'report' ? y + 7 : mid;
  attrs.r = radius;
  return el('circle', attrs, group);
}

function drawMarkers(group) {
  var seen = {};
  data.markers.forEach(function (marker, index) {
    var end = marker.arrive === undefined ? marker.at : marker.arrive;
    if (!shown(marker.lane) || !visible(marker.at, end)) return;
    var x = Math.round(xOf(marker.at)), y = laneY(marker.lane);
    var key = marker.lane + ':' + x + ':' + marker.kind + ':' + (marker.fate || '') + ':' +
      marker.label;
    if (seen[key]) return;
    seen[key] = true;
    if (marker.arrive !== undefined) {
      el('line', { 'class': 'delay', x1: clampX(x), x2: clampX(xOf(marker.arrive)), y1: y + 7,
        y2: y + 7 }, group);
    }
    markerShape(marker, x, y, group, { 'data-item': 'm:' + index,
      violated: isViolated(marker.refs) });
    drawn.markers++;
  });
}

function drawFindings(group, height) {
  data.findings.forEach(function (finding, index) {
    if (!visible(finding.at, finding.at)) return;
    var x = xOf(finding.at), y = laneY(shownLane(finding.lane));
    el('line', { 'class': 'finding-line', x1: x, x2: x, y1: AXIS - 4, y2: height }, group);
    el('circle', { 'class': 'finding-ring', cx: x, cy: y + ROW / 2, r: 10,
      'data-item': 'f:' + index }, group);
    drawn.findings++;
  });
}

function defs() {
  var d = el('defs', {}, svg);
  [['hatch-down', '#1f2d3a'], ['hatch-paused', '#e0a800']].forEach(function (pair) {
    var p = el('pattern', { id: pair[0], width: 6, height: 6, patternUnits: 'userSpaceOnUse',
      patternTransform: 'rotate(45)' }, d);
    el('rect', { width: 6, height: 6, fill: '#fff' }, p);
    el('rect', { width: 3, height: 6, fill: pair[1] }, p);
  });
}

var drawnKinds = {};
function noteKind(what, kind) {
  drawnKinds[what] = drawnKinds[what] || {};
  drawnKinds[what][kind] = true;
}
function kinds(what) { return Object.keys(drawnKinds[what] || {}).sort().join(','); }

function record() {
  drawnKinds = {};
  data.lanes.forEach(function (lane) { noteKind('lanes', lane.kind); });
  svg.querySelectorAll('[data-item]').forEach(function (node) {
    var item = node.getAttribute('data-item').split(':'), i = Number(item[1]);
    if (item[0] === 'b') noteKind('bars', data.bars[i].outcome);
    if (item[0] === 'm') noteKind('markers', data.markers[i].kind);
    if (item[0] === 't') noteKind('ticks', data.ticks[i][3]);
    if (item[0] === 'f') noteKind('markers', 'finding');
  });
  root.setAttribute('data-rendered', String(drawn.renders));
  root.setAttribute('data-lane-count', String(data.lanes.length));
  root.setAttribute('data-rows', String(rowCount));
  root.setAttribute('data-lane-kinds', kinds('lanes'));
  root.setAttribute('data-bar-outcomes', kinds('bars'));
  root.setAttribute('data-marker-kinds', kinds('markers'));
  root.setAttribute('data-tick-fates', kinds('ticks'));
  root.setAttribute('data-finding-count', String(data.findings.length));
  root.setAttribute('data-drawn', 'bars=' + drawn.bars + ' ticks=' + drawn.ticks + ' markers=' +
    drawn.markers + ' findings=' + drawn.findings);
  root.setAttribute('data-view', Math.round(view.start) + '..' + Math.round(view.end));
}

function render() {
  drawn = { bars: 0, ticks: 0, markers: 0, findings: 0, renders: drawn.renders + 1 };
  var width = Math.max(svg.clientWidth || 1200, 700);
  layout();
  var height = AXIS + rowCount * ROW + 8;
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  defs();
  var clip = el('clipPath', { id: 'plot-clip' }, svg.firstChild);
  el('rect', { x: LABEL_WIDTH, y: 0, width: plotWidth() + 1, height: height }, clip);
  drawLanes(el('g', { 'class': 'lanes' }, svg), width);
  drawAxis(el('g', { 'class': 'axis' }, svg), height);
  var plot = el('g', { 'class': 'plot', 'clip-path': 'url(#plot-clip)' }, svg);
  drawBars(plot);
  drawTicks(plot);
  drawMarkers(plot);
  drawFindings(plot, height);
  var range = document.getElementById('view-range');
  range.textContent = 'showing ' + formatOffset(view.start, 1000) + ' \u2026 ' +
    formatOffset(view.end, 1000) + ' of ' + formatOffset(data.end_us, 1000);
  record();
}

// --- Details on hover ------------------------------------------------------------------------
var tooltip = document.getElementById('tooltip');
var MAX_DETAILS = 8;
function span(start, end) {
  return exactTime(start) + '\n  to ' + exactTime(end) + '  (' +
    formatOffset(end - start, 1).slice(1) + ')';
}
function describe(code) {
  var item = code.split(':'), i = Number(item[1]);
  if (item[0] === 'b') {
    var bar = data.bars[i];
    return { title: bar.kind + ' ' + bar.label + ': ' + bar.outcome + '\n' +
      (bar.started !== undefined ? 'scheduled ' : '') + span(bar.start, bar.end) +
      (bar.started !== undefined ? '\nstarted ' + exactTime(bar.started) : ''), refs: bar.refs };
  }
  if (item[0] === 'm') {
    var m = data.markers[i];
    return { title: m.kind + ': ' + m.label + (m.fate ? ' (' + m.fate + ')' : '') + '\n' +
      exactTime(m.at) + (m.arrive !== undefined ? '\narrived ' + exactTime(m.arrive) : ''),
      refs: m.refs };
  }
  if (item[0] === 't') {
    var t = data.ticks[i];
    return { title: 'heartbeat: ' + t[3] + '\nsent ' + exactTime(t[1]) +
      (t[2] !== null ? '\narrived ' + exactTime(t[2]) : ''), refs: { calls: [t[4]] } };
  }
  if (item[0] === 'f') {
    var f = data.findings[i];
    return { title: f.kind + ' ' + f.name + '\n' + f.message + '\n' + exactTime(f.at),
      refs: { events: f.event_id > 0 ? [f.event_id] : [], calls: f.call > 0 ? [f.call] : [] } };
  }
  var lane = data.lanes[i];
  // A label shortened from an ARN ("ship/1") shows its full name here.
  return { title: lane.kind + ': ' + (lane.title || lane.label), refs: null };
}
function detailText(refs) {
  if (!refs) return '';
  var parts = [];
  if (refs.note) parts.push(refs.note);
  (refs.events || []).forEach(function (id) {
    parts.push('history event ' + id + ':\n' + JSON.stringify(data.history[id - 1], null, 2));
  });
  (refs.calls || []).forEach(function (seq) {
    parts.push('API call ' + seq + ':\n' + JSON.stringify(callBySeq[seq], null, 2));
  });
  (refs.trace || []).forEach(function (seq) {
    parts.push('trace record ' + seq + ':\n' + JSON.stringify(traceBySeq[seq], null, 2));
  });
  if (refs.child) {
    var rows = (data.child_histories || {})[refs.child];
    if (rows === null) {
      parts.push('its own history was kept but is not embedded in this page (the page keeps ' +
        'a bounded number of child events)');
    } else if (rows) {
      parts.push('its own history (' + rows.length + ' events):\n' + rows.map(function (row) {
        return row[0] + ' ' + row[1] + ' ' + formatOffset(row[2], 1000);
      }).join('\n'));
    }
  }
  if (refs.fault !== undefined) {
    parts.push('fault:\n' + JSON.stringify(data.faults[refs.fault], null, 2));
  }
  var more = parts.length - MAX_DETAILS;
  parts = parts.slice(0, MAX_DETAILS);
  if (more > 0) parts.push('\u2026 and ' + more + ' more');
  return parts.join('\n\n');
}
var hovered = null;
function showDetails(node, clientX, clientY) {
  var info = describe(node.getAttribute('data-item'));
  tooltip.querySelector('.tip-title').textContent = info.title;
  tooltip.querySelector('pre').textContent = detailText(info.refs);
  tooltip.hidden = false;
  var left = Math.min(clientX + 14, window.innerWidth - tooltip.offsetWidth - 8);
  var top = clientY + 14;
  if (top + tooltip.offsetHeight > window.innerHeight) {
    top = Math.max(clientY - tooltip.offsetHeight - 14, 4);
  }
  tooltip.style.left = Math.max(left, 4) + 'px';
  tooltip.style.top = top + 'px';
  if (hovered) hovered.classList.remove('hover');
  hovered = node;
  node.classList.add('hover');
}
function hideDetails() {
  tooltip.hidden = true;
  if (hovered) hovered.classList.remove('hover');
  hovered = null;
}

// --- Zoom and pan ----------------------------------------------------------------------------
var MIN_SPAN = 10;
function setView(start, end) {
  var whole = full.end - full.start;
  var width = Math.min(Math.max(end - start, MIN_SPAN), whole * 4);
  start = Math.max(Math.min(start, full.end - width * 0.1), full.start - width * 0.9);
  view.start = start;
  view.end = start + width;
  render();
}
function zoomAt(factor, center) {
  var start = center - (center - view.start) / factor;
  setView(start, start + (view.end - view.start) / factor);
}
function middle() { return (view.start + view.end) / 2; }
function focusFinding(index) {
  var finding = data.findings[index];
  if (!finding) return;
  var width = Math.max((full.end - full.start) / 20, Math.min(full.end - full.start, 2e6));
  setView(finding.at - width / 2, finding.at + width / 2);
  svg.scrollIntoView({ block: 'nearest' });
}
var drag = null;
function wire() {
  document.getElementById('zoom-in').addEventListener('click', function () {
    zoomAt(2, middle());
  });
  document.getElementById('zoom-out').addEventListener('click', function () {
    zoomAt(0.5, middle());
  });
  document.getElementById('zoom-fit').addEventListener('click', function () {
    setView(full.start, full.end);
  });
  var first = document.getElementById('zoom-finding');
  first.disabled = data.findings.length === 0;
  first.addEventListener('click', function () { focusFinding(0); });
  document.querySelectorAll('button.goto').forEach(function (button) {
    button.addEventListener('click', function () {
      focusFinding(Number(button.getAttribute('data-finding')));
    });
  });
  svg.addEventListener('wheel', function (event) {
    var x = event.clientX - svg.getBoundingClientRect().left;
    if (x < LABEL_WIDTH) return;
    event.preventDefault();
    zoomAt(event.deltaY < 0 ? 1.25 : 0.8, tOf(x));
  }, { passive: false });
  svg.addEventListener('mousedown', function (event) {
    var x = event.clientX - svg.getBoundingClientRect().left;
    if (event.button !== 0 || x < LABEL_WIDTH) return;
    drag = { x: event.clientX, start: view.start, end: view.end };
    svg.classList.add('dragging');
    event.preventDefault();
  });
  window.addEventListener('mousemove', function (event) {
    if (!drag) return;
    var shift = (event.clientX - drag.x) * (drag.end - drag.start) / plotWidth();
    setView(drag.start - shift, drag.end - shift);
  });
  window.addEventListener('mouseup', function () {
    drag = null;
    svg.classList.remove('dragging');
  });
  svg.addEventListener('dblclick', function () { setView(full.start, full.end); });
  // A folded lane's label opens or closes it.
  svg.addEventListener('click', function (event) {
    var fold = event.target.getAttribute && event.target.getAttribute('data-fold');
    if (fold === null || fold === undefined) return;
    unfolded[fold] = !unfolded[fold];
    hideDetails();
    render();
  });
  svg.addEventListener('mouseover', function (event) {
    var node = event.target;
    if (drag || !node.getAttribute || !node.getAttribute('data-item')) return;
    showDetails(node, event.clientX, event.clientY);
  });
  svg.addEventListener('mouseout', function (event) {
    if (event.target === hovered) hideDetails();
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === '+' || event.key === '=') zoomAt(2, middle());
    if (event.key === '-') zoomAt(0.5, middle());
    if (event.key === '0') setView(full.start, full.end);
  });
  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; render(); });
  });
}

// --- Self-test ("#selftest"): the page exercises its own controls ---------------------------
function selfTest() {
  var results = [];
  function check(name, ok) { results.push(name + (ok ? ':ok' : ':FAILED')); }
  var whole = view.end - view.start, rect = svg.getBoundingClientRect();
  var rendersBefore = drawn.renders;
  document.getElementById('zoom-in').click();
  check('zoom-in', Math.abs(view.end - view.start - whole / 2) <= 1 &&
    drawn.renders === rendersBefore + 1);
  var plotX = rect.left + LABEL_WIDTH + plotWidth() / 4, plotY = rect.top + AXIS + ROW / 2;
  svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, clientX: plotX, clientY: plotY,
    bubbles: true, cancelable: true }));
  check('wheel', view.end - view.start < whole / 2 - 1);
  var startBefore = view.start;
  svg.dispatchEvent(new MouseEvent('mousedown', { button: 0, clientX: plotX, clientY: plotY,
    bubbles: true }));
  window.dispatchEvent(new MouseEvent('mousemove', { clientX: plotX + 80, clientY: plotY }));
  window.dispatchEvent(new MouseEvent('mouseup', { clientX: plotX + 80, clientY: plotY }));
  check('drag', view.start < startBefore);
  document.getElementById('zoom-fit').click();
  check('fit', view.start === full.start && view.end === full.end);
  var titled = -1;
  data.lanes.forEach(function (lane, i) { if (titled < 0 && lane.title && shown(i)) titled = i; });
  if (titled >= 0) {
    // A lane labelled with a short name shows its full name (the ARN) on hover.
    var laneLabel = svg.querySelector('[data-item="l:' + titled + '"]');
    if (laneLabel) {
      var laneBox = laneLabel.getBoundingClientRect();
      laneLabel.dispatchEvent(new MouseEvent('mouseover', { bubbles: true,
        clientX: laneBox.left + 1, clientY: laneBox.top + 1 }));
    }
    var laneText = tooltip.textContent;
    check('lane-hover', !!laneLabel && !tooltip.hidden &&
      laneText.indexOf(data.lanes[titled].title) >= 0);
    root.setAttribute('data-lane-hover-text', laneText.slice(0, 300));
    hideDetails();
  }
  var fold = svg.querySelector('[data-fold]');
  if (fold) {
    // A folded lane (a large Map Run's status group) opens on a click and closes on another.
    var rows = rowCount, which = fold.getAttribute('data-fold');
    fold.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    check('unfold', rowCount > rows);
    svg.querySelector('[data-fold="' + which + '"]').dispatchEvent(
      new MouseEvent('click', { bubbles: true }));
    check('fold', rowCount === rows);
  }
  var target = svg.querySelector('[data-item^="f:"]') || svg.querySelector('[data-item^="b:"]');
  if (target) {
    var box = target.getBoundingClientRect();
    target.dispatchEvent(new MouseEvent('mouseover', { bubbles: true,
      clientX: box.left + 1, clientY: box.top + 1 }));
  }
  var text = tooltip.textContent;
  check('hover', !!target && !tooltip.hidden && text.indexOf('history event') >= 0);
  root.setAttribute('data-hover-text', text.slice(0, 600));
  hideDetails();
  root.setAttribute('data-selftest-detail', results.join(' '));
  root.setAttribute('data-selftest', results.every(function (r) {
    return r.slice(-3) === ':ok';
  }) ? 'passed' : 'failed');
}

// The address may ask for a view, "#view=<start us>..<end us>" (what data-view records), and the
// self-test, "#selftest"; several are joined with '&'.
function hashOptions() {
  var options = {};
  window.location.hash.replace(/^#/, '').split('&').forEach(function (part) {
    var pair = part.split('=');
    if (pair[0]) options[pair[0]] = pair.length > 1 ? pair[1] : true;
  });
  return options;
}

try {
  var options = hashOptions();
  var asked = /^(-?[0-9]+)\.\.(-?[0-9]+)$/.exec(options.view || '');
  if (asked && Number(asked[2]) > Number(asked[1])) {
    view.start = Number(asked[1]);
    view.end = Number(asked[2]);
  }
  render();
  wire();
  if (options.selftest) selfTest();
} catch (error) {
  noteError(error && error.stack ? error.stack : error);
  throw error;
}
})();
