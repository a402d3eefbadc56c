// conv2d_probe: times Conv2DForward / BackwardInput / BackwardFilter at the seed CNN's shapes
// (batch 128, VALID, stride 1) on 1 and 2 threads; prints the minimum over repetitions and the
// implied GFLOP/s. For comparison it also times the textbook route with the runtime's general
// Sgemm: im2col of the whole batch, one Sgemm (trans_b for the input gradient, trans_a for the
// filter gradient), col2im. Not a test: timings on a shared machine are noisy.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "runtime/conv2d.h"
#include "runtime/gemm.h"
#include "runtime/im2col.h"

namespace rill::runtime {
namespace {

double MinMillis(int reps, const std::function<void()>& fn) {
  fn();  // warm-up
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  return best;
}

void Probe(const char* name, const Conv2DShape& s, int reps, bool with_sgemm) {
  std::mt19937 gen(1);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  auto random = [&](int64_t n) {
    std::vector<float> v(n);
    for (float& x : v) x = dist(gen);
    return v;
  };
  const std::vector<float> x = random(s.batch * s.in_h * s.in_w * s.in_c);
  const std::vector<float> w = random(s.filter_h * s.filter_w * s.in_c * s.out_c);
  const std::vector<float> bias = random(s.out_c);
  const std::vector<float> dy = random(s.batch * s.out_h * s.out_w * s.out_c);
  std::vector<float> y(dy.size()), dx(x.size()), dw(w.size());
  const double gflop = 2.0 * s.batch * s.out_h * s.out_w * w.size() * 1e-9;
  for (int threads : {1, 2}) {
    ThreadPool* pool = threads == 1 ? nullptr : SharedThreadPool(threads);
    const double f = MinMillis(
        reps, [&] { Conv2DForward(s, x.data(), w.data(), bias.data(), true, y.data(), pool); });
    const double bi =
        MinMillis(reps, [&] { Conv2DBackwardInput(s, w.data(), dy.data(), dx.data(), pool); });
    const double bf =
        MinMillis(reps, [&] { Conv2DBackwardFilter(s, x.data(), dy.data(), dw.data(), pool); });
    std::printf(
        "%s threads=%d  forward %.3f ms (%.0f GFLOP/s)  backward_input %.3f ms (%.0f)  "
        "backward_filter %.3f ms (%.0f)\n",
        name, threads, f, gflop / f * 1e3, bi, gflop / bi * 1e3, bf, gflop / bf * 1e3);
    if (!with_sgemm) continue;
    // The im2col + Sgemm route.
    const int64_t rows = s.batch * s.out_h * s.out_w, patch = PatchSize(s);
    const int64_t pixels = s.out_h * s.out_w, image = s.in_h * s.in_w * s.in_c;
    std::vector<float> col(rows * patch);
    auto per_image = [&](const std::function<void(int64_t)>& fn) {
      if (pool == nullptr) {
        for (int64_t n = 0; n < s.batch; ++n) fn(n);
      } else {
        pool->ParallelForRange(s.batch, 1, [&](int64_t b, int64_t e) {
          for (int64_t n = b; n < e; ++n) fn(n);
        });
      }
    };
    auto im2col = [&] {
      per_image([&](int64_t n) {
        Im2Col(s, x.data() + n * image, 0, pixels, col.data() + n * pixels * patch);
      });
    };
    const double gf = MinMillis(reps, [&] {
      im2col();
      Sgemm({.m = rows,
             .n = s.out_c,
             .k = patch,
             .a = col.data(),
             .lda = patch,
             .b = w.data(),
             .ldb = s.out_c,
             .c = y.data(),
             .ldc = s.out_c,
             .epilogue = {bias.data(), true}},
            pool);
    });
    const double gbi = MinMillis(reps, [&] {
      Sgemm({.trans_b = true,
             .m = rows,
             .n = patch,
             .k = s.out_c,
             .a = dy.data(),
             .lda = s.out_c,
             .b = w.data(),
             .ldb = s.out_c,
             .c = col.data(),
             .ldc = patch},
            pool);
      per_image([&](int64_t n) {
        std::fill(dx.data() + n * image, dx.data() + (n + 1) * image, 0.0f);
        Col2ImAdd(s, col.data() + n * pixels * patch, 0, pixels, dx.data() + n * image);
      });
    });
    const double gbf = MinMillis(reps, [&] {
      im2col();
      Sgemm({.trans_a = true,
             .m = patch,
             .n = s.out_c,
             .k = rows,
             .a = col.data(),
             .lda = patch,
             .b = dy.data(),
             .ldb = s.out_c,
             .c = dw.data(),
             .ldc = s.out_c},
            pool);
    });
    std::printf(
        "%s threads=%d  im2col+Sgemm: forward %.3f ms  backward_input %.3f ms  "
        "backward_filter %.3f ms\n",
        name, threads, gf, gbi, gbf);
  }
}

}  // namespace
}  // namespace rill::runtime

int main(int argc, char** argv) {
  using rill::runtime::Conv2DShape;
  // Usage: conv2d_probe [repetitions] [--no-sgemm]
  const int reps = argc > 1 ? std::atoi(argv[1]) : 20;
  const bool with_sgemm = !(argc > 2 && std::string(argv[2]) == "--no-sgemm");
  rill::runtime::Probe("conv1 128x28x28x1 * 5x5x1x20 ",
                       {.batch = 128,
                        .in_h = 28,
                        .in_w = 28,
                        .in_c = 1,
                        .filter_h = 5,
                        .filter_w = 5,
                        .out_c = 20,
                        .out_h = 24,
                        .out_w = 24},
                       reps, with_sgemm);
  rill::runtime::Probe("conv2 128x12x12x20 * 5x5x20x40",
                       {.batch = 128,
                        .in_h = 12,
                        .in_w = 12,
                        .in_c = 20,
                        .filter_h = 5,
                        .filter_w = 5,
                        .out_c = 40,
                        .out_h = 8,
                        .out_w = 8},
                       reps, with_sgemm);
  return 0;
}
