// Test helpers for Tensors: literal construction, deterministic random tensors and shapes, and
// gMock matchers comparing Tensors exactly (TensorEq) or with a tolerance (TensorNear).
#ifndef RILL_OPS_TESTING_TENSOR_TEST_UTIL_H_
#define RILL_OPS_TESTING_TENSOR_TEST_UTIL_H_

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "base/check.h"
#include "gmock/gmock.h"
#include "graph/tensor.h"
#include "graph/tensor_shape.h"
#include "graph/types.pb.h"

namespace rill::testing {

// A tensor of `shape` from row-major `values` (test literal; the counts must match):
//   MakeTensor<float>({2, 2}, {1, 2, 3, 4}),  MakeTensor<int32_t>({}, {7}) (a scalar).
template <typename T>
Tensor MakeTensor(std::initializer_list<int64_t> shape, const std::vector<T>& values) {
  absl::StatusOr<TensorShape> s = TensorShape::Create(std::vector<int64_t>(shape));
  RILL_CHECK(s.ok(), "MakeTensor: bad shape");
  absl::StatusOr<Tensor> t = Tensor::FromVector<T>(values, *s);
  RILL_CHECK(t.ok(), "MakeTensor: value count does not match the shape");
  return *std::move(t);
}

// Uniform values in [lo, hi) of a float/double/int dtype, deterministic for `seed`. With
// min_abs > 0, values with |v| < min_abs are redrawn (keeps points away from a kink at 0).
Tensor RandomTensor(DataType dtype, const TensorShape& shape, uint64_t seed, double lo = -1.0,
                    double hi = 1.0, double min_abs = 0.0);

// A random shape with rank in [min_rank, max_rank] and dims in [1, max_dim].
TensorShape RandomShape(std::mt19937_64& rng, int min_rank, int max_rank, int64_t max_dim);

// The values of a numeric tensor as doubles (bool as 0/1).
std::vector<double> ToDoubles(const Tensor& t);

// Same dtype and shape, and equal elements (NaN equals NaN; -0.0 equals 0.0).
::testing::Matcher<const Tensor&> TensorEq(const Tensor& expected);
// Same dtype and shape; each element within atol + rtol * |expected| (NaN matches NaN).
::testing::Matcher<const Tensor&> TensorNear(const Tensor& expected, double atol = 1e-5,
                                             double rtol = 1e-5);

}  // namespace rill::testing

namespace rill {
// gtest printing of Tensors in failure messages.
void PrintTo(const Tensor& t, std::ostream* os);
}  // namespace rill

#endif  // RILL_OPS_TESTING_TENSOR_TEST_UTIL_H_
