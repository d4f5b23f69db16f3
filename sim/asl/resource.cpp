// Classifying Task resource ARNs: activities, legacy Lambda function ARNs, and service
// integrations with their pattern (request-response, .waitForTaskToken callback, .sync job).
//
// Only the ARN's shape is checked; whether the activity or function exists is the scenario's
// business.
#include <vector>

#include "asl/definition.h"

namespace wfsim::asl {
namespace {

// "arn:partition:service:region:account:resource..." -> its six fields; the resource keeps any
// further colons ("function:name:alias", "lambda:invoke.sync:2").
struct Arn {
  std::string_view partition, service, region, account, resource;
};

std::optional<Arn> split_arn(std::string_view text) {
  std::string_view parts[5];
  for (auto& part : parts) {
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    part = text.substr(0, colon);
    text.remove_prefix(colon + 1);
  }
  if (parts[0] != "arn" || !parts[1].starts_with("aws")) return std::nullopt;
  return Arn{parts[1], parts[2], parts[3], parts[4], text};
}

bool valid_api_name(std::string_view api) {
  if (api.empty()) return false;
  for (const char ch : api) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.';
    if (!ok) return false;
  }
  return true;
}

// "<service>:<api>[.waitForTaskToken|.sync|.sync:2]" or "aws-sdk:<service>:<api>[...]".
std::optional<ResourceInfo> classify_integration(std::string_view resource, std::string region) {
  const size_t colon = resource.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string type(resource.substr(0, colon));
  std::string_view api = resource.substr(colon + 1);
  if (type == "aws-sdk") {
    const size_t next = api.find(':');
    if (next == std::string_view::npos || next == 0) return std::nullopt;
    type += ':';
    type.append(api.substr(0, next));
    api.remove_prefix(next + 1);
  }
  TaskKind kind = TaskKind::request_response;
  std::string_view base = api;
  if (api.ends_with(".waitForTaskToken")) {
    kind = TaskKind::callback;
    base.remove_suffix(std::string_view(".waitForTaskToken").size());
  } else if (api.ends_with(".sync:2")) {
    kind = TaskKind::sync;
    base.remove_suffix(std::string_view(".sync:2").size());
  } else if (api.ends_with(".sync")) {
    kind = TaskKind::sync;
    base.remove_suffix(std::string_view(".sync").size());
  }
  if (!valid_api_name(base) || base.find('.') != std::string_view::npos) return std::nullopt;
  return ResourceInfo{kind, std::move(type), std::string(api), std::move(region)};
}

}  // namespace

std::optional<ResourceInfo> classify_resource(const std::string& resource) {
  const auto arn = split_arn(resource);
  if (!arn) return std::nullopt;
  std::string region(arn->region);
  if (arn->service == "states") {
    if (arn->resource.starts_with("activity:")) {
      if (arn->resource.size() == std::string_view("activity:").size()) return std::nullopt;
      return ResourceInfo{TaskKind::activity, "activity", resource, std::move(region)};
    }
    if (!arn->account.empty()) return std::nullopt;
    return classify_integration(arn->resource, std::move(region));
  }
  if (arn->service == "lambda" && arn->resource.starts_with("function:") &&
      arn->resource.size() > std::string_view("function:").size()) {
    return ResourceInfo{TaskKind::lambda_legacy, "lambda", resource, std::move(region)};
  }
  return std::nullopt;
}

std::optional<std::string> resource_short_name(std::string_view resource) {
  const auto arn = split_arn(resource);
  if (!arn || arn->resource.empty()) return std::nullopt;
  std::string_view name = arn->resource;
  const bool integration = arn->service == "states" && arn->account.empty();
  if (!integration) {
    // "activity:ship", "function:resize:prod", "table/Orders": drop the resource type only, so
    // a Lambda qualifier stays ("resize:prod" and "resize:2" are different functions to run).
    const size_t separator = name.find_first_of(":/");
    if (separator != std::string_view::npos && separator + 1 < name.size()) {
      name.remove_prefix(separator + 1);
    }
  }
  return std::string(name);
}

}  // namespace wfsim::asl
