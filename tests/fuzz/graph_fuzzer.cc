// libFuzzer entry point for the Graph layer: each input is tried as a binary GraphDef and as a
// text GraphDef, then goes through graph_pipeline.h. Build for real fuzzing with clang (see
// BUILD.bazel); in the normal build replay_main.cc supplies main() and replays files.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "google/protobuf/stubs/logging.h"
#include "tests/fuzz/graph_pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Protobuf would log every rejected invalid-UTF-8 string.
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)rill::fuzz::RunGraphPipeline(bytes, /*text=*/false);
  (void)rill::fuzz::RunGraphPipeline(bytes, /*text=*/true);
  return 0;
}
