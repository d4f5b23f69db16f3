// The pieces of a timeline page (timeline.h) besides its model: escaping for the two places run
// data goes (HTML text and attributes; JSON inside a <script> element), the style sheet and the
// script. Internal to sim/scenario; the tests use the escaping functions directly.
//
// The script is plain JavaScript with no library: it parses the embedded JSON, draws the SVG,
// shows details on hover, zooms and pans the time axis, and records what it drew (and any error)
// as data-* attributes of #wfsim-timeline, which the browser test reads. With "#selftest" in the
// address it also clicks its own zoom buttons, scrolls, drags and hovers, and records whether
// each did what it should.
#pragma once

#include <string>
#include <string_view>

#include "record/json.h"

namespace wfsim::report::timeline {

// Text for HTML content or a quoted attribute value: & < > " ' escaped, invalid UTF-8 and control
// characters (other than tab and newline) replaced by U+FFFD.
std::string html_escape(std::string_view text);

// JSON text safe inside <script type="application/json">: ASCII only, and '<', '>' and '&'
// written as \u003c, \u003e, \u0026 so no "</script>" or "<!--" can appear in it.
std::string script_json(const Json& value);

// The style sheet and the script: sim/report/timeline.css and timeline.js, embedded at build time
// (cmake/embed.cmake).
std::string_view timeline_style();
std::string_view timeline_script();

}  // namespace wfsim::report::timeline
