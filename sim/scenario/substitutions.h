// Definition substitutions (docs/scenario-format.md "definition_substitutions"): the `${Name}`
// placeholders of SAM DefinitionSubstitutions, CDK and Terraform templates, replaced in every
// string of a definition before it is parsed, and the check that none is left: an unreplaced
// placeholder is a problem showing the value and naming the placeholder, at its JSON pointer.
//
// This file replaces text; it does not read the scenario key (scenario_load.cpp does) or parse the
// definition.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "record/json.h"
#include "scenario/reader.h"

namespace wfsim::scenario {

using Substitutions = std::map<std::string, std::string, std::less<>>;

// Replaces each `${Name}` with a value in every string (not in keys) of `definition`.
void substitute(Json& definition, const Substitutions& values);

// The names of the `${Name}` placeholders in `definition`'s strings, each once, sorted.
std::vector<std::string> placeholder_names(const Json& definition);

// One problem per string of `definition` that still holds a `${...}`, at `prefix` + its pointer.
// `hint` ends the message (how to give the value). True when there was none.
bool check_no_placeholders(const Json& definition, Reader& reader, const std::string& prefix,
                           const std::string& hint);

}  // namespace wfsim::scenario
