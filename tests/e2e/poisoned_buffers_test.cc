// Buffer assignment's debug mode on a whole training step: the XOR MLP's Adam step compiled with
// an arena whose dead buffers are poisoned (0xFF: NaN) after their last reader trains exactly
// like the same step compiled without an arena, so no value is read after its buffer is reused.
#include <iostream>
#include <memory>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/compile.h"
#include "graph/graph_convert.h"
#include "gtest/gtest.h"
#include "tests/e2e/xor_mlp.h"

namespace rill {
namespace {

constexpr int64_t kSeed = 99;

struct Trainer {
  VariableStore store;
  std::unique_ptr<compiler::Executable> init, train, loss;
};

void Build(const GraphDef& graph, const std::string& train_op, const std::string& loss,
           bool plan, Trainer* t) {
  compiler::CompileOptions options;
  options.graph_seed = kSeed;
  options.variables = &t->store;
  options.plan_buffers = plan;
  options.poison_dead_buffers = plan;
  ASSERT_OK_AND_ASSIGN(t->init, compiler::Compile(graph, {{}, {}, {"init"}}, options));
  ASSERT_OK_AND_ASSIGN(t->train, compiler::Compile(graph, {{}, {}, {train_op}}, options));
  ASSERT_OK_AND_ASSIGN(t->loss, compiler::Compile(graph, {{}, {loss}, {}}, options));
}

TEST(PoisonedBuffersTest, TrainingStepWithPoisonedArenaMatchesTheUnplannedStep) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<e2e::Model> m, e2e::BuildModel(e2e::MakeXor()));
  const GraphDef graph = GraphToGraphDef(*m->root.graph());
  Trainer plain, poisoned;
  Build(graph, m->train.name(), m->loss.name(), false, &plain);
  Build(graph, m->train.name(), m->loss.name(), true, &poisoned);
  const compiler::ExecutableBufferStats& stats = poisoned.train->buffer_stats();
  EXPECT_TRUE(stats.poisoning);
  // Forward and backward activations live in the arena, and share it.
  EXPECT_GE(stats.planned_buffers, 5);
  EXPECT_LT(stats.arena_bytes, stats.unshared_bytes);
  EXPECT_EQ(plain.train->buffer_stats().planned_buffers, 0);
  std::cout << "train step arena: " << stats.arena_bytes << " bytes for " << stats.planned_buffers
            << " buffers (" << stats.unshared_bytes << " without reuse)\n";

  ASSERT_OK(plain.init->Run({}, 0).status());
  ASSERT_OK(poisoned.init->Run({}, 0).status());
  for (int64_t step = 1; step <= 10; ++step) {
    ASSERT_OK(plain.train->Run({}, step).status());
    ASSERT_OK(poisoned.train->Run({}, step).status());
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> want, plain.loss->Run({}, step));
    ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, poisoned.loss->Run({}, step));
    ASSERT_TRUE(got[0].BitwiseEqual(want[0]))
        << "step " << step << ": " << got[0].DebugString() << " vs " << want[0].DebugString();
  }
  for (const char* var : {"hidden/kernel", "hidden/bias", "output/kernel", "output/bias"}) {
    ASSERT_NE(poisoned.store.Find(var), nullptr) << var;
    EXPECT_TRUE(poisoned.store.Find(var)->value().BitwiseEqual(plain.store.Find(var)->value()))
        << var;
  }
}

}  // namespace
}  // namespace rill
