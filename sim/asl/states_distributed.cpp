// Compiling the fields of a Distributed Map (DMAP-1.1, 1.4, 2.3, 2.9 to 2.13, 4.1, 7.1, 10.2):
// ProcessorConfig's ExecutionType, Label (length, characters, uniqueness), ItemReader and its
// ReaderConfig, ItemBatcher and ResultWriter with its WriterConfig. Every unknown field, a
// reader resource that is not s3:getObject or s3:listObjectsV2, an InputType AWS does not
// support and each impossible combination is a Problem at the field's JSON Pointer.
//
// Not here: ProcessorConfig Mode (states_work.cpp decides inline or distributed), the fields an
// inline Map shares (states_work.cpp, states_jsonata.cpp), and anything S3 does at run time.
#include <algorithm>
#include <array>

#include "asl/compiler.h"

namespace wfsim::asl::detail {
namespace {

constexpr std::string_view kGetObject = "arn:aws:states:::s3:getObject";
constexpr std::string_view kListObjects = "arn:aws:states:::s3:listObjectsV2";
constexpr std::string_view kPutObject = "arn:aws:states:::s3:putObject";
constexpr int64_t kMaxReaderItems = 100'000'000;     // DMAP-2.13: literal range at create time.
constexpr int64_t kMaxBatchBytes = 262'144;          // DMAP-4.1: 256 KiB.
constexpr size_t kMaxLabelLength = 40;               // DMAP-7.1.

template <size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view key) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

// Reports every key of `object` outside `allowed` ("unknown field 'X' in an ItemReader").
template <size_t N>
void check_keys(DefinitionCompiler& compiler, const Json& object, const std::string& pointer,
                const std::array<std::string_view, N>& allowed, std::string_view where) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (one_of(allowed, it.key())) continue;
    compiler.problem(pointer + "/" + pointer_segment(it.key()),
                     "unknown field '" + it.key() + "' in " + std::string(where));
  }
}

// The opening every block of a Distributed Map shares (ItemReader, ReaderConfig, ItemBatcher,
// ResultWriter, WriterConfig): `json` must be an object, and every key outside `allowed` is a
// problem. False (and the problem reported) when it is not an object.
template <size_t N>
bool open_block(DefinitionCompiler& compiler, const Json& json, const std::string& pointer,
                const std::array<std::string_view, N>& allowed, std::string_view where) {
  if (!json.is_object()) {
    compiler.problem(pointer, "must be an object");
    return false;
  }
  check_keys(compiler, json, pointer, allowed, where);
  return true;
}

// An enumerated string field: its index in `names`, or nullopt (absent, or a problem).
template <size_t N>
std::optional<size_t> enum_field(DefinitionCompiler& compiler, const StateSource& source,
                                 std::string_view key,
                                 const std::array<std::string_view, N>& names) {
  const Json* value = source.field(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) {
    const auto it = std::find(names.begin(), names.end(), value->get_ref<const std::string&>());
    if (it != names.end()) return static_cast<size_t>(it - names.begin());
  }
  std::string expected;
  for (size_t i = 0; i < N; ++i) {
    expected.append(i == 0 ? "" : i + 1 == N ? " or " : ", ");
    expected.push_back('"');
    expected.append(names[i]);
    expected.push_back('"');
  }
  compiler.problem(source.at(key), "must be " + expected);
  return std::nullopt;
}

// 'name', built by appending (GCC 12 warns falsely about "'" + std::string(...)).
std::string in_quotes(std::string_view name) {
  std::string out(1, '\'');
  out.append(name);
  out.push_back('\'');
  return out;
}

bool is_expression(const Json* value) {
  return value != nullptr && value->is_string() &&
         template_expression(value->get_ref<const std::string&>()).has_value();
}

// The keys a template object names, without the ".$" of JSONPath dynamic keys.
std::vector<std::string> template_keys(const Json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) {
    std::string key = it.key();
    if (key.ends_with(".$")) key.resize(key.size() - 2);
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace

NumberField DefinitionCompiler::count_field(const StateSource& source, std::string_view key,
                                            QueryLanguage language, int64_t min, int64_t max) {
  NumberField out;
  const std::string path_key = std::string(key) + "Path";
  if (language == QueryLanguage::jsonata) {
    if (source.field(path_key) != nullptr) {
      problem(source.at(path_key), in_quotes(path_key) + " is a JSONPath field; a JSONata state "
                                   "gives an expression in " + std::string(key));
    }
    if (is_expression(source.field(key))) {
      out.query = jsonata_field(source, key);
      return out;
    }
  } else {
    exclusive_pair(source, key, path_key);
    out.path = reference_path_field(source, path_key);
  }
  if (const std::optional<int64_t> value = integer_field(source, key, min, max)) {
    out.literal = static_cast<double>(*value);
  }
  return out;
}

// Parameters (JSONPath) or Arguments (JSONata) of a reader or writer: {Bucket, ...}; `required`
// keys must be there when the value is an object, `allowed` lists every key it may have.
template <size_t N>
void DefinitionCompiler::s3_arguments(const StateSource& source, QueryLanguage language,
                                      const std::array<std::string_view, N>& allowed,
                                      std::initializer_list<std::string_view> required,
                                      std::optional<PayloadTemplate>& parameters,
                                      std::optional<JsonataTemplate>& arguments) {
  const std::string_view own = language == QueryLanguage::jsonata ? "Arguments" : "Parameters";
  const std::string_view other = language == QueryLanguage::jsonata ? "Parameters" : "Arguments";
  if (source.field(other) != nullptr) {
    problem(source.at(other), in_quotes(other) + " is not used in a " +
                                  (language == QueryLanguage::jsonata ? "JSONata" : "JSONPath") +
                                  " state; use " + std::string(own));
  }
  const Json* value = source.field(own);
  if (value == nullptr) {
    problem(source.pointer, "must have " + std::string(own) + " with the S3 Bucket");
    return;
  }
  if (language == QueryLanguage::jsonata) {
    arguments = jsonata_field(source, own);
    if (is_expression(value)) return;  // Checked when evaluated.
  } else {
    parameters = template_field(source, own);
  }
  if (!value->is_object()) {
    if (language == QueryLanguage::jsonata) problem(source.at(own), "must be an object");
    return;
  }
  const std::vector<std::string> keys = template_keys(*value);
  for (const std::string& key : keys) {
    if (!one_of(allowed, key)) {
      problem(source.at(own) + "/" + pointer_segment(key),
              "unknown field '" + key + "' for this S3 resource");
    }
  }
  for (const std::string_view key : required) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      problem(source.at(own), "must have " + std::string(key));
    }
  }
}

void DefinitionCompiler::check_label(const Json& value, const std::string& pointer,
                                     std::string& out) {
  if (!value.is_string()) {
    problem(pointer, "must be a string");
    return;
  }
  const std::string& label = value.get_ref<const std::string&>();
  if (label.empty() || label.size() > kMaxLabelLength) {
    problem(pointer, "must be 1 to 40 characters long");
    return;
  }
  for (const char ch : label) {
    const auto c = static_cast<unsigned char>(ch);
    // Control characters U+0000-001F and U+007F; UTF-8 C1 controls (U+0080-009F) are 0xC2 0x80-9F.
    const bool control = c < 0x20 || c == 0x7f;
    if (control || std::string_view(" ?*<>{}[]:;,\\|^~$#%&`\"").find(ch) != std::string_view::npos) {
      problem(pointer, "must not contain whitespace, wildcards, brackets, control characters or "
                       "any of : ; , \\ | ^ ~ $ # % & ` \"");
      return;
    }
  }
  for (size_t i = 0; i + 1 < label.size(); ++i) {
    const auto first = static_cast<unsigned char>(label[i]);
    const auto second = static_cast<unsigned char>(label[i + 1]);
    if (first == 0xc2 && second >= 0x80 && second <= 0x9f) {
      problem(pointer, "must not contain control characters (U+0080 to U+009F)");
      return;
    }
  }
  const auto [it, inserted] = labels_.emplace(label, pointer);
  if (!inserted) {
    problem(pointer, "Label '" + label + "' is already used at " + it->second +
                         " (labels are unique within a definition)");
    return;
  }
  out = label;
}

void DefinitionCompiler::inline_only(const StateSource& source) {
  for (const std::string_view key : {"ItemReader", "ItemBatcher", "ResultWriter", "Label"}) {
    if (source.field(key) == nullptr) continue;
    problem(source.at(key), in_quotes(key) + " is a field of a Distributed Map "
                            "(ItemProcessor.ProcessorConfig.Mode \"DISTRIBUTED\")");
  }
}

DistributedSpec DefinitionCompiler::distributed_map(const StateSource& source,
                                                    QueryLanguage language,
                                                    ChildExecutionType type) {
  DistributedSpec spec;
  spec.execution_type = type;
  if (const Json* label = source.field("Label")) check_label(*label, source.at("Label"), spec.label);
  if (const Json* reader = source.field("ItemReader")) {
    spec.reader = item_reader(*reader, source.at("ItemReader"), source, language);
  }
  if (const Json* batcher = source.field("ItemBatcher")) {
    spec.batcher = item_batcher(*batcher, source.at("ItemBatcher"), source, language);
  }
  if (const Json* writer = source.field("ResultWriter")) {
    spec.writer = result_writer(*writer, source.at("ResultWriter"), source, language);
  }
  return spec;
}

std::optional<ItemReaderSpec> DefinitionCompiler::item_reader(const Json& json,
                                                              const std::string& pointer,
                                                              const StateSource& state,
                                                              QueryLanguage language) {
  constexpr std::array<std::string_view, 4> kFields = {"Resource", "Parameters", "Arguments",
                                                       "ReaderConfig"};
  if (!open_block(*this, json, pointer, kFields, "an ItemReader")) return std::nullopt;
  const StateSource source{json, pointer, state.names, state.depth};
  ItemReaderSpec reader;
  const Json* resource = source.field("Resource");
  if (resource == nullptr) {
    problem(pointer, "an ItemReader must have Resource");
    return std::nullopt;
  }
  if (*resource == kGetObject) {
    reader.resource = ReaderResource::get_object;
  } else if (*resource == kListObjects) {
    reader.resource = ReaderResource::list_objects_v2;
  } else {
    problem(source.at("Resource"), "must be \"arn:aws:states:::s3:getObject\" or "
                                   "\"arn:aws:states:::s3:listObjectsV2\" (DMAP-2.3)");
    return std::nullopt;
  }
  reader.resource_arn = resource->get<std::string>();
  const bool get = reader.resource == ReaderResource::get_object;
  constexpr std::array<std::string_view, 4> kGetKeys = {"Bucket", "Key", "VersionId",
                                                        "ExpectedBucketOwner"};
  constexpr std::array<std::string_view, 3> kListKeys = {"Bucket", "Prefix",
                                                         "ExpectedBucketOwner"};
  if (get) {
    s3_arguments(source, language, kGetKeys, {"Bucket", "Key"}, reader.parameters,
                 reader.arguments);
  } else {
    s3_arguments(source, language, kListKeys, {"Bucket"}, reader.parameters, reader.arguments);
  }
  const Json* arguments = source.field(language == QueryLanguage::jsonata ? "Arguments"
                                                                          : "Parameters");
  if (arguments != nullptr) reader.literal_arguments = *arguments;
  if (const Json* config = source.field("ReaderConfig")) {
    reader_config(*config, source.at("ReaderConfig"), source, language, reader);
  }
  return reader;
}

void DefinitionCompiler::reader_config(const Json& json, const std::string& pointer,
                                       const StateSource& state, QueryLanguage language,
                                       ItemReaderSpec& reader) {
  constexpr std::array<std::string_view, 9> kFields = {
      "InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems",
      "MaxItemsPath", "ItemsPointer", "ManifestType", "Transformation"};
  if (!open_block(*this, json, pointer, kFields, "a ReaderConfig")) return;
  const StateSource source{json, pointer, state.names, state.depth};
  constexpr std::array<std::string_view, 5> kTypes = {"JSON", "JSONL", "CSV", "MANIFEST",
                                                      "PARQUET"};
  if (const auto type = enum_field(*this, source, "InputType", kTypes)) {
    reader.input_type = static_cast<ReaderInputType>(*type);
  }
  constexpr std::array<std::string_view, 2> kLocations = {"FIRST_ROW", "GIVEN"};
  if (const auto location = enum_field(*this, source, "CSVHeaderLocation", kLocations)) {
    reader.csv_header_location = static_cast<CsvHeaderLocation>(*location);
  }
  constexpr std::array<std::string_view, 5> kDelimiters = {"COMMA", "PIPE", "SEMICOLON", "SPACE",
                                                           "TAB"};
  if (const auto delimiter = enum_field(*this, source, "CSVDelimiter", kDelimiters)) {
    reader.csv_delimiter = ",|; \t"[*delimiter];
  }
  constexpr std::array<std::string_view, 2> kManifests = {"S3_INVENTORY", "ATHENA_DATA"};
  if (const auto manifest = enum_field(*this, source, "ManifestType", kManifests)) {
    reader.manifest_type = static_cast<ManifestType>(*manifest);
  }
  constexpr std::array<std::string_view, 2> kTransformations = {"NONE", "LOAD_AND_FLATTEN"};
  if (const auto flatten = enum_field(*this, source, "Transformation", kTransformations)) {
    reader.load_and_flatten = *flatten == 1;
  }
  reader.max_items = count_field(source, "MaxItems", language, 0, kMaxReaderItems);
  if (const Json* pointer_value = source.field("ItemsPointer")) {
    if (!pointer_value->is_string() ||
        (!pointer_value->get_ref<const std::string&>().empty() &&
         pointer_value->get_ref<const std::string&>().front() != '/')) {
      problem(source.at("ItemsPointer"), "must be a JSON Pointer string such as \"/items\"");
    } else {
      reader.items_pointer = pointer_value->get<std::string>();
    }
  }
  if (const Json* headers = source.field("CSVHeaders")) {
    if (!headers->is_array() || headers->empty() ||
        !std::all_of(headers->begin(), headers->end(), [](const Json& h) { return h.is_string(); })) {
      problem(source.at("CSVHeaders"), "must be a non-empty array of strings");
    } else {
      for (const Json& header : *headers) reader.csv_headers.push_back(header.get<std::string>());
    }
  }
  check_reader_combinations(source, reader);
}

// The combinations DG-IR allows (DMAP-2.9 to 2.12).
void DefinitionCompiler::check_reader_combinations(const StateSource& source,
                                                   const ItemReaderSpec& reader) {
  const bool get = reader.resource == ReaderResource::get_object;
  const auto type = reader.input_type;
  const bool csv = type == ReaderInputType::csv;
  if (!get && type && !reader.load_and_flatten) {
    problem(source.at("InputType"), "an s3:listObjectsV2 reader takes InputType only with "
                                    "Transformation \"LOAD_AND_FLATTEN\"");
  }
  if (reader.load_and_flatten && (get || !type)) {
    problem(source.at("Transformation"), "\"LOAD_AND_FLATTEN\" needs Resource "
                                         "s3:listObjectsV2 and an InputType");
  }
  if (reader.load_and_flatten && type == ReaderInputType::manifest) {
    problem(source.at("InputType"), "\"MANIFEST\" cannot be flattened from a listing");
  }
  if (!csv && type != ReaderInputType::manifest && !reader.manifest_type &&
      (source.field("CSVHeaderLocation") || source.field("CSVDelimiter"))) {
    problem(source.pointer, "CSVHeaderLocation and CSVDelimiter need InputType \"CSV\"");
  }
  const bool given = source.field("CSVHeaderLocation") != nullptr &&
                     reader.csv_header_location == CsvHeaderLocation::given;
  if (given && source.field("CSVHeaders") == nullptr) {
    problem(source.pointer, "CSVHeaderLocation \"GIVEN\" needs CSVHeaders");
  }
  if (!given && source.field("CSVHeaders") != nullptr) {
    problem(source.at("CSVHeaders"), "CSVHeaders need CSVHeaderLocation \"GIVEN\"");
  }
  if (reader.items_pointer && (!get || (type && type != ReaderInputType::json))) {
    problem(source.at("ItemsPointer"), "ItemsPointer needs an s3:getObject reader of JSON");
  }
  if (reader.manifest_type == ManifestType::s3_inventory && type &&
      type != ReaderInputType::manifest) {
    problem(source.at("InputType"), "ManifestType \"S3_INVENTORY\" takes no other InputType");
  }
  if (reader.manifest_type == ManifestType::athena_data &&
      (!type || (type != ReaderInputType::csv && type != ReaderInputType::jsonl &&
                 type != ReaderInputType::parquet))) {
    problem(source.pointer, "ManifestType \"ATHENA_DATA\" needs InputType \"CSV\", \"JSONL\" or "
                            "\"PARQUET\"");
  }
  if (reader.manifest_type && !get) {
    problem(source.at("ManifestType"), "ManifestType needs an s3:getObject reader");
  }
}

std::optional<ItemBatcherSpec> DefinitionCompiler::item_batcher(const Json& json,
                                                                const std::string& pointer,
                                                                const StateSource& state,
                                                                QueryLanguage language) {
  constexpr std::array<std::string_view, 5> kFields = {
      "MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
      "MaxInputBytesPerBatchPath", "BatchInput"};
  if (!open_block(*this, json, pointer, kFields, "an ItemBatcher")) return std::nullopt;
  const StateSource source{json, pointer, state.names, state.depth};
  ItemBatcherSpec batcher;
  batcher.max_items_per_batch =
      count_field(source, "MaxItemsPerBatch", language, 1, kMaxReaderItems);
  batcher.max_input_bytes_per_batch =
      count_field(source, "MaxInputBytesPerBatch", language, 1, kMaxBatchBytes);
  const bool any = source.field("MaxItemsPerBatch") || source.field("MaxItemsPerBatchPath") ||
                   source.field("MaxInputBytesPerBatch") ||
                   source.field("MaxInputBytesPerBatchPath");
  if (!any) {
    problem(pointer, "an ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch (or a "
                     "Path form) (DMAP-4.1)");
  }
  if (const Json* input = source.field("BatchInput")) {
    if (language == QueryLanguage::jsonata) {
      batcher.batch_input_query = jsonata_field(source, "BatchInput");
    } else {
      batcher.batch_input = template_field(source, "BatchInput");
    }
    if (!input->is_object() && !is_expression(input)) {
      if (language == QueryLanguage::jsonata) problem(source.at("BatchInput"), "must be an object");
    }
  }
  return batcher;
}

std::optional<ResultWriterSpec> DefinitionCompiler::result_writer(const Json& json,
                                                                  const std::string& pointer,
                                                                  const StateSource& state,
                                                                  QueryLanguage language) {
  constexpr std::array<std::string_view, 4> kFields = {"Resource", "Parameters", "Arguments",
                                                       "WriterConfig"};
  if (!open_block(*this, json, pointer, kFields, "a ResultWriter")) return std::nullopt;
  const StateSource source{json, pointer, state.names, state.depth};
  ResultWriterSpec writer;
  const Json* resource = source.field("Resource");
  if (resource != nullptr) {
    if (*resource != kPutObject) {
      problem(source.at("Resource"), "must be \"arn:aws:states:::s3:putObject\" (DMAP-10.2)");
    } else {
      writer.to_s3 = true;
      constexpr std::array<std::string_view, 2> kKeys = {"Bucket", "Prefix"};
      s3_arguments(source, language, kKeys, {"Bucket"}, writer.parameters, writer.arguments);
    }
  } else if (source.field("Parameters") != nullptr || source.field("Arguments") != nullptr) {
    problem(pointer, "Parameters and Arguments of a ResultWriter need Resource "
                     "\"arn:aws:states:::s3:putObject\"");
  }
  const Json* config = source.field("WriterConfig");
  if (resource == nullptr && config == nullptr) {
    problem(pointer, "a ResultWriter needs Resource (with Parameters) or WriterConfig");
  }
  if (config == nullptr) return writer;
  const std::string config_pointer = source.at("WriterConfig");
  constexpr std::array<std::string_view, 2> kConfigFields = {"OutputType", "Transformation"};
  if (!open_block(*this, *config, config_pointer, kConfigFields, "a WriterConfig")) return writer;
  const StateSource config_source{*config, config_pointer, state.names, state.depth};
  constexpr std::array<std::string_view, 2> kOutputTypes = {"JSON", "JSONL"};
  if (const auto type = enum_field(*this, config_source, "OutputType", kOutputTypes)) {
    writer.output_type = static_cast<WriterOutputType>(*type);
  }
  constexpr std::array<std::string_view, 3> kTransformations = {"NONE", "COMPACT", "FLATTEN"};
  if (const auto how = enum_field(*this, config_source, "Transformation", kTransformations)) {
    writer.transformation = static_cast<WriterTransformation>(*how);
  }
  return writer;
}

}  // namespace wfsim::asl::detail
