// The timeline page's script, first part (timeline_page.h): reading the embedded data, the time
// scale, and drawing lanes, axis, bars, ticks, markers and findings as SVG. Every string from the
// run reaches the page through textContent or an attribute value, never as markup.
//
// Ticks and markers that would land on the same pixel of a lane with the same look are drawn once,
// so a long run stays quick to draw at any zoom.
#include "scenario/timeline_page.h"

namespace wfsim::scenario::timeline {

std::string_view timeline_script_draw() {
  return R"JS((function () {
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
function laneY(lane) { return AXIS + lane * ROW; }
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
  data.lanes.forEach(function (lane, i) {
    var y = laneY(i);
    el('rect', { 'class': 'lane-bg' + (i % 2 ? ' odd' : ''), x: 0, y: y, width: width,
      height: ROW }, group);
    var previous = data.lanes[i - 1];
    if (previous && (previous.kind === 'worker') !== (lane.kind === 'worker')) {
      el('line', { 'class': 'section-rule', x1: 0, x2: width, y1: y, y2: y }, group);
    }
    var indent = 8 + lane.depth * 14;
    var label = el('text', { 'class': 'lane-label k-' + lane.kind, x: indent, y: y + 17,
      'data-item': 'l:' + i }, group);
    label.textContent = shortLabel(lane.label, LABEL_WIDTH - indent - 6);
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

var LAYERS = [['run', 'iteration', 'activity', 'branch'], ['state', 'work', 'down', 'paused'],
  ['attempt']];
function drawBars(group) {
  LAYERS.forEach(function (kinds) {
    data.bars.forEach(function (bar, index) {
      if (kinds.indexOf(bar.kind) < 0 || !visible(bar.start, bar.end)) return;
      barRect(bar, index, group, isViolated(bar.refs));
      drawn.bars++;
    });
  });
}

function drawTicks(group) {
  var seen = {};
  data.ticks.forEach(function (tick, index) {
    var lane = tick[0], at = tick[1], arrive = tick[2], fate = tick[3];
    if (!visible(at, arrive === null ? at : arrive)) return;
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
    if (!visible(marker.at, end)) return;
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
    var x = xOf(finding.at), y = laneY(finding.lane);
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
)JS";
}

}  // namespace wfsim::scenario::timeline
