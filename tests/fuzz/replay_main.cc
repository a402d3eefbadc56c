// Replays files through LLVMFuzzerTestOneInput (so the fuzz target builds and runs with g++) and
// prints how far each got: "<file>: binary: <outcome>; text: <outcome>".
// Usage: graph_fuzzer_replay FILE...   (exit 2 if a file cannot be read)
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "tests/fuzz/graph_pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::string Outcome(const rill::fuzz::PipelineResult& r) {
  if (r.valid) return "valid";
  if (!r.parsed) return absl::StrCat("not parsed: ", r.status.ToString());
  return absl::StrCat("rejected: ", r.status.ToString());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " FILE...\n";
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::cerr << argv[i] << ": cannot read\n";
      return 2;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string bytes = buffer.str();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    std::cout << argv[i] << ": binary: " << Outcome(rill::fuzz::RunGraphPipeline(bytes, false))
              << "; text: " << Outcome(rill::fuzz::RunGraphPipeline(bytes, true)) << "\n";
  }
  std::cout << "replayed " << (argc - 1) << " inputs\n";
  return 0;
}
