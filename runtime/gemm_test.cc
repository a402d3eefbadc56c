// Tests for Sgemm: every kernel the host can run (forced through SgemmWithKernel) against
// SgemmReference over all transpose combinations, odd shapes and strides, K blocking, accumulate,
// the epilogue, NaN/Inf propagation, and bitwise equality across thread counts.
#include "runtime/gemm.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/cpu_features.h"
#include "runtime/gemm_microkernel.h"
#include "runtime/thread_pool.h"

namespace rill::runtime {
namespace {

using gemm_internal::MicroKernel;

// The kernels this host can run, plus copies with tiny cache blocks so that every blocking loop
// (several nc, kc and mc blocks, partial ones included) runs on small shapes.
std::vector<MicroKernel> Kernels() {
  std::vector<MicroKernel> base = {gemm_internal::PortableMicroKernel()};
  if (HostCpuFeatures().avx2_fma) base.push_back(gemm_internal::Avx2MicroKernel());
  if (HostCpuFeatures().avx512f) base.push_back(gemm_internal::Avx512MicroKernel());
  std::vector<MicroKernel> all = base;
  for (MicroKernel k : base) {
    k.mc = 2 * k.mr;
    k.kc = 5;
    k.nc = 2 * k.nr;
    all.push_back(k);
  }
  return all;
}

struct Problem {
  bool trans_a = false, trans_b = false;
  int64_t m = 1, n = 1, k = 1;
  int64_t pad = 0;  // added to each minimal leading dimension (with different odd offsets)
  bool accumulate = false, bias = false, relu = false;
};

std::string Describe(const Problem& p) {
  return "m=" + std::to_string(p.m) + " n=" + std::to_string(p.n) + " k=" + std::to_string(p.k) +
         " ta=" + std::to_string(p.trans_a) + " tb=" + std::to_string(p.trans_b) +
         " pad=" + std::to_string(p.pad) + " acc=" + std::to_string(p.accumulate) +
         " bias=" + std::to_string(p.bias) + " relu=" + std::to_string(p.relu);
}

// Operands with random values in [-1, 1] (padding included) and the arguments that describe them.
struct Operands {
  std::vector<float> a, b, c, bias;
  GemmArgs args;

  Operands(const Problem& p, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    args.trans_a = p.trans_a;
    args.trans_b = p.trans_b;
    args.m = p.m;
    args.n = p.n;
    args.k = p.k;
    args.lda = (p.trans_a ? p.m : p.k) + p.pad;
    args.ldb = (p.trans_b ? p.k : p.n) + p.pad * 2 + (p.pad > 0 ? 1 : 0);
    args.ldc = p.n + p.pad * 3;
    a.resize((p.trans_a ? p.k : p.m) * args.lda + 1);
    b.resize((p.trans_b ? p.n : p.k) * args.ldb + 1);
    c.resize(p.m * args.ldc + 1);
    bias.resize(p.n);
    for (auto* v : {&a, &b, &c, &bias}) {
      for (float& x : *v) x = dist(rng);
    }
    args.accumulate = p.accumulate;
    args.epilogue.bias = p.bias ? bias.data() : nullptr;
    args.epilogue.relu = p.relu;
    Rebind();
  }
  Operands(const Operands& o) : a(o.a), b(o.b), c(o.c), bias(o.bias), args(o.args) { Rebind(); }

  void Rebind() {
    args.a = a.data();
    args.b = b.data();
    args.c = c.data();
    if (args.epilogue.bias != nullptr) args.epilogue.bias = bias.data();
  }
  float& A(int64_t i, int64_t p) {
    return args.trans_a ? a[p * args.lda + i] : a[i * args.lda + p];
  }
  float& B(int64_t p, int64_t j) {
    return args.trans_b ? b[j * args.ldb + p] : b[p * args.ldb + j];
  }
  float C(int64_t i, int64_t j) const { return c[i * args.ldc + j]; }
};

// The reference result for `input` and, from the same product on absolute values, the magnitude
// that bounds each element's rounding error.
struct Expected {
  explicit Expected(const Operands& input) : input(input), ref(input), mag(input) {
    SgemmReference(ref.args);
    for (auto* v : {&mag.a, &mag.b, &mag.c, &mag.bias}) {
      for (float& x : *v) x = std::fabs(x);
    }
    mag.args.epilogue.relu = false;
    SgemmReference(mag.args);
  }
  const Operands& input;
  Operands ref, mag;
};

// Checks `got` against the reference: each element within a bound scaled by k and by the sum of
// |a||b| (+|c| +|bias|) that produced it; C's padding between rows must be untouched.
void ExpectNear(const Expected& expected, const Operands& got, const std::string& what) {
  const Operands& input = expected.input;
  const Operands& ref = expected.ref;
  const Operands& mag = expected.mag;
  const float eps = std::numeric_limits<float>::epsilon();
  int failures = 0;
  for (int64_t i = 0; i < input.args.m; ++i) {
    for (int64_t j = 0; j < input.args.ldc && failures < 5; ++j) {
      const size_t at = i * input.args.ldc + j;
      if (j >= input.args.n) {
        EXPECT_EQ(got.c[at], input.c[at]) << what << ": padding of C written at " << i << "," << j;
        continue;
      }
      const float tol = 2.0f * (input.args.k + 3) * eps * mag.c[at] + 1e-30f;
      if (!(std::fabs(got.c[at] - ref.c[at]) <= tol)) {
        ++failures;
        ADD_FAILURE() << what << ": C(" << i << "," << j << ") = " << got.c[at] << ", reference "
                      << ref.c[at] << ", tolerance " << tol;
      }
    }
  }
}

void CheckAllKernels(const Problem& p, ThreadPool* pool = nullptr) {
  const Operands input(p, static_cast<uint32_t>(p.m * 131 + p.n * 17 + p.k));
  const Expected expected(input);
  for (const MicroKernel& kernel : Kernels()) {
    Operands got = input;
    gemm_internal::SgemmWithKernel(got.args, pool, kernel);
    ExpectNear(expected, got,
               std::string(kernel.name) + " kc=" + std::to_string(kernel.kc) + " " + Describe(p));
  }
}

TEST(GemmTest, AllTransposesAndOddShapes) {
  const int64_t shapes[][3] = {{1, 1, 1},      {7, 17, 33},    {17, 7, 1},    {33, 33, 33},
                               {100, 255, 17}, {255, 100, 7},  {1, 255, 100}, {255, 1, 300},
                               {33, 100, 513}, {100, 33, 257}, {7, 7, 255}};
  for (int t = 0; t < 4; ++t) {
    for (const auto& s : shapes) {
      Problem p;
      p.trans_a = t & 1;
      p.trans_b = t & 2;
      p.m = s[0];
      p.n = s[1];
      p.k = s[2];
      CheckAllKernels(p);
      p.pad = 3;  // lda/ldb/ldc larger than minimal, by different odd amounts
      CheckAllKernels(p);
    }
  }
}

// Narrow products (n <= 16: the AVX-512 kernel's narrow path) at row counts around its 16- and
// 32-row blocks and K around its 16-step blocks, every transpose, padded leading dimensions and the
// epilogue.
TEST(GemmTest, NarrowProducts) {
  const int64_t ms[] = {1, 7, 17, 33, 128};
  const int64_t ns[] = {1, 7, 8, 10, 13, 14, 16};
  const int64_t ks[] = {1, 10, 257};
  int variant = 0;
  for (int t = 0; t < 4; ++t) {
    for (int64_t m : ms) {
      for (int64_t n : ns) {
        for (int64_t k : ks) {
          Problem p;
          p.trans_a = t & 1;
          p.trans_b = t & 2;
          p.m = m;
          p.n = n;
          p.k = k;
          p.pad = variant % 3;
          p.accumulate = variant % 2;
          p.bias = variant % 5 < 2;
          p.relu = variant % 3 == 1;
          ++variant;
          CheckAllKernels(p);
        }
      }
    }
  }
}

// Narrow products big enough to split across threads: bitwise the serial result.
TEST(GemmTest, NarrowProductsSplitWithoutChangingBits) {
  ThreadPool one(1), two(2), three(3);
  for (int t = 0; t < 4; ++t) {
    Problem p;
    p.trans_a = t & 1;
    p.trans_b = t & 2;
    p.m = 1000;
    p.n = 10;
    p.k = 300;  // 6 MFLOP: two shards
    p.bias = true;
    p.relu = t == 2;
    const Operands input(p, 13);
    const Expected expected(input);
    for (const MicroKernel& kernel : Kernels()) {
      Operands serial = input, pair = input, triple = input;
      gemm_internal::SgemmWithKernel(serial.args, &one, kernel);
      gemm_internal::SgemmWithKernel(pair.args, &two, kernel);
      gemm_internal::SgemmWithKernel(triple.args, &three, kernel);
      const std::string what = std::string(kernel.name) + " " + Describe(p);
      ExpectNear(expected, serial, what);
      EXPECT_EQ(0, std::memcmp(serial.c.data(), pair.c.data(), sizeof(float) * serial.c.size()))
          << what;
      EXPECT_EQ(0, std::memcmp(serial.c.data(), triple.c.data(), sizeof(float) * serial.c.size()))
          << what;
    }
  }
}

// Tiny K (k <= 11 with n > 16: the AVX-512 kernel's tiny-K path; 12 just outside it) at row
// counts around its row groups, column counts around its 16- and 32-column blocks, every
// transpose, padded leading dimensions and the epilogue.
TEST(GemmTest, TinyKProducts) {
  const int64_t ms[] = {1, 5, 7, 17, 128};
  const int64_t ns[] = {17, 31, 32, 33, 50, 128};
  const int64_t ks[] = {1, 4, 7, 10, 11, 12};
  int variant = 0;
  for (int t = 0; t < 4; ++t) {
    for (int64_t m : ms) {
      for (int64_t n : ns) {
        for (int64_t k : ks) {
          Problem p;
          p.trans_a = t & 1;
          p.trans_b = t & 2;
          p.m = m;
          p.n = n;
          p.k = k;
          p.pad = variant % 3;
          p.accumulate = variant % 2;
          p.bias = variant % 5 < 2;
          p.relu = variant % 3 == 1;
          ++variant;
          CheckAllKernels(p);
        }
      }
    }
  }
}

// The tiny-K kernel itself (Sgemm uses it only for k <= 11) at every k it takes (1..16, so
// both its 32- and 16-column blocks, and every row group), every transpose and the epilogue.
TEST(GemmTest, TinyKKernelEveryK) {
  int variant = 0;
  for (const MicroKernel& kernel : Kernels()) {
    if (kernel.tiny_k == nullptr) continue;
    for (int64_t k = 1; k <= gemm_internal::kTinyKMaxK; ++k) {
      for (int t = 0; t < 4; ++t) {
        for (const int64_t m : {3, 13, 40}) {
          for (const int64_t n : {17, 40, 64}) {
            Problem p;
            p.trans_a = t & 1;
            p.trans_b = t & 2;
            p.m = m;
            p.n = n;
            p.k = k;
            p.pad = variant % 3;
            p.accumulate = variant % 2;
            p.bias = variant % 5 < 2;
            p.relu = variant % 3 == 1;
            ++variant;
            const Operands input(p, static_cast<uint32_t>(variant));
            const Expected expected(input);
            Operands got = input;
            gemm_internal::TinyKArgs args;
            args.m = m;
            args.n = n;
            args.k = k;
            args.trans_a = p.trans_a;
            args.trans_b = p.trans_b;
            args.a = got.args.a;
            args.lda = got.args.lda;
            args.b = got.args.b;
            args.ldb = got.args.ldb;
            args.c = got.args.c;
            args.ldc = got.args.ldc;
            args.load_c = p.accumulate;
            args.bias = got.args.epilogue.bias;
            args.relu = p.relu;
            kernel.tiny_k(args);
            ExpectNear(expected, got, std::string(kernel.name) + " tiny_k " + Describe(p));
          }
        }
      }
    }
  }
}

// Tiny-K products big enough to split across threads (by columns, and by rows when C has fewer
// column blocks than shards): bitwise the serial result.
TEST(GemmTest, TinyKProductsSplitWithoutChangingBits) {
  ThreadPool one(1), two(2), three(3);
  const int64_t shapes[][3] = {{1100, 400, 10}, {40000, 20, 8}};  // 8.8 and 12.8 MFLOP
  for (int t = 0; t < 4; ++t) {
    for (const auto& s : shapes) {
      Problem p;
      p.trans_a = t & 1;
      p.trans_b = t & 2;
      p.m = s[0];
      p.n = s[1];
      p.k = s[2];
      p.bias = t != 1;
      p.relu = t == 2;
      p.accumulate = t == 3;
      const Operands input(p, 17);
      const Expected expected(input);
      for (const MicroKernel& kernel : Kernels()) {
        Operands serial = input, pair = input, triple = input;
        gemm_internal::SgemmWithKernel(serial.args, &one, kernel);
        gemm_internal::SgemmWithKernel(pair.args, &two, kernel);
        gemm_internal::SgemmWithKernel(triple.args, &three, kernel);
        const std::string what = std::string(kernel.name) + " " + Describe(p);
        ExpectNear(expected, serial, what);
        EXPECT_EQ(0, std::memcmp(serial.c.data(), pair.c.data(), sizeof(float) * serial.c.size()))
            << what;
        EXPECT_EQ(0, std::memcmp(serial.c.data(), triple.c.data(), sizeof(float) * serial.c.size()))
            << what;
      }
    }
  }
}

// B stored n x k, bigger than A, with a long K: C^T tiles (AVX-512). Edge rows and columns, the
// epilogue, and bitwise equality across thread counts (split by rows and by columns).
TEST(GemmTest, TransposedBWithLongK) {
  ThreadPool one(1), two(2), three(3);
  const int64_t shapes[][3] = {{128, 784, 128}, {37, 301, 129}, {7, 45, 300}, {100, 2000, 150}};
  int variant = 0;
  for (const auto& s : shapes) {
    Problem p;
    p.trans_b = true;
    p.m = s[0];
    p.n = s[1];
    p.k = s[2];
    p.pad = variant % 2;
    p.accumulate = variant == 1;
    p.bias = variant != 2;
    p.relu = variant >= 2;
    ++variant;
    const Operands input(p, 17);
    const Expected expected(input);
    for (const MicroKernel& kernel : Kernels()) {
      Operands serial = input, pair = input, triple = input;
      gemm_internal::SgemmWithKernel(serial.args, &one, kernel);
      gemm_internal::SgemmWithKernel(pair.args, &two, kernel);
      gemm_internal::SgemmWithKernel(triple.args, &three, kernel);
      const std::string what = std::string(kernel.name) + " " + Describe(p);
      ExpectNear(expected, serial, what);
      EXPECT_EQ(0, std::memcmp(serial.c.data(), pair.c.data(), sizeof(float) * serial.c.size()))
          << what;
      EXPECT_EQ(0, std::memcmp(serial.c.data(), triple.c.data(), sizeof(float) * serial.c.size()))
          << what;
    }
  }
}

TEST(GemmTest, AccumulateBiasRelu) {
  for (int t = 0; t < 4; ++t) {
    for (int flags = 1; flags < 8; ++flags) {
      Problem p;
      p.trans_a = t & 1;
      p.trans_b = t & 2;
      p.m = 37;
      p.n = 45;
      p.k = 260;
      p.pad = 1;
      p.accumulate = flags & 1;
      p.bias = flags & 2;
      p.relu = flags & 4;
      CheckAllKernels(p);
    }
  }
}

TEST(GemmTest, ReluZeroesNegativesOnly) {
  Problem p;
  p.m = 20;
  p.n = 40;
  p.k = 9;
  p.relu = true;
  Operands got(p, 7);
  Sgemm(got.args, nullptr);
  Operands plain(p, 7);
  plain.args.epilogue.relu = false;
  Sgemm(plain.args, nullptr);
  int zeros = 0;
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < p.n; ++j) {
      EXPECT_EQ(got.C(i, j), plain.C(i, j) < 0 ? 0.0f : plain.C(i, j));
      zeros += plain.C(i, j) < 0;
    }
  }
  EXPECT_GT(zeros, 0);  // the data exercises both sides
}

TEST(GemmTest, ZeroK) {
  for (int flags = 0; flags < 8; ++flags) {
    Problem p;
    p.m = 5;
    p.n = 9;
    p.k = 0;
    p.pad = 2;
    p.accumulate = flags & 1;
    p.bias = flags & 2;
    p.relu = flags & 4;
    Operands input(p, 3);
    Operands got = input;
    Sgemm(got.args, nullptr);
    Operands ref = input;
    SgemmReference(ref.args);
    EXPECT_EQ(got.c, ref.c) << Describe(p);
  }
}

// (K = 10 takes the AVX-512 kernel's tiny-K path, K = 40 its tiles.)
TEST(GemmTest, NanAndInfPropagateToTheirRowsAndColumns) {
  const float inf = std::numeric_limits<float>::infinity();
  for (int64_t k : {40, 10}) {
    for (int t = 0; t < 4; ++t) {
      for (const MicroKernel& kernel : Kernels()) {
        for (bool relu : {false, true}) {
          Problem p;
          p.trans_a = t & 1;
          p.trans_b = t & 2;
          p.m = 30;
          p.n = 70;
          p.k = k;
          p.relu = relu;
          Operands in(p, 11);
          for (int64_t q = 0; q < p.k; ++q) in.A(4, q) = 0.5f;  // row 4 of A: positive
          in.A(13, 7) = std::nanf("");                          // row 13 of C: NaN
          in.B(7, 50) = inf;  // column 50: inf (NaN in row 13), -inf where A(i, 7) < 0
          gemm_internal::SgemmWithKernel(in.args, nullptr, kernel);
          for (int64_t i = 0; i < p.m; ++i) {
            for (int64_t j = 0; j < p.n; ++j) {
              const float c = in.C(i, j);
              const std::string at = std::string(kernel.name) + " k=" + std::to_string(k) +
                                     " relu=" + std::to_string(relu) + " t=" + std::to_string(t) +
                                     " C(" + std::to_string(i) + "," + std::to_string(j) + ")";
              if (i == 13) {
                EXPECT_TRUE(std::isnan(c)) << at;
              } else if (j == 50) {
                EXPECT_TRUE(std::isinf(c) || (relu && c == 0.0f)) << at << " = " << c;
                if (i == 4) {
                  EXPECT_EQ(c, inf) << at;
                }
              } else {
                EXPECT_TRUE(std::isfinite(c)) << at << " = " << c;
              }
            }
          }
        }
      }
    }
  }
}

TEST(GemmTest, ThreadCountDoesNotChangeBits) {
  ThreadPool one(1), two(2), three(3);
  // Shapes large enough to split (by columns and by rows), with edge tiles and several K blocks.
  // Above the size threshold (2 shards from 8 MFLOP, 3 from 12 MFLOP); between them, they split
  // by rows with a shared B and by columns (checked below).
  const int64_t shapes[][3] = {{150, 200, 150}, {300, 100, 150}, {97, 61, 1100}, {10, 2100, 210}};
  bool split_rows = false, split_columns = false;
  for (const auto& s : shapes) {
    for (int t : {0, 3, 1}) {
      Problem p;
      p.trans_a = t & 1;
      p.trans_b = t & 2;
      p.m = s[0];
      p.n = s[1];
      p.k = s[2];
      p.bias = true;
      p.accumulate = t == 1;
      const Operands input(p, 5);
      const Expected expected(input);
      for (const MicroKernel& kernel : Kernels()) {
        const gemm_internal::GemmSplit split =
            gemm_internal::ChooseGemmSplit(input.args, kernel, 2);
        EXPECT_EQ(split.shards, 2) << kernel.name << " " << Describe(p);
        EXPECT_EQ(gemm_internal::ChooseGemmSplit(input.args, kernel, 1).shards, 1);
        if (kernel.kc > 5) {
          (split.by_columns ? split_columns : split_rows) = true;
          // Rows share B when it must be packed (a kernel with direct_operands reads B stored
          // k x n in place).
          if (!split.by_columns && (!kernel.direct_operands || p.trans_b)) {
            EXPECT_TRUE(split.shared_b) << kernel.name << " " << Describe(p);
          }
          if (split.shared_b) {
            EXPECT_TRUE(!kernel.direct_operands || p.trans_b) << kernel.name << " " << Describe(p);
          }
        }
        Operands serial = input, pair = input, triple = input;
        gemm_internal::SgemmWithKernel(serial.args, &one, kernel);
        gemm_internal::SgemmWithKernel(pair.args, &two, kernel);
        gemm_internal::SgemmWithKernel(triple.args, &three, kernel);
        const std::string what = std::string(kernel.name) + " " + Describe(p);
        EXPECT_EQ(0, std::memcmp(serial.c.data(), pair.c.data(), sizeof(float) * serial.c.size()))
            << what;
        EXPECT_EQ(0, std::memcmp(serial.c.data(), triple.c.data(), sizeof(float) * serial.c.size()))
            << what;
        ExpectNear(expected, pair, what);
      }
    }
  }
  EXPECT_TRUE(split_rows);
  EXPECT_TRUE(split_columns);
}

// Several callers sharing one pool (one gets the workers, the others run inline), and a call
// nested inside a pool shard: each must still get the serial bits.
TEST(GemmTest, ConcurrentAndNestedCallersShareAPool) {
  ThreadPool pool(2);
  Problem p;
  p.m = 150;
  p.n = 200;
  p.k = 150;
  p.bias = true;
  const Operands input(p, 9);
  Operands serial = input;
  Sgemm(serial.args, nullptr);
  std::vector<Operands> results(4, input);
  for (Operands& r : results) r.Rebind();
  std::vector<std::thread> callers;
  for (int i = 0; i < 3; ++i) {
    callers.emplace_back([&, i] { Sgemm(results[i].args, &pool); });
  }
  for (std::thread& t : callers) t.join();
  pool.ParallelFor(2, [&](int64_t shard) {
    if (shard == 0) Sgemm(results[3].args, &pool);
  });
  for (const Operands& r : results) {
    EXPECT_EQ(0, std::memcmp(serial.c.data(), r.c.data(), sizeof(float) * serial.c.size()));
  }
}

TEST(GemmTest, SmallProductsStayOnTheCallingThread) {
  GemmArgs g;
  g.m = 64;
  g.n = 64;
  g.k = 64;
  for (const MicroKernel& kernel : Kernels()) {
    EXPECT_EQ(gemm_internal::ChooseGemmSplit(g, kernel, 2).shards, 1) << kernel.name;
  }
}

TEST(GemmTest, HostKernelMatchesCpu) {
  const MicroKernel& host = gemm_internal::HostMicroKernel();
  if (HostCpuFeatures().avx512f) {
    EXPECT_EQ(&host, &gemm_internal::Avx512MicroKernel());
  } else if (HostCpuFeatures().avx2_fma) {
    EXPECT_EQ(&host, &gemm_internal::Avx2MicroKernel());
  } else {
    EXPECT_EQ(&host, &gemm_internal::PortableMicroKernel());
  }
  if (!HostCpuFeatures().avx512f) GTEST_SKIP() << "no AVX-512 on this CPU: its kernel is untested";
}

}  // namespace
}  // namespace rill::runtime
