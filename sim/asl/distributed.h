// The compiled fields of a Distributed Map (DMAP-1.x, 2.3, 2.13, 4.1, 7.1, 10.2): the child
// execution type, Label, ItemReader with its ReaderConfig, ItemBatcher and ResultWriter with its
// WriterConfig. MapSpec::distributed holds one when ProcessorConfig.Mode is DISTRIBUTED.
//
// The reader and writer fields stay unresolved here (templates, paths, JSONata expressions): the
// engine resolves them against the Map state's input into s3::ReadRequest / s3::WriteRequest.
// This file deliberately knows nothing of S3 itself (sim/s3 owns objects, parsing and files).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "asl/jsonata_template.h"
#include "asl/number_field.h"
#include "asl/path.h"
#include "asl/payload.h"

namespace wfsim::asl {

enum class ChildExecutionType : uint8_t { standard, express };

enum class ReaderResource : uint8_t { get_object, list_objects_v2 };
enum class ReaderInputType : uint8_t { json, jsonl, csv, manifest, parquet };
enum class CsvHeaderLocation : uint8_t { first_row, given };
enum class ManifestType : uint8_t { s3_inventory, athena_data };

struct ItemReaderSpec {
  ReaderResource resource = ReaderResource::get_object;
  std::string resource_arn;                   // As written.
  std::optional<PayloadTemplate> parameters;  // JSONPath: {Bucket, Key | Prefix, ...}.
  std::optional<JsonataTemplate> arguments;   // JSONata.
  Json literal_arguments;                     // Parameters/Arguments as written (tools).
  std::optional<ReaderInputType> input_type;  // Absent: getObject reads JSON.
  CsvHeaderLocation csv_header_location = CsvHeaderLocation::first_row;
  std::vector<std::string> csv_headers;
  char csv_delimiter = ',';
  NumberField max_items;                      // 0 or absent: no limit (DMAP-2.13).
  std::optional<std::string> items_pointer;   // JSON Pointer into a JSON file (DMAP-2.5).
  std::optional<ManifestType> manifest_type;
  bool load_and_flatten = false;              // listObjectsV2 Transformation LOAD_AND_FLATTEN.
};

struct ItemBatcherSpec {
  NumberField max_items_per_batch;
  NumberField max_input_bytes_per_batch;
  std::optional<PayloadTemplate> batch_input;       // JSONPath: evaluated once per batch.
  std::optional<JsonataTemplate> batch_input_query;  // JSONata.
};

enum class WriterOutputType : uint8_t { json, jsonl };
enum class WriterTransformation : uint8_t { none, compact, flatten };

struct ResultWriterSpec {
  bool to_s3 = false;                         // Resource arn:aws:states:::s3:putObject given.
  std::optional<PayloadTemplate> parameters;  // JSONPath: {Bucket, Prefix}.
  std::optional<JsonataTemplate> arguments;   // JSONata.
  std::optional<WriterOutputType> output_type;             // WriterConfig.OutputType.
  std::optional<WriterTransformation> transformation;      // WriterConfig.Transformation.
};

struct DistributedSpec {
  ChildExecutionType execution_type = ChildExecutionType::standard;
  // Label as written; empty: the engine uses the state name (AWS generates one, DMAP-7.1).
  std::string label;
  std::optional<ItemReaderSpec> reader;
  std::optional<ItemBatcherSpec> batcher;
  std::optional<ResultWriterSpec> writer;
  // JSONata forms of the shared fields (their JSONPath forms are in MapSpec).
  std::optional<JsonataTemplate> max_concurrency_query;
  std::optional<JsonataTemplate> tolerated_failure_count_query;
  std::optional<JsonataTemplate> tolerated_failure_percentage_query;
};

}  // namespace wfsim::asl
