// Shared by the call lowering tests: graphs run compiled and on the reference executor over
// steps and thread counts, compared bitwise.
#ifndef RILL_COMPILER_CODEGEN_CALL_LOWERING_TEST_UTIL_H_
#define RILL_COMPILER_CODEGEN_CALL_LOWERING_TEST_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/compile.h"
#include "graph/graph.pb.h"
#include "graph/tensor.h"

namespace rill::compiler::call_test {

// A 1-D tensor of `values`.
template <typename T>
inline Tensor Vec(const std::vector<T>& values) {
  return *Tensor::FromVector<T>(values, TensorShape({static_cast<int64_t>(values.size())}));
}

// Labels b * 7 % classes as `dtype` (DT_INT32 or DT_INT64).
Tensor Labels(DataType dtype, int64_t batch, int64_t classes);

// A graph with its feeds (specs and values), fetches and graph seed.
struct GraphCase {
  GraphDef graph;
  std::vector<FeedSpec> feeds;
  std::vector<Tensor> values;
  std::vector<std::string> fetches;
  std::optional<int64_t> graph_seed;
};

// Runs the fetches compiled (`threads` threads) and on the reference executor at steps 0..3 and
// expects bitwise equal values, every fetched node compiled and run natively, and values that
// change from step to step where `changes` (the random ops).
void ExpectBitwiseOverSteps(const GraphCase& s, int threads, bool changes);

}  // namespace rill::compiler::call_test

#endif  // RILL_COMPILER_CODEGEN_CALL_LOWERING_TEST_UTIL_H_
