// Validation and compilation of the Distributed Map fields (DMAP-1.1, 1.2, 2.3, 2.9 to 2.13,
// 4.1, 7.1, 10.2): what compiles into DistributedSpec, and each bad input reported at its JSON
// Pointer.
#include <boost/test/unit_test.hpp>

#include "asl/definition.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;

// A Distributed Map "S" (STANDARD children) with `extra` fields, going to Succeed "T".
Json distributed(const Json& extra = Json::object(), const char* type = "STANDARD") {
  Json state = json(R"({"Type": "Map", "Next": "T", "ItemProcessor": {
      "ProcessorConfig": {"Mode": "DISTRIBUTED"},
      "StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}})");
  state["ItemProcessor"]["ProcessorConfig"]["ExecutionType"] = type;
  for (auto it = extra.begin(); it != extra.end(); ++it) state[it.key()] = *it;
  Json source = test::single_state(state);
  source["States"]["T"] = json(R"({"Type": "Succeed"})");
  return source;
}

Problems problems_of(const Json& extra) { return validate(distributed(extra)); }

const DistributedSpec& spec_of(const std::shared_ptr<const Definition>& definition) {
  const auto& map = definition->root.states.front().map;
  BOOST_REQUIRE(map.has_value() && map->distributed.has_value());
  return *map->distributed;
}

Json csv_reader(const Json& config) {
  Json reader = json(R"({"Resource": "arn:aws:states:::s3:getObject",
      "Parameters": {"Bucket": "in", "Key": "rows.csv"}})");
  reader["ReaderConfig"] = config;
  return Json{{"ItemReader", reader}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(distributed_map_validation)

BOOST_AUTO_TEST_CASE(a_distributed_map_compiles_reader_batcher_writer_and_label) {
  auto definition = test::parse_ok(distributed(json(R"({
      "Label": "Rows", "MaxConcurrency": 5, "ToleratedFailurePercentage": 10,
      "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
        "Parameters": {"Bucket": "in", "Key.$": "$.key"},
        "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN",
                         "CSVHeaders": ["a", "b"], "CSVDelimiter": "PIPE", "MaxItems": 7}},
      "ItemBatcher": {"MaxItemsPerBatch": 3, "MaxInputBytesPerBatch": 1000,
                      "BatchInput": {"run.$": "$.run"}},
      "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {"Bucket": "out", "Prefix": "runs"},
        "WriterConfig": {"OutputType": "JSONL", "Transformation": "FLATTEN"}}})"),
                                                   "EXPRESS"));
  const DistributedSpec& spec = spec_of(definition);
  BOOST_CHECK(spec.execution_type == ChildExecutionType::express);
  BOOST_CHECK_EQUAL(spec.label, "Rows");
  BOOST_REQUIRE(spec.reader.has_value());
  BOOST_CHECK(spec.reader->resource == ReaderResource::get_object);
  BOOST_CHECK(spec.reader->parameters.has_value());
  BOOST_CHECK(spec.reader->input_type == ReaderInputType::csv);
  BOOST_CHECK(spec.reader->csv_header_location == CsvHeaderLocation::given);
  BOOST_CHECK_EQUAL(spec.reader->csv_headers.size(), 2u);
  BOOST_CHECK_EQUAL(spec.reader->csv_delimiter, '|');
  BOOST_CHECK_EQUAL(*spec.reader->max_items.literal_count(), 7);
  BOOST_REQUIRE(spec.batcher.has_value());
  BOOST_CHECK_EQUAL(*spec.batcher->max_items_per_batch.literal_count(), 3);
  BOOST_CHECK_EQUAL(*spec.batcher->max_input_bytes_per_batch.literal_count(), 1000);
  BOOST_CHECK(spec.batcher->batch_input.has_value());
  BOOST_REQUIRE(spec.writer.has_value());
  BOOST_CHECK(spec.writer->to_s3);
  BOOST_CHECK(spec.writer->output_type == WriterOutputType::jsonl);
  BOOST_CHECK(spec.writer->transformation == WriterTransformation::flatten);
}

BOOST_AUTO_TEST_CASE(a_listing_reader_and_path_forms_compile) {
  auto definition = test::parse_ok(distributed(json(R"({
      "ToleratedFailureCountPath": "$.tolerated", "MaxConcurrencyPath": "$.concurrency",
      "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
        "Parameters": {"Bucket.$": "$.bucket", "Prefix": "logs/"},
        "ReaderConfig": {"MaxItemsPath": "$.max"}},
      "ItemBatcher": {"MaxInputBytesPerBatchPath": "$.bytes"}})")));
  const DistributedSpec& spec = spec_of(definition);
  BOOST_CHECK(spec.reader->resource == ReaderResource::list_objects_v2);
  BOOST_CHECK_EQUAL(spec.reader->max_items.path->text(), "$.max");
  BOOST_CHECK_EQUAL(spec.batcher->max_input_bytes_per_batch.path->text(), "$.bytes");
  BOOST_CHECK(spec.label.empty());
}

// A JSONata Distributed Map (DMAP-1.4, JSONATA-1.6, 1.8, 1.10): its fields are expressions in
// the base fields; the JSONPath *Path forms and Parameters are reported.
Json jsonata_distributed(const Json& extra) {
  Json source = distributed(extra);
  source["QueryLanguage"] = "JSONata";
  return source;
}

BOOST_AUTO_TEST_CASE(a_jsonata_distributed_map_compiles_its_expressions) {
  auto definition = test::parse_ok(jsonata_distributed(json(R"({
      "Items": "{% $states.input.rows %}",
      "ItemSelector": {"row": "{% $states.context.Map.Item.Value %}"},
      "MaxConcurrency": "{% $states.input.width %}", "ToleratedFailureCount": 2,
      "ToleratedFailurePercentage": "{% 10 %}",
      "ItemBatcher": {"MaxItemsPerBatch": "{% $states.input.per %}",
                      "MaxInputBytesPerBatch": 1000,
                      "BatchInput": {"at": "{% $states.context.State.EnteredTime %}"}},
      "Output": {"n": "{% $count($states.result) %}"}})")));
  const State& state = definition->root.states.front();
  BOOST_CHECK(state.query_language == QueryLanguage::jsonata);
  BOOST_REQUIRE(state.map->jsonata.has_value());
  BOOST_CHECK(state.map->jsonata->items.has_value());
  BOOST_CHECK(state.map->jsonata->item_selector.has_value());
  BOOST_CHECK(state.map->jsonata->max_concurrency.query.has_value());
  BOOST_CHECK_EQUAL(*state.map->jsonata->tolerated_failure_count.literal, 2.0);
  BOOST_CHECK(state.map->jsonata->tolerated_failure_percentage.query.has_value());
  const DistributedSpec& spec = spec_of(definition);
  BOOST_REQUIRE(spec.batcher.has_value());
  BOOST_CHECK(spec.batcher->max_items_per_batch.query.has_value());
  BOOST_CHECK_EQUAL(*spec.batcher->max_input_bytes_per_batch.literal_count(), 1000);
  BOOST_CHECK(spec.batcher->batch_input_query.has_value());
  BOOST_CHECK(!spec.batcher->batch_input.has_value());
}

BOOST_AUTO_TEST_CASE(a_jsonata_distributed_map_rejects_the_jsonpath_forms) {
  const auto problems = [](const char* extra) {
    return validate(jsonata_distributed(json(extra)));
  };
  WFSIM_CHECK_PROBLEM(problems(R"({"ItemsPath": "$.rows"})"), "/States/S/ItemsPath",
                      "is a JSONPath field");
  WFSIM_CHECK_PROBLEM(problems(R"({"ToleratedFailureCountPath": "$.n"})"),
                      "/States/S/ToleratedFailureCountPath", "is a JSONPath field");
  WFSIM_CHECK_PROBLEM(problems(R"({"ItemBatcher": {"MaxItemsPerBatchPath": "$.n"}})"),
                      "/States/S/ItemBatcher/MaxItemsPerBatchPath", "is a JSONPath field");
  WFSIM_CHECK_PROBLEM(problems(R"({"ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                                   "Parameters": {"Bucket": "b", "Key": "k"}}})"),
                      "/States/S/ItemReader/Parameters", "use Arguments");
  WFSIM_CHECK_PROBLEM(problems(R"({"Items": 3})"), "/States/S/Items", "must be an array");
  WFSIM_CHECK_PROBLEM(problems(R"({"ToleratedFailurePercentage": 101})"),
                      "/States/S/ToleratedFailurePercentage", "a number from 0 to 100");
}

BOOST_AUTO_TEST_CASE(a_jsonata_distributed_maps_children_keep_the_top_level_language) {
  // JSONATA-1.1, 1.4: a state without QueryLanguage takes the machine's, not its Map's.
  Json source = distributed(json(R"({"QueryLanguage": "JSONata", "Items": [1]})"));
  auto definition = test::parse_ok(source);
  const State& state = definition->root.states.front();
  BOOST_CHECK(state.query_language == QueryLanguage::jsonata);
  BOOST_CHECK(state.map->processor->states.front().query_language == QueryLanguage::jsonpath);
  auto all_jsonata = test::parse_ok(jsonata_distributed(json(R"({"Items": [1]})")));
  BOOST_CHECK(all_jsonata->root.states.front().map->processor->states.front().query_language ==
              QueryLanguage::jsonata);
}

BOOST_AUTO_TEST_CASE(distributed_mode_needs_an_execution_type) {
  Json source = distributed();
  source["States"]["S"]["ItemProcessor"]["ProcessorConfig"].erase("ExecutionType");
  WFSIM_CHECK_PROBLEM(validate(source), "/States/S/ItemProcessor/ProcessorConfig",
                      "must have ExecutionType");
}

BOOST_AUTO_TEST_CASE(reader_resources_fields_and_input_types_are_checked) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ItemReader": {"Resource":
      "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b"}}})")),
                      "/States/S/ItemReader/Resource", "s3:getObject");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ItemReader": {"Resource":
      "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"},
      "Extra": 1}})")), "/States/S/ItemReader/Extra", "unknown field 'Extra' in an ItemReader");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ItemReader": {"Resource":
      "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b"}}})")),
                      "/States/S/ItemReader/Parameters", "must have Key");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ItemReader": {"Resource":
      "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k", "Range": 1}}})")),
                      "/States/S/ItemReader/Parameters/Range", "unknown field 'Range'");
  WFSIM_CHECK_PROBLEM(problems_of(csv_reader(json(R"({"InputType": "XML"})"))),
                      "/States/S/ItemReader/ReaderConfig/InputType", "\"JSONL\"");
  WFSIM_CHECK_PROBLEM(problems_of(csv_reader(json(R"({"InputType": "CSV", "Header": 1})"))),
                      "/States/S/ItemReader/ReaderConfig/Header",
                      "unknown field 'Header' in a ReaderConfig");
  WFSIM_CHECK_PROBLEM(problems_of(csv_reader(json(R"({"InputType": "CSV",
      "CSVHeaderLocation": "GIVEN"})"))), "/States/S/ItemReader/ReaderConfig",
                      "needs CSVHeaders");
  WFSIM_CHECK_PROBLEM(problems_of(csv_reader(json(R"({"InputType": "CSV",
      "CSVHeaders": ["a"]})"))), "/States/S/ItemReader/ReaderConfig/CSVHeaders",
                      "CSVHeaderLocation \"GIVEN\"");
  WFSIM_CHECK_PROBLEM(problems_of(csv_reader(json(R"({"InputType": "CSV",
      "CSVDelimiter": "COLON"})"))), "/States/S/ItemReader/ReaderConfig/CSVDelimiter",
                      "\"TAB\"");
  WFSIM_CHECK_PROBLEM(problems_of(csv_reader(json(R"({"InputType": "CSV", "MaxItems": -1})"))),
                      "/States/S/ItemReader/ReaderConfig/MaxItems", "non-negative");
  WFSIM_CHECK_PROBLEM(problems_of(csv_reader(json(R"({"InputType": "CSV", "MaxItems": 1,
      "MaxItemsPath": "$.m"})"))), "/States/S/ItemReader/ReaderConfig",
                      "cannot have both MaxItems and MaxItemsPath");
  WFSIM_CHECK_PROBLEM(problems_of(csv_reader(json(R"({"InputType": "CSV",
      "ItemsPointer": "/a"})"))), "/States/S/ItemReader/ReaderConfig/ItemsPointer",
                      "reader of JSON");
  WFSIM_CHECK_PROBLEM(problems_of(csv_reader(json(R"({"Transformation": "LOAD_AND_FLATTEN",
      "InputType": "JSON"})"))), "/States/S/ItemReader/ReaderConfig/Transformation",
                      "s3:listObjectsV2");
}

BOOST_AUTO_TEST_CASE(batcher_needs_a_bound_within_256_kib) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ItemBatcher": {"BatchInput": {}}})")),
                      "/States/S/ItemBatcher", "needs MaxItemsPerBatch");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ItemBatcher": {"MaxInputBytesPerBatch": 300000}})")),
                      "/States/S/ItemBatcher/MaxInputBytesPerBatch", "262144");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ItemBatcher": {"MaxItemsPerBatch": 2,
      "Size": 1}})")), "/States/S/ItemBatcher/Size", "unknown field 'Size' in an ItemBatcher");
}

BOOST_AUTO_TEST_CASE(writer_resource_parameters_and_config_are_checked) {
  WFSIM_CHECK_NO_PROBLEMS(problems_of(json(R"({"ResultWriter": {"WriterConfig":
      {"OutputType": "JSON", "Transformation": "COMPACT"}}})")));
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ResultWriter": {"Resource":
      "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b"}}})")),
                      "/States/S/ResultWriter/Resource", "s3:putObject");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ResultWriter": {"Resource":
      "arn:aws:states:::s3:putObject"}})")), "/States/S/ResultWriter",
                      "must have Parameters");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ResultWriter": {"Parameters": {"Bucket": "b"}}})")),
                      "/States/S/ResultWriter", "need Resource");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ResultWriter": {}})")), "/States/S/ResultWriter",
                      "needs Resource");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ResultWriter": {"WriterConfig":
      {"Transformation": "ZIP"}}})")),
                      "/States/S/ResultWriter/WriterConfig/Transformation", "\"FLATTEN\"");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"ResultWriter": {"WriterConfig": {"Compress": 1}}})")),
                      "/States/S/ResultWriter/WriterConfig/Compress",
                      "unknown field 'Compress' in a WriterConfig");
}

BOOST_AUTO_TEST_CASE(labels_follow_the_documented_rules_and_are_unique) {
  WFSIM_CHECK_NO_PROBLEMS(problems_of(json(R"({"Label": "Rows-2024_01.v2"})")));
  for (const char* bad : {"has space", "a*b", "a:b", "x{y}", "dollar$", "quote\"", "tab\t"}) {
    WFSIM_CHECK_PROBLEM(problems_of(Json{{"Label", bad}}), "/States/S/Label", "must not contain");
  }
  WFSIM_CHECK_PROBLEM(problems_of(Json{{"Label", std::string(41, 'x')}}), "/States/S/Label",
                      "1 to 40");
  WFSIM_CHECK_PROBLEM(problems_of(Json{{"Label", 3}}), "/States/S/Label", "must be a string");
  Json twice = distributed(json(R"({"Label": "Same"})"));
  twice["States"]["S"]["Next"] = "U";
  twice["States"]["U"] = twice["States"]["S"];
  twice["States"]["U"]["Next"] = "T";
  WFSIM_CHECK_PROBLEM(validate(twice), "/States/U/Label", "already used at /States/S/Label");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
