// The demo model: a model function as users write one, with name scopes and shape inference.
#include "tools/demo_model.h"

#include <cstdint>

#include "base/status_macros.h"
#include "graph/scope.h"
#include "graph/tensor.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"

namespace rill {
namespace {

// A [rows, cols] float tensor of small deterministic values (an LCG; no dependence on libc rand).
absl::StatusOr<Tensor> Weights(int64_t rows, int64_t cols, uint32_t seed) {
  ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create({rows, cols}));
  ASSIGN_OR_RETURN(Tensor t, Tensor::Create(DT_FLOAT, shape));
  float* w = t.data<float>();
  uint32_t state = seed;
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    state = state * 1664525u + 1013904223u;
    w[i] = (static_cast<float>(state >> 8) / 16777216.0f - 0.5f) * 0.1f;
  }
  return t;
}

// One dense layer in the name scope `layer`: x W + b.
absl::StatusOr<Output> Dense(const Scope& layer, const Output& x, int64_t in, int64_t out,
                             uint32_t seed) {
  ASSIGN_OR_RETURN(Tensor w, Weights(in, out, seed));
  ASSIGN_OR_RETURN(Tensor b, Weights(1, out, seed + 1));
  Output weights = ops::Const(layer.WithOpName("weights"), w);
  Output bias = ops::Const(layer.WithOpName("bias"), b);
  return ops::Add(layer, ops::MatMul(layer, x, weights), bias);
}

}  // namespace

absl::StatusOr<GraphDef> BuildDemoModel() {
  Scope root = Scope::NewRootScope();
  Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 784}});
  Scope hidden_scope = root.NewSubScope("hidden");
  ASSIGN_OR_RETURN(Output h, Dense(hidden_scope, x, 784, 128, 1));
  Output hidden = ops::Relu(hidden_scope, h);
  ASSIGN_OR_RETURN(Output logits, Dense(root.NewSubScope("logits"), hidden, 128, 10, 3));
  ops::Identity(root.WithOpName("output"), logits);
  return root.ToGraphDef();
}

}  // namespace rill
