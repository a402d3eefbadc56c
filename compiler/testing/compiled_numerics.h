// How compiled results are compared with the reference executor's. Compiled f32 MatMul,
// BatchMatMulV2, Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter call the runtime's GEMM
// and convolutions, which use FMA and a blocked summation order, and f32 BiasAddGrad calls
// runtime::ColumnSums, which adds chunks of rows separately, so they are not bitwise the
// reference kernels' k-order loops: graphs containing them are compared within a stated
// tolerance; every other graph is compared bitwise (the element-wise and loop emitters reproduce
// the reference kernels exactly).
#ifndef RILL_COMPILER_TESTING_COMPILED_NUMERICS_H_
#define RILL_COMPILER_TESTING_COMPILED_NUMERICS_H_

#include "graph/graph.pb.h"
#include "graph/tensor.h"
#include "gtest/gtest.h"

namespace rill::testing {

// One dense product or convolution: |got - want| <= kDenseTolerance * (|want| + max |want| over
// the tensor) per element, i.e. relative to the element and to the tensor's scale (a dot product
// that cancels to near zero carries the rounding error of its large terms). NaN where the
// reference has NaN, equal infinities.
inline constexpr double kDenseTolerance = 1e-4;
// Training steps (several optimizer updates of a network with dense ops): the per-step
// differences compound and Adam normalises small gradients, so losses and variables are compared
// at this looser scale.
inline constexpr double kTrainingTolerance = 2e-3;

// True when `graph` has a float MatMul / BatchMatMulV2 / Conv2D / Conv2DBackpropInput /
// Conv2DBackpropFilter (or a BiasAdd-fused form) or BiasAddGrad, i.e. compiled results may differ in rounding.
bool HasRuntimeDenseOps(const GraphDef& graph);

// Equal shapes and dtypes, and every element within `tolerance` as described above (non-float
// dtypes: bitwise).
::testing::AssertionResult NearlyEqual(const Tensor& got, const Tensor& want, double tolerance);

// Bitwise when `graph` has no runtime dense ops, else NearlyEqual with kDenseTolerance.
::testing::AssertionResult MatchesReference(const GraphDef& graph, const Tensor& got,
                                            const Tensor& want);

}  // namespace rill::testing

#endif  // RILL_COMPILER_TESTING_COMPILED_NUMERICS_H_
