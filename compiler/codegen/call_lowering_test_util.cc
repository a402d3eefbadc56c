// The shared helpers of call_lowering_test_util.h.
#include "compiler/codegen/call_lowering_test_util.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::compiler::call_test {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

Tensor Labels(DataType dtype, int64_t batch, int64_t classes) {
  std::vector<int64_t> v;
  for (int64_t b = 0; b < batch; ++b) v.push_back(b * 7 % classes);
  if (dtype == DT_INT64) return Vec<int64_t>(v);
  return Vec<int32_t>(std::vector<int32_t>(v.begin(), v.end()));
}

// Runs the fetches compiled (`threads` threads) and on the reference executor at steps 0..3 and
// expects bitwise equal values, every fetched node compiled and run natively, and values that
// change from step to step where `changes` (the random ops).
void ExpectBitwiseOverSteps(const GraphCase& s, int threads, bool changes) {
  CompileOptions options;
  options.num_threads = threads;
  options.graph_seed = s.graph_seed;
  std::string ir;
  options.dump_after = {"llvm"};
  options.dump = [&](absl::string_view stage, absl::string_view text) {
    if (stage == "before-opt") ir = std::string(text);
  };
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Executable> exe,
                       Compile(s.graph, {s.feeds, s.fetches, {}}, options));
  InterpreterOptions ref_options;
  ref_options.graph_seed = s.graph_seed;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref, Interpreter::Create(s.graph, ref_options));
  std::vector<Feed> named;
  for (size_t i = 0; i < s.feeds.size(); ++i) named.emplace_back(s.feeds[i].name, s.values[i]);
  std::vector<Tensor> previous;
  bool any_elements = false;
  for (int64_t step = 0; step < 4; ++step) {
    SCOPED_TRACE(absl::StrCat("step ", step, ", threads ", threads));
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, exe->Run(s.values, step));
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->RunAtStep(step, named, s.fetches));
    ASSERT_EQ(got.size(), want.size());
    for (size_t f = 0; f < got.size(); ++f) {
      const std::string node = s.fetches[f].substr(0, s.fetches[f].find(':'));
      EXPECT_THAT(exe->compiled_nodes(), Contains(node));
      EXPECT_THAT(exe->last_run_stats().reference_nodes, Not(Contains(node)));
      EXPECT_TRUE(got[f].BitwiseEqual(want[f]))
          << s.fetches[f] << "\ncompiled:  " << got[f].DebugString()
          << "\nreference: " << want[f].DebugString();
      any_elements |= got[f].num_elements() > 0;
      if (changes && !previous.empty() && got[f].num_elements() > 0) {
        EXPECT_FALSE(got[f].BitwiseEqual(previous[f])) << s.fetches[f] << " did not change";
      }
    }
    previous = got;
  }
  // An empty output needs no call at all.
  if (any_elements) {
    EXPECT_THAT(ir, HasSubstr("@rill_rt_"));
  }
}

}  // namespace rill::compiler::call_test
