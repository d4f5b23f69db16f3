// The timeline page (timeline.h): the static part a reader sees before the script draws anything
// (what ran, how it ended, every finding with its reproduce command, the legend), the embedded
// JSON, the style sheet and the script; and the escaping that keeps run data (scenario names,
// messages, event details: user data) from ever being read as markup or code.
#include <string>

#include "scenario/capsule.h"
#include "report/timeline.h"
#include "report/timeline_model.h"
#include "report/timeline_page.h"

namespace wfsim::report {
namespace timeline {
namespace {

// The length of the UTF-8 sequence starting at text[i], or 0 when it is not a valid one.
size_t utf8_length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  const size_t length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  const unsigned char second = byte(i + 1);
  if (lead == 0xE0 && second < 0xA0) return 0;  // Overlong.
  if (lead == 0xED && second >= 0xA0) return 0;  // Surrogates.
  if (lead == 0xF0 && second < 0x90) return 0;  // Overlong.
  if (lead == 0xF4 && second >= 0x90) return 0;  // Past U+10FFFF.
  return length;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    const size_t length = utf8_length(text, i);
    if (length == 0) {
      out += "\uFFFD";
      ++i;
      continue;
    }
    if (length > 1) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    ++i;
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
          out += "\uFFFD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string script_json(const Json& value) {
  const std::string text = value.dump(-1, ' ', true, Json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    // Outside strings JSON has none of these characters, so this only touches string contents.
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

std::string row(const char* label, const std::string& value) {
  return std::string("      <tr><th>") + label + "</th><td>" + html_escape(value) +
         "</td></tr>\n";
}

std::string summary_table(const TimelineInput& input, const Model& model) {
  const Scenario& scenario = *input.scenario;
  const world::RunResult& result = *input.result;
  const bool temporal = result.dialect == world::Dialect::temporal;
  const size_t history = temporal ? result.temporal_history.events.size()
                                  : result.history.events.size();
  std::string mutants;
  for (const std::string& name : input.mutants) mutants += (mutants.empty() ? "" : " ") + name;
  uint64_t faults = 0;
  for (const uint64_t count : result.faults_injected) faults += count;
  std::string out = "    <table class=\"summary\">\n";
  out += row("scenario", scenario.config.name +
                             (scenario.file.empty() ? "" : " (" + scenario.file + ")"));
  out += row("dialect", std::string(wfsim::scenario::to_string(result.dialect)));
  out += row("seed", std::to_string(result.seed) + (input.swarm ? " (swarm)" : ""));
  out += row("mutants", mutants.empty() ? "none" : mutants);
  out += row("status", result.final_status.empty() ? "(none)" : result.final_status);
  out += row("stop", wfsim::to_string(result.stop));
  out += row("virtual duration",
             std::to_string(result.virtual_duration.us() / 1'000'000) + "." +
                 std::to_string(1'000'000 + result.virtual_duration.us() % 1'000'000).substr(1) +
                 " s");
  out += row("recorded", std::to_string(history) + " history events, " +
                             std::to_string(result.calls.records.size()) + " API calls, " +
                             std::to_string(faults) + " faults injected");
  if (model.ticks_omitted > 0) {
    out += row("not drawn", std::to_string(model.ticks_omitted) + " delivered heartbeats (of " +
                                std::to_string(model.ticks.size() + model.ticks_omitted) +
                                "), thinned evenly; heartbeats of any other fate are all drawn");
  }
  out += row("digest", digest_hex(result.digest));
  out += "      <tr><th>reproduce</th><td><code>" + html_escape(input.command) +
         "</code></td></tr>\n    </table>\n";
  return out;
}

std::string findings_section(const TimelineInput& input) {
  const auto& findings = input.evaluation->findings;
  std::string out = "    <section id=\"findings\">\n";
  if (findings.empty()) {
    return out + "      <p class=\"held\">Every invariant and expectation held.</p>\n"
                 "    </section>\n";
  }
  out += "      <h2>Findings</h2>\n      <ol>\n";
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& finding = findings[i];
    std::string where;
    if (finding.event_id > 0) {
      where = " at event " + std::to_string(finding.event_id);
      if (!finding.event_type.empty()) where += " (" + finding.event_type + ")";
    }
    if (finding.call > 0) where += " call " + std::to_string(finding.call);
    out += "        <li class=\"finding\"><button type=\"button\" class=\"goto\" "
           "data-finding=\"" + std::to_string(i) + "\">show</button> <b>" +
           html_escape(finding.name) + "</b>" + html_escape(where) + ": " +
           html_escape(finding.message) + "</li>\n";
  }
  return out + "      </ol>\n    </section>\n";
}

constexpr const char* kToolbar = R"HTML(  <div id="toolbar">
    <button type="button" id="zoom-in" title="Zoom in (+)">Zoom in</button>
    <button type="button" id="zoom-out" title="Zoom out (-)">Zoom out</button>
    <button type="button" id="zoom-fit" title="Whole run (0)">Whole run</button>
    <button type="button" id="zoom-finding" title="Zoom to the first finding">First finding</button>
    <span id="view-range"></span>
    <span class="hint">Wheel: zoom at the pointer. Drag: pan. Hover: details.</span>
  </div>
)HTML";

constexpr const char* kLegend = R"HTML(  <section id="legend">
    <h2>Legend</h2>
    <p><b>Bars</b> (task attempts and what workers held; state visits lighter, runs, iterations
      and activities as pale bands; a lighter start is the wait between scheduling and start):
      <i class="sw o-succeeded"></i>succeeded <i class="sw o-failed"></i>failed
      <i class="sw o-timed_out"></i>timed out <i class="sw o-caught"></i>failed and caught
      <i class="sw o-aborted"></i>aborted or ended with the execution
      <i class="sw o-canceled"></i>canceled <i class="sw o-rejected"></i>report rejected
      <i class="sw o-unanswered"></i>report unanswered, task abandoned
      <i class="sw o-crashed"></i>worker crashed <i class="sw o-open"></i>still open at the end
      <i class="sw k-down"></i>worker down <i class="sw k-paused"></i>worker paused</p>
    <p><b>Heartbeat ticks</b> (at the send; a dashed line to the arrival when delayed):
      <i class="sw f-delivered"></i>delivered <i class="sw f-dropped"></i>dropped
      <i class="sw f-answer_lost"></i>answer lost <i class="sw f-throttled"></i>throttled
      <i class="sw f-rejected"></i>rejected (task gone)
      <i class="sw f-cancel_requested"></i>cancel requested</p>
    <p><b>Markers</b>: &#9670; timeout, &#9660; fault, &#9632; scenario API call (hollow:
      refused), &#9679; redrive, small dots: worker reports (green accepted, purple rejected,
      red dropped, orange answer lost, grey network duplicate), &#10005; Crash behaviour,
      &#9675; cancel request. A red dashed line and ring mark each finding; the items of its
      event or call are outlined in red.</p>
  </section>
)HTML";

}  // namespace
}  // namespace timeline

std::string timeline_html(const TimelineInput& input) {
  using namespace timeline;
  const Model model = build_model(input);
  const std::string title = "wfsim timeline: " + input.scenario->config.name + " seed " +
                            std::to_string(input.result->seed);
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"generator\" content=\"wfsim " +
                     std::string(wfsim_version()) + "\">\n<title>" + html_escape(title) +
                     "</title>\n<style>\n";
  page += timeline_style();
  page += "</style>\n</head>\n<body>\n<div id=\"wfsim-timeline\" data-rendered=\"0\">\n"
          "  <header>\n    <h1>" + html_escape(title) + "</h1>\n";
  page += summary_table(input, model);
  page += findings_section(input);
  page += "  </header>\n";
  page += kToolbar;
  page += "  <div id=\"timeline-wrap\"><svg id=\"timeline\" "
          "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" +
          html_escape(title) + "\"></svg></div>\n";
  page += "  <noscript><p>The timeline is drawn by this page's inline script; allow JavaScript "
          "for file pages to see it.</p></noscript>\n";
  page += "  <div id=\"tooltip\" hidden><div class=\"tip-title\"></div><pre></pre></div>\n";
  page += kLegend;
  page += "</div>\n<script type=\"application/json\" id=\"wfsim-timeline-data\">";
  page += script_json(model_to_json(model, input));
  page += "</script>\n<script>\n";
  page += timeline_script();
  page += "</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace wfsim::report
