// Validating and compiling ASL definitions.
//
// validate() reports every problem it finds, each with the JSON Pointer of the offending field:
// missing or dangling StartAt/Next/Default, unreachable states, states with neither Next nor End,
// States.ALL not alone or not last, BackoffRate below 1, MaxDelaySeconds out of range, a field
// and its Path form together, HeartbeatSeconds not smaller than TimeoutSeconds, fields not
// allowed on a state type, unknown fields, wrong JSON types, and the other rules of the ASL spec.
// QueryLanguage "JSONata" (at the top or on a state) is accepted for Pass, Succeed, Choice, Wait,
// Fail and Task states (states_jsonata.cpp), with Assign and catchers' Output (assign.cpp,
// retry_catch.cpp); JSONata Parallel and Map are reported as not supported yet. Input of any
// shape or size is rejected or accepted without crashing, throwing or unbounded work (nesting
// depth and state counts are bounded).
#pragma once

#include <memory>
#include <variant>

#include "asl/model.h"
#include "asl/problem.h"

namespace wfsim::asl {

struct ParseLimits {
  size_t max_states = 10'000;  // All states, nested included.
  size_t max_depth = 32;       // Nesting of Parallel branches and Map processors.
};

// Every problem of a definition; empty when it is valid.
Problems validate(const Json& definition, const ParseLimits& limits = {});

// Validates and compiles. Returns the definition, or every problem found.
std::variant<std::shared_ptr<const Definition>, Problems> parse_definition(
    const Json& definition, const ParseLimits& limits = {});

// Parses JSON text first; a syntax error is reported as a problem at "" with the byte offset.
std::variant<std::shared_ptr<const Definition>, Problems> parse_definition_text(
    const std::string& text, const ParseLimits& limits = {});

// Classifies a Task resource ARN (see TaskKind); also returns resource_type and region.
struct ResourceInfo {
  TaskKind kind;
  std::string resource_type;
  std::string resource_name;
  std::string region;
};
std::optional<ResourceInfo> classify_resource(const std::string& resource);

// The name a person knows a resource by, for labels where the whole ARN does not fit: the
// activity's name ("ship" for "arn:aws:states:...:activity:ship"), the function's name with its
// qualifier if any ("resize", "resize:prod" for "arn:aws:lambda:...:function:resize:prod"), the
// integration for a service integration ("sqs:sendMessage.waitForTaskToken"), and for any other
// ARN its resource without the resource type ("Orders" for "...:table/Orders"). nullopt when
// `resource` is not an ARN (a state name, a Temporal activity type).
std::optional<std::string> resource_short_name(std::string_view resource);

}  // namespace wfsim::asl
