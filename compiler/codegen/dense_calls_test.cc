// The dense entry points of call_abi.h pass their flat arguments through to the runtime
// correctly: batched and broadcast GEMMs with transposes and the epilogue, and the three
// convolutions, against the runtime's reference loops (tolerance: the runtime may use FMA and
// another summation order); column sums; results with 1 and 2 threads are bitwise equal.
#include <cmath>
#include <cstring>
#include <vector>

#include "compiler/codegen/call_abi.h"
#include "gtest/gtest.h"
#include "runtime/conv2d.h"
#include "runtime/gemm.h"
#include "runtime/thread_pool.h"

namespace rill::codegen {
namespace {

std::vector<float> Values(int64_t n, int seed) {
  std::vector<float> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = static_cast<float>((i * 37 + seed * 11) % 23) / 8 - 1.4f;
  return v;
}

void ExpectClose(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], 1e-4 * (1 + std::fabs(want[i]))) << i;
  }
}

void ExpectBitwise(const std::vector<float>& a, const std::vector<float>& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
}

TEST(DenseCallsTest, BatchedGemmWithBroadcastTransposesAndEpilogue) {
  const int64_t m = 5, n = 7, k = 9, batch = 3;
  for (int ta = 0; ta < 2; ++ta) {
    for (int tb = 0; tb < 2; ++tb) {
      const std::vector<float> a = Values(batch * m * k, 1);
      const std::vector<float> b = Values(k * n, 2);  // broadcast: one matrix for every batch
      const std::vector<float> bias = Values(n, 3);
      std::vector<float> one(batch * m * n), two(batch * m * n), want(batch * m * n);
      rill_rt_sgemm(ta, tb, m, n, k, a.data(), b.data(), one.data(), bias.data(), 1, batch, m * k,
                    0, runtime::SharedThreadPool(1));
      rill_rt_sgemm(ta, tb, m, n, k, a.data(), b.data(), two.data(), bias.data(), 1, batch, m * k,
                    0, runtime::SharedThreadPool(2));
      for (int64_t i = 0; i < batch; ++i) {
        runtime::GemmArgs args;
        args.trans_a = ta;
        args.trans_b = tb;
        args.m = m;
        args.n = n;
        args.k = k;
        args.a = a.data() + i * m * k;
        args.lda = ta ? m : k;
        args.b = b.data();
        args.ldb = tb ? k : n;
        args.c = want.data() + i * m * n;
        args.ldc = n;
        args.epilogue.bias = bias.data();
        args.epilogue.relu = true;
        runtime::SgemmReference(args);
      }
      SCOPED_TRACE(testing::Message() << "ta=" << ta << " tb=" << tb);
      ExpectClose(one, want);
      ExpectBitwise(one, two);
      // The relu ran: no negative outputs, and some were clamped.
      int zeros = 0;
      for (float v : one) {
        EXPECT_GE(v, 0.0f);
        zeros += v == 0.0f;
      }
      EXPECT_GT(zeros, 0);
    }
  }
}

TEST(DenseCallsTest, ConvolutionsUnpackTheGeometry) {
  runtime::Conv2DShape s;
  s.batch = 2;
  s.in_h = 7;
  s.in_w = 6;
  s.in_c = 3;
  s.filter_h = 3;
  s.filter_w = 2;
  s.out_c = 4;
  s.stride_h = 2;
  s.stride_w = 1;
  s.pad_top = 1;
  s.pad_left = 0;
  s.out_h = 4;  // SAME along h: ceil(7 / 2)
  s.out_w = 5;  // VALID along w: 6 - 2 + 1
  const int64_t geometry[kConvGeometrySize] = {
      s.batch, s.in_h,     s.in_w,     s.in_c,       s.filter_h,   s.filter_w, s.out_c,   s.out_h,
      s.out_w, s.stride_h, s.stride_w, s.dilation_h, s.dilation_w, s.pad_top,  s.pad_left};
  const std::vector<float> input = Values(s.batch * s.in_h * s.in_w * s.in_c, 1);
  const std::vector<float> filter = Values(s.filter_h * s.filter_w * s.in_c * s.out_c, 2);
  const std::vector<float> dout = Values(s.batch * s.out_h * s.out_w * s.out_c, 3);
  const std::vector<float> bias = Values(s.out_c, 4);

  std::vector<float> out(dout.size()), out2(dout.size()), want_out(dout.size());
  rill_rt_conv2d_forward(geometry, input.data(), filter.data(), bias.data(), 0, out.data(),
                         runtime::SharedThreadPool(1));
  rill_rt_conv2d_forward(geometry, input.data(), filter.data(), bias.data(), 0, out2.data(),
                         runtime::SharedThreadPool(2));
  runtime::Conv2DForwardReference(s, input.data(), filter.data(), bias.data(), false,
                                  want_out.data());
  ExpectClose(out, want_out);
  ExpectBitwise(out, out2);

  std::vector<float> din(input.size()), din2(input.size()), want_din(input.size());
  rill_rt_conv2d_backward_input(geometry, filter.data(), dout.data(), din.data(),
                                runtime::SharedThreadPool(1));
  rill_rt_conv2d_backward_input(geometry, filter.data(), dout.data(), din2.data(),
                                runtime::SharedThreadPool(2));
  runtime::Conv2DBackwardInputReference(s, filter.data(), dout.data(), want_din.data());
  ExpectClose(din, want_din);
  ExpectBitwise(din, din2);

  std::vector<float> df(filter.size()), df2(filter.size()), want_df(filter.size());
  rill_rt_conv2d_backward_filter(geometry, input.data(), dout.data(), df.data(), nullptr);
  rill_rt_conv2d_backward_filter(geometry, input.data(), dout.data(), df2.data(),
                                 runtime::SharedThreadPool(2));
  runtime::Conv2DBackwardFilterReference(s, input.data(), dout.data(), want_df.data());
  ExpectClose(df, want_df);
  ExpectBitwise(df, df2);
}

TEST(DenseCallsTest, ColumnSumsAddEveryRowPerColumn) {
  // 9000 rows: more than one chunk, so the 2-thread run splits the rows.
  const int64_t m = 9000, n = 20;
  const std::vector<float> x = Values(m * n, 5);
  std::vector<double> want(n, 0.0);
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t j = 0; j < n; ++j) want[j] += x[r * n + j];
  }
  std::vector<float> one(n, -1.0f), two(n, -1.0f);
  rill_rt_column_sums(m, n, x.data(), one.data(), nullptr);
  rill_rt_column_sums(m, n, x.data(), two.data(), runtime::SharedThreadPool(2));
  for (int64_t j = 0; j < n; ++j)
    EXPECT_NEAR(one[j], want[j], 1e-3 * (1 + std::fabs(want[j]))) << j;
  ExpectBitwise(one, two);
}

}  // namespace
}  // namespace rill::codegen
