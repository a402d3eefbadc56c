// Gradient building blocks: reducing broadcast gradients back to the input shapes.
#include "ops/gradient_helpers.h"

#include "ops/array_ops.h"
#include "ops/math_ops.h"

namespace rill {
namespace {

bool SameStaticShape(const PartialShape& a, const PartialShape& b) {
  return a.IsFullyDefined() && b.IsFullyDefined() && a == b;
}

}  // namespace

std::pair<Output, Output> ReduceBroadcastGradients(const Scope& scope, const Output& x,
                                                   const Output& y, const Output& gx,
                                                   const Output& gy) {
  const bool gx_same = gx.valid() && SameStaticShape(x.shape(), gx.shape());
  const bool gy_same = gy.valid() && SameStaticShape(y.shape(), gy.shape());
  if ((gx_same || !gx.valid()) && (gy_same || !gy.valid())) return {gx, gy};
  Output sx = ops::Shape(scope, x);
  Output sy = ops::Shape(scope, y);
  ops::BroadcastGradientArgsOutputs r = ops::BroadcastGradientArgs(scope, sx, sy);
  Output dx = gx;
  Output dy = gy;
  if (gx.valid() && !gx_same) dx = ops::Reshape(scope, ops::Sum(scope, gx, r.r0), sx);
  if (gy.valid() && !gy_same) dy = ops::Reshape(scope, ops::Sum(scope, gy, r.r1), sy);
  return {dx, dy};
}

void SetBroadcastBinaryGradients(GradientContext& c, const Output& gx, const Output& gy) {
  auto [dx, dy] = ReduceBroadcastGradients(c.scope(), c.input(0), c.input(1), gx, gy);
  c.set_input_grad(0, dx);
  c.set_input_grad(1, dy);
}

}  // namespace rill
