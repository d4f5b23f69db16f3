// The timeline page's script, second part (timeline_page.h): rendering the whole view, recording
// what was drawn as data-* attributes, details on hover, zoom (buttons, wheel, keys) and pan
// (drag), the findings' "show" buttons, and the self-test run with "#selftest" in the address.
#include "scenario/timeline_page.h"

namespace wfsim::scenario::timeline {

std::string_view timeline_script_ui() {
  return R"JS(
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
  var height = AXIS + data.lanes.length * ROW + 8;
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
  return { title: lane.kind + ': ' + lane.label, refs: null };
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
)JS";
}

}  // namespace wfsim::scenario::timeline
