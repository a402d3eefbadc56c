// Tolerances of compiled-vs-reference comparisons (see compiled_numerics.h).
#include "compiler/testing/compiled_numerics.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/container/flat_hash_set.h"

namespace rill::testing {
namespace {

template <typename T>
::testing::AssertionResult CompareFloats(const Tensor& got, const Tensor& want, double tol) {
  const T* g = got.data<T>();
  const T* w = want.data<T>();
  const int64_t n = want.shape().num_elements();
  double scale = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (std::isfinite(w[i])) scale = std::max(scale, std::fabs(static_cast<double>(w[i])));
  }
  int64_t bad = 0;
  ::testing::AssertionResult result = ::testing::AssertionFailure();
  for (int64_t i = 0; i < n; ++i) {
    const double gv = g[i], wv = w[i];
    bool ok;
    if (std::isnan(wv)) {
      ok = std::isnan(gv);
    } else if (std::isinf(wv)) {
      ok = gv == wv;
    } else {
      ok = std::fabs(gv - wv) <= tol * (std::fabs(wv) + scale);
    }
    if (!ok && bad++ < 5) {
      result << "element " << i << ": got " << gv << ", want " << wv << " (tolerance " << tol
             << " x (|want| + scale " << scale << "))\n";
    }
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  return result << bad << " of " << n << " elements differ";
}

}  // namespace

bool HasRuntimeDenseOps(const GraphDef& graph) {
  static const auto* kOps = new absl::flat_hash_set<std::string>{
      "MatMul", "BatchMatMulV2", "Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter",
      "RillFusedMatMul", "RillFusedConv2D", "BiasAddGrad"};
  for (const NodeDef& node : graph.node()) {
    if (!kOps->contains(node.op())) continue;
    auto t = node.attr().find("T");
    if (t == node.attr().end() || t->second.type() == DT_FLOAT) return true;
  }
  return false;
}

::testing::AssertionResult NearlyEqual(const Tensor& got, const Tensor& want, double tolerance) {
  if (!got.valid() || !want.valid() || got.dtype() != want.dtype() ||
      got.shape() != want.shape()) {
    return ::testing::AssertionFailure()
           << "got " << (got.valid() ? got.DebugString(4) : "<invalid>") << ", want "
           << (want.valid() ? want.DebugString(4) : "<invalid>");
  }
  if (got.dtype() == DT_FLOAT) return CompareFloats<float>(got, want, tolerance);
  if (got.dtype() == DT_DOUBLE) return CompareFloats<double>(got, want, tolerance);
  if (got.BitwiseEqual(want)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got " << got.DebugString(8) << ", want "
                                       << want.DebugString(8) << " (compared bitwise)";
}

::testing::AssertionResult MatchesReference(const GraphDef& graph, const Tensor& got,
                                            const Tensor& want) {
  if (HasRuntimeDenseOps(graph)) return NearlyEqual(got, want, kDenseTolerance);
  if (got.valid() && want.valid() && got.BitwiseEqual(want)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "not bitwise equal:\ncompiled:  " << (got.valid() ? got.DebugString(8) : "<invalid>")
         << "\nreference: " << (want.valid() ? want.DebugString(8) : "<invalid>");
}

}  // namespace rill::testing
