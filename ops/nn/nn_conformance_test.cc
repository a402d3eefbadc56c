// Runs the conformance graphs 03 (Conv2D SAME + BiasAdd + Relu), 05 (Sum), 09 (1x1 Conv2D), 14
// (MaxPool VALID) and 15 (AvgPool SAME) on the reference executor against naive computations
// written out here (weights read from the graphs). Skips when ../shared is absent.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/graph_io.h"
#include "graph/testing/shared_data.h"
#include "gtest/gtest.h"
#include "ops/testing/tensor_test_util.h"

namespace rill {
namespace {

using ::rill::testing::MakeTensor;
using ::rill::testing::RandomTensor;
using ::rill::testing::TensorEq;
using ::rill::testing::TensorNear;

#define SKIP_WITHOUT_SHARED()                                                   \
  if (absl::StatusOr<std::string> dir = testing::ConformanceDir(); !dir.ok()) { \
    GTEST_SKIP() << dir.status();                                               \
  }

// One conformance graph and an interpreter for it.
struct Loaded {
  GraphDef def;
  std::unique_ptr<Interpreter> interpreter;
};

absl::StatusOr<Loaded> Load(const std::string& file) {
  absl::StatusOr<std::string> dir = testing::ConformanceDir();
  if (!dir.ok()) return dir.status();
  Loaded loaded;
  absl::StatusOr<GraphDef> def = ReadGraphDefFile(*dir + "/tf-graphs/" + file);
  if (!def.ok()) return def.status();
  loaded.def = *std::move(def);
  absl::StatusOr<std::unique_ptr<Interpreter>> interpreter = Interpreter::Create(loaded.def);
  if (!interpreter.ok()) return interpreter.status();
  loaded.interpreter = *std::move(interpreter);
  return loaded;
}

// The value of Const node `name` in `def`.
absl::StatusOr<Tensor> ConstValue(const GraphDef& def, const std::string& name) {
  for (const NodeDef& node : def.node()) {
    if (node.name() == name && node.op() == "Const") {
      return Tensor::FromProto(node.attr().at("value").tensor());
    }
  }
  return absl::NotFoundError("no Const named " + name);
}

// Naive NHWC convolution, stride 1, SAME padding (pad (k-1)/2 before, odd k), plus bias.
std::vector<float> NaiveConvSame(const Tensor& x, const Tensor& w, const std::vector<float>& bias) {
  const int64_t n = x.shape().dim(0), h = x.shape().dim(1), wd = x.shape().dim(2);
  const int64_t ci = x.shape().dim(3), kh = w.shape().dim(0), kw = w.shape().dim(1);
  const int64_t co = w.shape().dim(3);
  const float* xp = x.data<float>();
  const float* wp = w.data<float>();
  std::vector<float> out(n * h * wd * co);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < h; ++i)
      for (int64_t j = 0; j < wd; ++j)
        for (int64_t o = 0; o < co; ++o) {
          double acc = bias.empty() ? 0 : bias[o];
          for (int64_t p = 0; p < kh; ++p)
            for (int64_t q = 0; q < kw; ++q)
              for (int64_t c = 0; c < ci; ++c) {
                const int64_t ii = i + p - (kh - 1) / 2, jj = j + q - (kw - 1) / 2;
                if (ii < 0 || ii >= h || jj < 0 || jj >= wd) continue;
                acc += xp[((b * h + ii) * wd + jj) * ci + c] * wp[((p * kw + q) * ci + c) * co + o];
              }
          out[((b * h + i) * wd + j) * co + o] = static_cast<float>(acc);
        }
  return out;
}

TEST(NnConformanceTest, Conv2DSameBiasRelu03) {
  SKIP_WITHOUT_SHARED();
  ASSERT_OK_AND_ASSIGN(Loaded g, Load("03-tflite-e2e-conv2d.pbtxt"));
  ASSERT_OK_AND_ASSIGN(Tensor w, ConstValue(g.def, "conv_net_2d/conv_2d_0/w"));
  ASSERT_OK_AND_ASSIGN(Tensor b, ConstValue(g.def, "conv_net_2d/conv_2d_0/b"));
  ASSERT_EQ(w.shape().DebugString(), "[3,3,2,2]");
  EXPECT_THAT(b, TensorEq(MakeTensor<float>({2}, {0.1f, 0.1f})));
  const Tensor x = RandomTensor(DT_FLOAT, TensorShape({1, 8, 8, 2}), 3);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, g.interpreter->Run({{"input", x}}, {"output_0"}));
  std::vector<float> expected = NaiveConvSame(x, w, b.ToVector<float>());
  for (float& v : expected) v = std::max(v, 0.0f);
  EXPECT_THAT(got[0], TensorNear(MakeTensor<float>({1, 8, 8, 2}, expected), 1e-5, 1e-5));
}

TEST(NnConformanceTest, SumOfSplatConstant05) {
  SKIP_WITHOUT_SHARED();
  ASSERT_OK_AND_ASSIGN(Loaded g, Load("05-dl4j-reduce-dim-sum.pbtxt"));
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got, g.interpreter->Run({}, {"Sum"}));
  EXPECT_THAT(got[0], TensorEq(MakeTensor<float>({3}, {3, 3, 3})));
}

TEST(NnConformanceTest, Conv2D1x1_09) {
  SKIP_WITHOUT_SHARED();
  ASSERT_OK_AND_ASSIGN(Loaded g, Load("09-tosa-conv2d-1x1.pbtxt"));
  ASSERT_OK_AND_ASSIGN(Tensor w, ConstValue(g.def, "const_1"));
  ASSERT_EQ(w.shape().DebugString(), "[1,1,8,16]");
  const Tensor x = RandomTensor(DT_FLOAT, TensorShape({1, 32, 32, 8}), 9);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got,
                       g.interpreter->Run({{"placeholder_0", x}}, {"result"}));
  // A 1x1 convolution is a per-pixel matrix product with the [8,16] weights.
  std::vector<float> expected(32 * 32 * 16);
  for (int64_t pixel = 0; pixel < 32 * 32; ++pixel)
    for (int64_t o = 0; o < 16; ++o) {
      double acc = 0;
      for (int64_t c = 0; c < 8; ++c) acc += x.data<float>()[pixel * 8 + c] * w.data<float>()[c * 16 + o];
      expected[pixel * 16 + o] = static_cast<float>(acc);
    }
  EXPECT_THAT(got[0], TensorNear(MakeTensor<float>({1, 32, 32, 16}, expected), 1e-5, 1e-5));
}

TEST(NnConformanceTest, MaxPoolValid14) {
  SKIP_WITHOUT_SHARED();
  ASSERT_OK_AND_ASSIGN(Loaded g, Load("14-one-maxpool-valid.pbtxt"));
  const Tensor x = MakeTensor<float>({1, 3, 3, 1}, {0.5f, -1, 2, 7, 3, -4, 1, 8, 0});
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got,
                       g.interpreter->Run({{"placeholder", x}}, {"maxpool2d"}));
  const float* v = x.data<float>();
  std::vector<float> expected;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      expected.push_back(std::max({v[i * 3 + j], v[i * 3 + j + 1], v[(i + 1) * 3 + j],
                                   v[(i + 1) * 3 + j + 1]}));
  EXPECT_THAT(expected, ::testing::ElementsAre(7, 3, 8, 8));
  EXPECT_THAT(got[0], TensorEq(MakeTensor<float>({1, 2, 2, 1}, expected)));
}

TEST(NnConformanceTest, AvgPoolSameCountsOnlyInBoundsElements15) {
  SKIP_WITHOUT_SHARED();
  ASSERT_OK_AND_ASSIGN(Loaded g, Load("15-one-avgpool-same.pbtxt"));
  const Tensor x = RandomTensor(DT_FLOAT, TensorShape({1, 3, 3, 1}), 15);
  ASSERT_OK_AND_ASSIGN(std::vector<Tensor> got,
                       g.interpreter->Run({{"placeholder", x}}, {"avgpool2d"}));
  std::vector<float> expected;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      double sum = 0;
      int count = 0;
      for (int p = i - 1; p <= i + 1; ++p)
        for (int q = j - 1; q <= j + 1; ++q)
          if (p >= 0 && p < 3 && q >= 0 && q < 3) {
            sum += x.data<float>()[p * 3 + q];
            ++count;
          }
      expected.push_back(static_cast<float>(sum / count));
    }
  EXPECT_THAT(got[0], TensorNear(MakeTensor<float>({1, 3, 3, 1}, expected), 1e-6, 1e-6));
}

}  // namespace
}  // namespace rill
