// The softmax and cross-entropy entry points of call_abi.h against a direct softmax cross entropy
// and the softmax rows (softmax_row.h): bitwise equal with and without a thread pool, and the
// bad-label failure code with its details.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "compiler/codegen/call_abi.h"
#include "gtest/gtest.h"
#include "ops/nn/softmax_row.h"
#include "runtime/thread_pool.h"

namespace rill::codegen {
namespace {

template <typename T>
bool SameBits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

TEST(SoftmaxCallsTest, SparseXentMatchesADirectComputation) {
  runtime::ThreadPool pool(2);
  const int64_t batch = 3001, classes = 7;
  std::vector<float> f(batch * classes);
  for (size_t i = 0; i < f.size(); ++i) f[i] = std::sin(0.37f * static_cast<float>(i)) * 4;
  std::vector<int32_t> labels(batch);
  for (int64_t b = 0; b < batch; ++b) labels[b] = static_cast<int32_t>(b % classes);
  std::vector<float> loss(batch), bp(batch * classes), loss2(batch), bp2(batch * classes);
  int64_t details[kFailureDetailsSize] = {};
  ASSERT_EQ(rill_rt_sparse_xent(0, 0, batch, classes, f.data(), labels.data(), loss.data(),
                                bp.data(), details, nullptr),
            0);
  ASSERT_EQ(rill_rt_sparse_xent(0, 0, batch, classes, f.data(), labels.data(), loss2.data(),
                                bp2.data(), details, &pool),
            0);
  EXPECT_TRUE(SameBits(loss, loss2));
  EXPECT_TRUE(SameBits(bp, bp2));
  for (int64_t b = 0; b < batch; b += 500) {
    double sum = 0;
    for (int64_t j = 0; j < classes; ++j) sum += std::exp(double{f[b * classes + j]});
    const double p = std::exp(double{f[b * classes + labels[b]]}) / sum;
    EXPECT_NEAR(loss[b], -std::log(p), 1e-5) << b;
    EXPECT_NEAR(bp[b * classes + labels[b]], p - 1, 1e-5) << b;
  }
  // A label out of range: code 1 with (label, index).
  labels[5] = 7;
  EXPECT_EQ(rill_rt_sparse_xent(0, 0, batch, classes, f.data(), labels.data(), loss.data(),
                                bp.data(), details, nullptr),
            1);
  EXPECT_EQ(details[0], 7);
  EXPECT_EQ(details[1], 5);
  std::vector<int64_t> labels64 = {0, -2};
  EXPECT_EQ(rill_rt_sparse_xent(0, 1, 2, classes, f.data(), labels64.data(), loss.data(), bp.data(),
                                details, nullptr),
            1);
  EXPECT_EQ(details[0], -2);
  EXPECT_EQ(details[1], 1);
}

// Values in [-20, 20) from a fixed LCG, with a NaN and an Inf in row 3 when there is one.
template <typename T>
std::vector<T> Logits(int64_t n) {
  std::vector<T> v(n);
  uint64_t state = 17;
  for (int64_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    v[i] = static_cast<T>(static_cast<double>(state >> 11) / 9007199254740992.0 * 40 - 20);
  }
  return v;
}

template <typename T>
void ExpectSoftmaxRowsWithAndWithoutPool(int32_t log) {
  runtime::ThreadPool pool(2);
  const int64_t rows = 300, classes = 101;  // several shards of whole rows
  std::vector<T> in = Logits<T>(rows * classes);
  in[3 * classes + 5] = std::numeric_limits<T>::quiet_NaN();
  in[4 * classes + 1] = std::numeric_limits<T>::infinity();
  std::vector<T> want(in.size()), one(in.size()), two(in.size());
  for (int64_t r = 0; r < rows; ++r) {
    if (log) {
      LogSoftmaxRow(in.data() + r * classes, classes, want.data() + r * classes);
    } else {
      SoftmaxRow(in.data() + r * classes, classes, want.data() + r * classes);
    }
  }
  const int32_t dtype = sizeof(T) == 8;
  ASSERT_EQ(rill_rt_softmax(log, dtype, rows, classes, in.data(), one.data(), nullptr), 0);
  ASSERT_EQ(rill_rt_softmax(log, dtype, rows, classes, in.data(), two.data(), &pool), 0);
  EXPECT_TRUE(SameBits(want, one));
  EXPECT_TRUE(SameBits(want, two));
  EXPECT_TRUE(std::isnan(one[3 * classes]));
  // Row 0 against a double-precision softmax.
  double sum = 0;
  for (int64_t j = 0; j < classes; ++j) sum += std::exp(double{in[j]});
  for (int64_t j = 0; j < classes; j += 10) {
    const double p = std::exp(double{in[j]}) / sum;
    EXPECT_NEAR(one[j], log ? std::log(p) : p, 1e-5) << j;
  }
}

TEST(SoftmaxCallsTest, SoftmaxRowsAreTheRowRoutineWithAndWithoutAPool) {
  ExpectSoftmaxRowsWithAndWithoutPool<float>(0);
  ExpectSoftmaxRowsWithAndWithoutPool<float>(1);
  ExpectSoftmaxRowsWithAndWithoutPool<double>(0);
  ExpectSoftmaxRowsWithAndWithoutPool<double>(1);
}

template <typename T>
void ExpectDenseXent(const XentBroadcast& b) {
  runtime::ThreadPool pool(2);
  std::vector<T> f = Logits<T>(b.f_rows * b.f_classes);
  std::vector<T> l = Logits<T>(b.l_rows * b.l_classes + 7);
  l.erase(l.begin(), l.begin() + 7);
  for (T& x : l) x = (x + 20) / 40;  // in [0, 1)
  std::vector<T> loss(b.batch), bp(b.batch * b.classes), loss1(loss), bp1(bp), loss2(loss), bp2(bp);
  SoftmaxXentRows(b, f.data(), l.data(), loss.data(), bp.data(), 0, b.batch);
  const int32_t dtype = sizeof(T) == 8;
  ASSERT_EQ(
      rill_rt_softmax_xent(dtype, b.batch, b.classes, b.f_rows, b.f_classes, b.l_rows, b.l_classes,
                           f.data(), l.data(), loss1.data(), bp1.data(), nullptr),
      0);
  ASSERT_EQ(rill_rt_softmax_xent(dtype, b.batch, b.classes, b.f_rows, b.f_classes, b.l_rows,
                                 b.l_classes, f.data(), l.data(), loss2.data(), bp2.data(), &pool),
            0);
  EXPECT_TRUE(SameBits(loss, loss1));
  EXPECT_TRUE(SameBits(bp, bp1));
  EXPECT_TRUE(SameBits(loss, loss2));
  EXPECT_TRUE(SameBits(bp, bp2));
  // The last row against a double-precision cross entropy.
  const int64_t r = b.batch - 1;
  const T* fr = f.data() + (b.f_rows == 1 ? 0 : r) * b.f_classes;
  const T* lr = l.data() + (b.l_rows == 1 ? 0 : r) * b.l_classes;
  double sum = 0, want_loss = 0;
  for (int64_t j = 0; j < b.f_classes; ++j) sum += std::exp(double{fr[j]});
  for (int64_t j = 0; j < b.classes; ++j) {
    const double fj = fr[b.f_classes == 1 ? 0 : j], lj = lr[b.l_classes == 1 ? 0 : j];
    want_loss += lj * (std::log(sum) - fj);
    EXPECT_NEAR(bp1[r * b.classes + j], std::exp(fj) / sum - lj, 1e-5) << j;
  }
  EXPECT_NEAR(loss1[r], want_loss, 1e-3 * std::max(1.0, std::abs(want_loss)));
}

TEST(SoftmaxCallsTest, DenseSoftmaxCrossEntropyIsTheRowRoutineWithAndWithoutAPool) {
  // [batch, classes, f_rows, f_classes, l_rows, l_classes]: plain, broadcast labels (a row, a
  // column), broadcast features (a row, a column).
  for (const XentBroadcast& b :
       {XentBroadcast{700, 33, 700, 33, 700, 33}, XentBroadcast{700, 33, 700, 33, 1, 33},
        XentBroadcast{700, 33, 700, 33, 700, 1}, XentBroadcast{700, 33, 1, 33, 700, 33},
        XentBroadcast{700, 33, 700, 1, 700, 33}}) {
    SCOPED_TRACE(::testing::Message()
                 << b.f_rows << "x" << b.f_classes << " " << b.l_rows << "x" << b.l_classes);
    ExpectDenseXent<float>(b);
    ExpectDenseXent<double>(b);
  }
}

}  // namespace
}  // namespace rill::codegen
