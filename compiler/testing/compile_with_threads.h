// Test helper: compiles a graph on a given number of threads and keeps the LLVM IR before
// optimisation, so thread tests can check both the results and whether a kernel was split.
#ifndef RILL_COMPILER_TESTING_COMPILE_WITH_THREADS_H_
#define RILL_COMPILER_TESTING_COMPILE_WITH_THREADS_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "gtest/gtest.h"

namespace rill::compiler::testing {

struct CompiledWithIr {
  std::unique_ptr<Executable> exe;  // null (and a test failure recorded) when Compile failed
  std::string ir;                   // the module before optimisation
};

// Compile(g, spec) with CompileOptions::num_threads = `threads` (and `store` as the variables).
inline CompiledWithIr CompileWithThreads(const GraphDef& g, const CompileSpec& spec, int threads,
                                         VariableStore* store = nullptr) {
  CompiledWithIr out;
  CompileOptions options;
  options.num_threads = threads;
  options.variables = store;
  options.dump_after = {"llvm"};
  options.dump = [&](absl::string_view stage, absl::string_view text) {
    if (stage == "before-opt") out.ir = std::string(text);
  };
  absl::StatusOr<std::unique_ptr<Executable>> exe = Compile(g, spec, options);
  EXPECT_OK(exe.status());
  if (exe.ok()) out.exe = *std::move(exe);
  return out;
}

}  // namespace rill::compiler::testing

#endif  // RILL_COMPILER_TESTING_COMPILE_WITH_THREADS_H_
