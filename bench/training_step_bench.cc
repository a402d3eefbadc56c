// training_step_bench: compile time and steps/second of whole training steps (forward, backward,
// Adam) compiled with compiler::Compile versus the reference executor, measured in the same run:
// the MLP 784-128-10 and the seed CNN (conv 5x5x20 VALID, 2x2 max pool, conv 5x5x40, pool,
// fc 256, fc 256, fc 10), batch 128. Prints BENCH and RATIO lines (RATIO = compiled/reference
// steps per second, higher is better). `--quick` runs the smallest configuration (smoke test).
#include <chrono>
#include <cmath>
#include <cstring>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/compile.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/graph_convert.h"
#include "graph/scope.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/random_ops.h"
#include "ops/reduce_ops.h"
#include "ops/training/optimizer.h"
#include "ops/training/variables.h"

namespace rill {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Model {
  std::string name;
  GraphDef graph;
  std::string train_op;
  TensorShape x_shape;
  int classes = 10;
};

Output Weight(const Scope& s, const std::string& name, std::vector<int32_t> shape, int fan_in) {
  const int64_t rank = static_cast<int64_t>(shape.size());
  const Output init =
      ops::Mul(s, ops::TruncatedNormal(s, ops::Const(s, shape, TensorShape({rank})), DT_FLOAT),
               ops::Const(s, static_cast<float>(1.0 / std::sqrt(fan_in))));
  return train::CreateVariable(s.WithOpName(name), init).ref;
}

Output Dense(const Scope& root, const std::string& name, const Output& in, int fan_in,
             int fan_out, bool relu) {
  const Scope s = root.NewSubScope(name);
  const Output w = Weight(s, "kernel", {fan_in, fan_out}, fan_in);
  const Output b = train::CreateVariable(
      s.WithOpName("bias"), ops::Fill(s, ops::Const(s, {fan_out}), ops::Const(s, 0.0f))).ref;
  const Output y = ops::BiasAdd(s, ops::MatMul(s, in, w), b);
  return relu ? ops::Relu(s, y) : y;
}

absl::StatusOr<Model> Finish(Scope& root, Model m, const Output& logits, const Output& labels) {
  const Output loss = ops::Mean(root.WithOpName("loss"),
                                ops::SoftmaxCrossEntropyWithLogits(root, logits, labels).loss,
                                ops::Const(root, {0}));
  ASSIGN_OR_RETURN(train::GraphVariable step, train::GetOrCreateGlobalStep(root));
  train::AdamOptimizer adam({.learning_rate = 0.001});
  ASSIGN_OR_RETURN(Operation train_op, adam.Minimize(root, loss, {.global_step = step.ref}));
  train::GlobalVariablesInitializer(root.WithOpName("init"));
  RETURN_IF_ERROR(root.status());
  m.graph = GraphToGraphDef(*root.graph());
  m.train_op = train_op.name();
  return m;
}

absl::StatusOr<Model> Mlp(int batch) {
  Scope root = Scope::NewRootScope();
  const Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 784}});
  const Output labels = ops::Placeholder(root.WithOpName("labels"), DT_FLOAT, {.shape = {-1, 10}});
  const Output h = Dense(root, "hidden", x, 784, 128, true);
  return Finish(root, {"mlp", {}, "", TensorShape({batch, 784})}, Dense(root, "out", h, 128, 10, false),
                labels);
}

absl::StatusOr<Model> SeedCnn(int batch) {
  Scope root = Scope::NewRootScope();
  const Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 28, 28, 1}});
  const Output labels = ops::Placeholder(root.WithOpName("labels"), DT_FLOAT, {.shape = {-1, 10}});
  auto conv = [&](const std::string& name, const Output& in, int cin, int cout) {
    const Scope s = root.NewSubScope(name);
    const Output k = Weight(s, "kernel", {5, 5, cin, cout}, 25 * cin);
    const Output b = train::CreateVariable(
        s.WithOpName("bias"), ops::Fill(s, ops::Const(s, {cout}), ops::Const(s, 0.0f))).ref;
    const Output y = ops::Relu(s, ops::BiasAdd(s, ops::Conv2D(s, in, k, {1, 1, 1, 1}, "VALID"), b));
    return ops::MaxPool(s, y, {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");
  };
  const Output c1 = conv("conv1", x, 1, 20);     // [b,12,12,20]
  const Output c2 = conv("conv2", c1, 20, 40);   // [b,4,4,40]
  const Output flat = ops::Reshape(root, c2, ops::Const(root, {-1, 640}));
  const Output f1 = Dense(root, "fc1", flat, 640, 256, true);
  const Output f2 = Dense(root, "fc2", f1, 256, 256, true);
  return Finish(root, {"seed_cnn", {}, "", TensorShape({batch, 28, 28, 1})},
                Dense(root, "logits", f2, 256, 10, false), labels);
}

std::vector<Tensor> Batch(const Model& m) {
  const int64_t batch = m.x_shape.dim(0);
  Tensor x = *Tensor::Create(DT_FLOAT, m.x_shape);
  Tensor y = *Tensor::Create(DT_FLOAT, TensorShape({batch, m.classes}));
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  for (int64_t i = 0; i < x.num_elements(); ++i) x.data<float>()[i] = u(rng);
  for (int64_t i = 0; i < batch; ++i) y.data<float>()[i * m.classes + rng() % m.classes] = 1.0f;
  return {x, y};
}

absl::Status Measure(const Model& m, int steps) {
  const std::vector<Tensor> batch = Batch(m);
  const int64_t examples = m.x_shape.dim(0);
  // Compiled.
  VariableStore store;
  compiler::CompileOptions options;
  options.graph_seed = 1;
  options.variables = &store;
  const auto c0 = Clock::now();
  ASSIGN_OR_RETURN(auto init, compiler::Compile(m.graph, {{}, {}, {"init"}}, options));
  const std::vector<compiler::FeedSpec> feeds = {
      {"x", DT_FLOAT, m.x_shape}, {"labels", DT_FLOAT, batch[1].shape()}};
  ASSIGN_OR_RETURN(auto train, compiler::Compile(m.graph, {feeds, {}, {m.train_op}}, options));
  const double compile_s = Seconds(c0);
  RETURN_IF_ERROR(init->Run({}, 0).status());
  RETURN_IF_ERROR(train->Run(batch, 1).status());  // warm-up
  const auto t0 = Clock::now();
  for (int s = 0; s < steps; ++s) RETURN_IF_ERROR(train->Run(batch, 2 + s).status());
  const double compiled_sps = steps / Seconds(t0);
  // Reference executor.
  InterpreterOptions ref_options;
  ref_options.graph_seed = 1;
  ASSIGN_OR_RETURN(auto ref, Interpreter::Create(m.graph, ref_options));
  RETURN_IF_ERROR(ref->Run({}, {}, {"init"}).status());
  const std::vector<Feed> named = {{"x", batch[0]}, {"labels", batch[1]}};
  RETURN_IF_ERROR(ref->Run(named, {}, {m.train_op}).status());
  const auto r0 = Clock::now();
  for (int s = 0; s < steps; ++s) RETURN_IF_ERROR(ref->Run(named, {}, {m.train_op}).status());
  const double reference_sps = steps / Seconds(r0);

  std::cout << "BENCH " << m.name << "_compile_time " << compile_s << " s\n";
  std::cout << "BENCH " << m.name << "_compiled " << compiled_sps * examples << " examples/s\n";
  std::cout << "BENCH " << m.name << "_reference " << reference_sps * examples << " examples/s\n";
  std::cout << "RATIO " << m.name << "_compiled_vs_reference " << compiled_sps / reference_sps
            << "\n";
  std::cout << "  " << train->compiled_nodes().size() << " native kernels; on reference kernels:";
  for (const auto& [node, why] : train->not_lowered()) {
    std::cout << " " << train->optimized_graph().FindNode(node)->op();
  }
  std::cout << "\n";
  return absl::OkStatus();
}

absl::Status Main(bool quick) {
  const int batch = quick ? 8 : 128;
  ASSIGN_OR_RETURN(Model mlp, Mlp(batch));
  RETURN_IF_ERROR(Measure(mlp, quick ? 2 : 20));
  ASSIGN_OR_RETURN(Model cnn, SeedCnn(batch));
  RETURN_IF_ERROR(Measure(cnn, quick ? 1 : 3));
  return absl::OkStatus();
}

}  // namespace
}  // namespace rill

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  absl::Status status = rill::Main(quick);
  if (!status.ok()) {
    std::cerr << "training_step_bench: " << status << "\n";
    return 1;
  }
  return 0;
}
