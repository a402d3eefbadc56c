// The XOR MLP shared by the end-to-end tests (see xor_mlp.h).
#include "tests/e2e/xor_mlp.h"

#include <cmath>
#include <string>

#include "base/status_macros.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/random_ops.h"
#include "ops/reduce_ops.h"
#include "ops/training/optimizer.h"
#include "ops/training/variables.h"

namespace rill::e2e {

Data MakeXor() {
  Data d;
  for (int i = 0; i < kSide; ++i) {
    for (int j = 0; j < kSide; ++j) {
      const float x0 = (i < kSide / 2 ? -1.0f : 1.0f) * (0.2f + 0.233f * (i % (kSide / 2)));
      const float x1 = (j < kSide / 2 ? -1.0f : 1.0f) * (0.2f + 0.233f * (j % (kSide / 2)));
      const int cls = x0 * x1 > 0 ? 1 : 0;
      d.x.insert(d.x.end(), {x0, x1});
      d.labels.insert(d.labels.end(), {cls == 0 ? 1.0f : 0.0f, cls == 1 ? 1.0f : 0.0f});
      d.classes.push_back(cls);
    }
  }
  return d;
}

absl::StatusOr<std::unique_ptr<Model>> BuildModel(const Data& data) {
  auto m = std::make_unique<Model>();
  const Scope& root = m->root;
  const Output x = ops::Const(root.WithOpName("x"), data.x, TensorShape({kPoints, 2}));
  const Output labels =
      ops::Const(root.WithOpName("labels"), data.labels, TensorShape({kPoints, 2}));
  const auto dense = [&](const std::string& name, const Output& in, int fan_in, int fan_out) {
    const Scope s = root.NewSubScope(name);
    const Output init =
        ops::Mul(s, ops::TruncatedNormal(s, ops::Const(s, {fan_in, fan_out}), DT_FLOAT),
                 ops::Const(s, static_cast<float>(1.0 / std::sqrt(fan_in))));
    const train::GraphVariable w = train::CreateVariable(s.WithOpName("kernel"), init);
    const train::GraphVariable b = train::CreateVariable(
        s.WithOpName("bias"), ops::Fill(s, ops::Const(s, {fan_out}), ops::Const(s, 0.0f)));
    return ops::Add(s, ops::MatMul(s, in, w.ref), b.ref);
  };
  const Output hidden = ops::Relu(root, dense("hidden", x, 2, kHidden));
  m->logits = dense("output", hidden, kHidden, 2);
  const ops::SoftmaxCrossEntropyOutputs xent =
      ops::SoftmaxCrossEntropyWithLogits(root, m->logits, labels);
  m->loss = ops::Mean(root.WithOpName("loss"), xent.loss, ops::Const(root, {0}));
  ASSIGN_OR_RETURN(train::GraphVariable step, train::GetOrCreateGlobalStep(root));
  train::AdamOptimizer adam({.learning_rate = 0.05});
  ASSIGN_OR_RETURN(m->train, adam.Minimize(root, m->loss, {.global_step = step.ref}));
  train::GlobalVariablesInitializer(root.WithOpName("init"));
  RETURN_IF_ERROR(root.status());
  return m;
}

}  // namespace rill::e2e
