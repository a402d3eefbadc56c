// The path untrusted GraphDef bytes take through the Graph layer, shared by the in-suite fuzz test
// and the libFuzzer target: parse -> Graph -> default attrs -> Validate -> (if valid) shapes,
// pruning and GraphDef round trip.
#ifndef RILL_TESTS_FUZZ_GRAPH_PIPELINE_H_
#define RILL_TESTS_FUZZ_GRAPH_PIPELINE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rill::fuzz {

// How far one input got.
// Validation starts once the bytes parse: GraphFromGraphDef does the structural checks (names,
// dangling inputs, control-input order), ValidateGraph the rest.
struct PipelineResult {
  bool parsed = false;     // the bytes were a GraphDef: validation ran
  bool converted = false;  // ...it passed the structural checks and became a Graph
  bool valid = false;      // ...and ValidateGraph accepted it
  absl::Status status;     // the first error, OK if valid
};

// Runs `bytes` (binary wire format, or protobuf text when `text`) through the pipeline. Never
// crashes on any input; every failure is a Status.
PipelineResult RunGraphPipeline(absl::string_view bytes, bool text);

}  // namespace rill::fuzz

#endif  // RILL_TESTS_FUZZ_GRAPH_PIPELINE_H_
