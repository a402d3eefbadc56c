// pool2d_probe: times MaxPool / MaxPoolGrad / AvgPool / AvgPoolGrad and ColumnSums at the seed
// CNN's shapes (batch 128; 2x2 stride-2 pools of 24x24x20 and 8x8x40; bias gradients of the two
// conv outputs) on 1 and 2 threads; prints the minimum over repetitions. Not a test.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <vector>

#include "runtime/column_sums.h"
#include "runtime/pool2d.h"

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

std::vector<float> Random(int64_t n) {
  std::mt19937 gen(1);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(gen);
  return v;
}

void ProbePool(const char* name, int64_t batch, int64_t size, int64_t channels, int reps) {
  const Pool2DShape s{.batch = batch,
                      .in_h = size,
                      .in_w = size,
                      .channels = channels,
                      .window_h = 2,
                      .window_w = 2,
                      .stride_h = 2,
                      .stride_w = 2,
                      .out_h = size / 2,
                      .out_w = size / 2};
  const std::vector<float> x = Random(batch * size * size * channels);
  const std::vector<float> g = Random(x.size() / 4);
  std::vector<float> y(g.size()), dx(x.size());
  for (int threads : {1, 2}) {
    ThreadPool* pool = threads == 1 ? nullptr : SharedThreadPool(threads);
    const double mp = MinMillis(reps, [&] { MaxPool(s, x.data(), y.data(), pool); });
    const double mg = MinMillis(reps, [&] { MaxPoolGrad(s, x.data(), g.data(), dx.data(), pool); });
    const double ap = MinMillis(reps, [&] { AvgPool(s, x.data(), y.data(), pool); });
    const double ag = MinMillis(reps, [&] { AvgPoolGrad(s, g.data(), dx.data(), pool); });
    std::printf(
        "%s threads=%d  MaxPool %.3f ms  MaxPoolGrad %.3f ms  AvgPool %.3f ms  "
        "AvgPoolGrad %.3f ms\n",
        name, threads, mp, mg, ap, ag);
  }
}

void ProbeColumnSums(const char* name, int64_t m, int64_t n, int reps) {
  const std::vector<float> x = Random(m * n);
  std::vector<float> sums(n);
  for (int threads : {1, 2}) {
    ThreadPool* pool = threads == 1 ? nullptr : SharedThreadPool(threads);
    const double t = MinMillis(reps, [&] { ColumnSums(m, n, x.data(), sums.data(), pool); });
    std::printf("%s threads=%d  ColumnSums %.3f ms\n", name, threads, t);
  }
}

}  // namespace
}  // namespace rill::runtime

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 20;
  rill::runtime::ProbePool("pool1 128x24x24x20", 128, 24, 20, reps);
  rill::runtime::ProbePool("pool2 128x8x8x40  ", 128, 8, 40, reps);
  rill::runtime::ProbeColumnSums("bias1 [73728 x 20]", 128 * 24 * 24, 20, reps);
  rill::runtime::ProbeColumnSums("bias2 [8192 x 40] ", 128 * 8 * 8, 40, reps);
  return 0;
}
