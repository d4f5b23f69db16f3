// The timeline page's style sheet (timeline_page.h): layout of the header, toolbar, lanes and
// tooltip, and one colour per outcome, fate and marker kind, shared by the SVG and the legend.
#include "scenario/timeline_page.h"

namespace wfsim::scenario::timeline {

std::string_view timeline_style() {
  return R"CSS(:root {
  --ok: #2e9d57; --fail: #d64541; --timeout: #e67e22; --caught: #c9a227; --ended: #8c8c8c;
  --cancel: #6c7a89; --rejected: #8e44ad; --silent: #a3adb3; --crash: #1f2d3a; --open: #2f80c8;
  --finding: #e0003c; --grid: #e3e6ea; --lane: #f7f8fa; --text: #1d232a;
}
body { margin: 0; font: 13px/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  color: var(--text); background: #fff; }
header { padding: 12px 16px 4px; border-bottom: 1px solid var(--grid); }
h1 { font-size: 18px; margin: 0 0 8px; }
h2 { font-size: 14px; margin: 8px 0 4px; }
table.summary { border-collapse: collapse; }
table.summary th { text-align: left; font-weight: normal; color: #5b6670; padding: 1px 12px 1px 0; }
table.summary td { padding: 1px 0; }
code { font: 12px "DejaVu Sans Mono", monospace; background: #f1f3f5; padding: 1px 4px; }
#findings ol { margin: 4px 0 8px; padding-left: 20px; }
#findings li { margin: 2px 0; }
#findings b { color: var(--finding); }
#findings .held { color: var(--ok); font-weight: bold; }
#toolbar { position: sticky; top: 0; z-index: 2; background: #fff; padding: 6px 16px;
  border-bottom: 1px solid var(--grid); }
#toolbar button, button.goto { font: inherit; padding: 2px 10px; cursor: pointer; }
#toolbar .hint { color: #7a858f; margin-left: 12px; }
#view-range { margin-left: 12px; font-variant-numeric: tabular-nums; }
#timeline-wrap { padding: 0 8px 8px; }
svg#timeline { display: block; width: 100%; user-select: none; cursor: grab; }
svg#timeline.dragging { cursor: grabbing; }
.lane-bg { fill: var(--lane); }
.lane-bg.odd { fill: #fff; }
.lane-label { font-size: 12px; fill: var(--text); }
.lane-label.k-execution, .lane-label.k-calls { font-weight: bold; }
.lane-label.k-worker { fill: #3d5a73; }
.section-rule { stroke: #b9c0c7; stroke-width: 1; }
.grid { stroke: var(--grid); stroke-width: 1; }
.axis-label { font-size: 11px; fill: #5b6670; }
.bar-label { font-size: 10px; fill: #fff; pointer-events: none; }
.bar-label.dark { fill: var(--text); }
.bar { stroke: none; }
.bar.k-run, .bar.k-iteration, .bar.k-activity, .bar.k-branch { opacity: 0.22; }
.bar.k-state { opacity: 0.45; }
.bar.queued { opacity: 0.3; }
.o-succeeded { fill: var(--ok); background: var(--ok); }
.o-failed { fill: var(--fail); background: var(--fail); }
.o-timed_out { fill: var(--timeout); background: var(--timeout); }
.o-caught { fill: var(--caught); background: var(--caught); }
.o-aborted, .o-ended, .o-restarted, .o-resumed { fill: var(--ended); background: var(--ended); }
.o-canceled { fill: var(--cancel); background: var(--cancel); }
.o-rejected { fill: var(--rejected); background: var(--rejected); }
.o-unanswered, .o-abandoned { fill: var(--silent); background: var(--silent); }
.o-crashed { fill: var(--crash); background: var(--crash); }
.o-open { fill: var(--open); background: var(--open); }
.bar.k-down { fill: url(#hatch-down); opacity: 1; }
.bar.k-paused { fill: url(#hatch-paused); opacity: 1; }
.sw.k-down { background: repeating-linear-gradient(45deg, #1f2d3a 0 3px, #fff 3px 6px); }
.sw.k-paused { background: repeating-linear-gradient(45deg, #e0a800 0 3px, #fff 3px 6px); }
.tick { stroke-width: 1.5; }
.f-delivered { stroke: var(--ok); background: var(--ok); }
.f-dropped { stroke: var(--fail); background: var(--fail); }
.f-answer_lost { stroke: var(--timeout); background: var(--timeout); }
.f-throttled { stroke: var(--rejected); background: var(--rejected); }
.f-rejected { stroke: var(--crash); background: var(--crash); }
.f-cancel_requested { stroke: var(--open); background: var(--open); }
.f-duplicate { stroke: var(--silent); background: var(--silent); }
.delay { stroke: #9aa4ad; stroke-width: 1; stroke-dasharray: 2 2; }
.marker { stroke: #fff; stroke-width: 1; }
.m-timeout { fill: var(--timeout); }
.m-fault { fill: var(--fail); }
.m-api { fill: var(--open); }
.m-api.rejected { fill: #fff; stroke: var(--open); stroke-width: 2; }
.m-redrive { fill: var(--rejected); }
.m-report.accepted { fill: var(--ok); }
.m-report.rejected { fill: var(--rejected); }
.m-report.dropped { fill: var(--fail); }
.m-report.answer_lost { fill: var(--timeout); }
.m-report.duplicate { fill: var(--silent); }
.m-crash { stroke: var(--crash); stroke-width: 2.5; fill: none; }
.m-cancel { fill: #fff; stroke: var(--cancel); stroke-width: 2; }
.m-failure { fill: var(--fail); }
.finding-line { stroke: var(--finding); stroke-width: 1.5; stroke-dasharray: 5 3; }
.finding-ring { fill: none; stroke: var(--finding); stroke-width: 3; }
.violated { stroke: var(--finding) !important; stroke-width: 3 !important; opacity: 1 !important; }
.hover { stroke: #000 !important; stroke-width: 2 !important; }
#tooltip { position: fixed; z-index: 5; max-width: 640px; max-height: 70vh; overflow: auto;
  background: #fff; border: 1px solid #9aa4ad; box-shadow: 0 2px 8px rgba(0,0,0,.2);
  padding: 6px 8px; pointer-events: none; }
#tooltip .tip-title { font-weight: bold; margin-bottom: 4px; white-space: pre-wrap; }
#tooltip pre { margin: 0; font: 11px/1.35 "DejaVu Sans Mono", monospace; white-space: pre-wrap;
  word-break: break-all; }
#legend { padding: 4px 16px 16px; border-top: 1px solid var(--grid); }
#legend p { margin: 4px 0; }
.sw { display: inline-block; width: 16px; height: 10px; margin: 0 4px 0 10px;
  vertical-align: baseline; border: 1px solid rgba(0,0,0,.15); }
)CSS";
}

}  // namespace wfsim::scenario::timeline
