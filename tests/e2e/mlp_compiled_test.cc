// The XOR MLP's Adam training step compiled with compiler::Compile (init, train and loss as three
// executables sharing one variable store, as a Session will hold them) trains like the reference
// executor, and its forward/backward math runs as native kernels. Its MatMuls call the runtime
// GEMM (FMA, blocked summation), so losses and variables are compared within
// kTrainingTolerance (compiler/testing/compiled_numerics.h), not bitwise.
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "compiler/fused_ops.h"
#include "compiler/interpreter/interpreter.h"
#include "compiler/testing/compiled_numerics.h"
#include "gmock/gmock.h"
#include "graph/graph_convert.h"
#include "gtest/gtest.h"
#include "tests/e2e/xor_mlp.h"

namespace rill {
namespace {

using e2e::BuildModel;
using e2e::MakeXor;
using e2e::Model;

constexpr int64_t kSeed = 1234;

std::string Describe(const compiler::Executable& exe) {
  std::vector<std::string> rows;
  for (const auto& [node, why] : exe.not_lowered()) rows.push_back(node + " (" + why + ")");
  return absl::StrJoin(rows, "\n  ");
}

TEST(MlpCompiledTest, CompiledTrainingStepMatchesTheReferenceWithinTheTrainingTolerance) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Model> m, BuildModel(MakeXor()));
  const GraphDef graph = GraphToGraphDef(*m->root.graph());
  VariableStore store;
  compiler::CompileOptions options;
  options.graph_seed = kSeed;
  options.variables = &store;
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(auto init, compiler::Compile(graph, {{}, {}, {"init"}}, options));
  ASSERT_OK_AND_ASSIGN(auto train, compiler::Compile(graph, {{}, {}, {m->train.name()}}, options));
  ASSERT_OK_AND_ASSIGN(auto loss, compiler::Compile(graph, {{}, {m->loss.name()}, {}}, options));
  const double compile_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "train step: " << train->compiled_nodes().size() << " native kernels; not lowered:\n  "
            << Describe(*train) << "\ncompile time (3 executables): " << compile_s << " s\n";
  // The matrix products of forward and backward pass are native; the forward ones carry their
  // bias add (and the hidden layer's Relu) as a fused epilogue.
  int matmuls = 0, fused = 0;
  for (const std::string& node : train->compiled_nodes()) {
    const std::string& op = train->optimized_graph().FindNode(node)->op();
    matmuls += op == "MatMul";
    fused += op == compiler::kFusedMatMulOp;
  }
  EXPECT_EQ(fused, 2);    // forward: hidden (bias + relu) and output (bias)
  EXPECT_EQ(matmuls, 3);  // backward (none for the constant input)
  // Nothing stays on the host: the step is one executable of native kernels (Adam's beta-power
  // Assigns are in-place copies).
  EXPECT_THAT(train->not_lowered(), ::testing::IsEmpty()) << Describe(*train);
  // Every variable update is a native in-place kernel.
  for (const char* var : {"hidden/kernel", "hidden/bias", "output/kernel", "output/bias"}) {
    EXPECT_THAT(train->compiled_nodes(), ::testing::Contains(absl::StrCat("Adam/update_", var, "/ApplyAdam")));
  }

  InterpreterOptions ref_options;
  ref_options.graph_seed = kSeed;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Interpreter> ref,
                       Interpreter::Create(*m->root.graph(), ref_options));
  int64_t step = 0;
  ASSERT_OK(init->Run({}, step).status());
  ASSERT_OK(ref->RunAtStep(step++, {}, {}, {"init"}).status());
  for (int i = 0; i < 20; ++i, ++step) {
    ASSERT_OK(train->Run({}, step).status()) << "step " << i;
    ASSERT_OK(ref->RunAtStep(step, {}, {}, {m->train.name()}).status());
  }
  EXPECT_GT(train->last_run_stats().compiled_kernels_run, 0);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, loss->Run({}, step));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, ref->RunAtStep(step, {}, {m->loss.name()}));
  EXPECT_TRUE(rill::testing::NearlyEqual(got[0], want[0], rill::testing::kTrainingTolerance));
  for (const char* var : {"hidden/kernel", "output/kernel", "output/bias", "global_step"}) {
    Variable* v = store.Find(var);
    ASSERT_NE(v, nullptr) << var;
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> r, ref->RunAtStep(step, {}, {var}));
    EXPECT_TRUE(rill::testing::NearlyEqual(v->value(), r[0], rill::testing::kTrainingTolerance))
        << var;
  }
}

}  // namespace
}  // namespace rill
