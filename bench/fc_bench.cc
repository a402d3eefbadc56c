// fc_bench: the fully connected products of the MLP (128x784x128, 128x128x10) and the seed CNN
// (128x640x256, 128x256x256, 128x256x10) and their backward products (dX = dY W^T,
// dW = X^T dY), rill's runtime::Sgemm against oneDNN's matmul primitive and OpenBLAS's
// cblas_sgemm (dlopen'd; numpy's BLAS), on 1 and 2 threads, alternating, min and median. RATIO
// lines are rill / peer from the min times. Flags: bench_harness.h (--smoke: batch 4). Each case
// checks the three results agree (exit 1 otherwise). Runs with OMP_WAIT_POLICY=PASSIVE unless it
// is set (see bench_harness.h).
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_harness.h"
#include "bench/onednn_peer.h"
#include "bench/openblas_peer.h"
#include "runtime/gemm.h"
#include "runtime/thread_pool.h"

namespace rill::bench {
namespace {

std::vector<float> Random(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = u(rng);
  return v;
}

double RelDiff(const std::vector<float>& a, const std::vector<float>& b) {
  double diff = 0, scale = 1e-30;
  for (size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, static_cast<double>(std::fabs(a[i] - b[i])));
    scale = std::max(scale, static_cast<double>(std::fabs(b[i])));
  }
  return diff / scale;
}

// One product C[m,n] = op(A) op(B), operands stored as the training step stores them.
bool RunCase(const std::string& name, int64_t m, int64_t n, int64_t k, bool trans_a,
             bool trans_b, int threads, const BenchFlags& flags, OpenBlas* blas,
             StepTotals* step) {
  const std::vector<float> a = Random(m * k, 1), b = Random(k * n, 2);
  std::vector<float> c_rill(m * n), c_dnnl(m * n), c_blas(m * n);
  runtime::GemmArgs args;
  args.trans_a = trans_a;
  args.trans_b = trans_b;
  args.m = m;
  args.n = n;
  args.k = k;
  args.a = a.data();
  args.lda = trans_a ? m : k;
  args.b = b.data();
  args.ldb = trans_b ? k : n;
  args.ldc = n;
  runtime::GemmArgs rill_args = args, dnnl_args = args, blas_args = args;
  rill_args.c = c_rill.data();
  dnnl_args.c = c_dnnl.data();
  blas_args.c = c_blas.data();
  auto dnnl = DnnlMatmul::Create(dnnl_args, threads);
  if (!dnnl.ok()) {
    std::printf("# %s: %s\n", name.c_str(), dnnl.status().ToString().c_str());
    return false;
  }
  runtime::ThreadPool pool(threads);
  const double target = flags.smoke ? 0.002 : 0.05;
  std::vector<Peer> peers = {
      {"rill", Adaptive([&](int it) {
         return TimePerCall([&] { runtime::Sgemm(rill_args, &pool); }, it);
       }, target)},
      {"onednn", Adaptive([&](int it) { return TimePerCall([&] { (*dnnl)->Run(); }, it); },
                          target)},
  };
  if (blas != nullptr) {
    peers.push_back({"openblas", Adaptive([&](int it) {
                       return TimePerCall([&] { blas->Sgemm(blas_args, threads); }, it);
                     }, target)});
  }
  const std::vector<Stats> stats = RunAlternating(peers, flags.reps, 1, flags.settle_s());
  ReportFlops(name, 2.0 * m * n * k, peers, stats);
  if (step != nullptr) step->Add(peers, stats);
  double diff = RelDiff(c_rill, c_dnnl);
  if (blas != nullptr) diff = std::max(diff, RelDiff(c_rill, c_blas));
  if (diff > 1e-4) {
    std::printf("# %s: MISMATCH between rill and its peers (relative %g)\n", name.c_str(), diff);
    return false;
  }
  return true;
}

int Main(int argc, char** argv) {
  UsePassiveOmpWaitPolicyByDefault(argv);
  BenchFlags flags;
  if (!ParseBenchFlags(argc, argv, &flags)) return 2;
  std::string why;
  OpenBlas* blas = OpenBlas::Get(&why);
  if (blas == nullptr) std::printf("# OpenBLAS peer unavailable: %s\n", why.c_str());
  const int64_t batch = flags.smoke ? 4 : 128;
  // Each model's layers (in x out) and whether a training step needs the input gradient (not
  // the MLP's first layer, which sees the images: its dX is measured but left out of the total).
  struct Layer {
    int64_t in, out;
    bool needs_dx;
  };
  const std::vector<std::pair<std::string, std::vector<Layer>>> models = {
      {"mlp", {{784, 128, false}, {128, 10, true}}},
      {"seed_cnn", {{640, 256, true}, {256, 256, true}, {256, 10, true}}}};
  bool ok = true;
  for (int threads : flags.threads) {
    const std::string t = "_" + std::to_string(threads) + "t";
    for (const auto& [model, layers] : models) {
      StepTotals step;  // the products of one training step
      for (const Layer& l : layers) {
        const std::string base = "fc_" + std::to_string(l.in) + "x" + std::to_string(l.out);
        // Forward Y[b,out] = X[b,in] W[in,out]; dX[b,in] = dY[b,out] W^T; dW[in,out] = X^T dY.
        ok = RunCase(base + "_fwd" + t, batch, l.out, l.in, false, false, threads, flags, blas,
                     &step) && ok;
        ok = RunCase(base + "_dx" + t, batch, l.in, l.out, false, true, threads, flags, blas,
                     l.needs_dx ? &step : nullptr) && ok;
        ok = RunCase(base + "_dw" + t, l.in, l.out, batch, true, false, threads, flags, blas,
                     &step) && ok;
      }
      step.Report(model + "_fc_per_step" + t);
    }
  }
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace rill::bench

int main(int argc, char** argv) { return rill::bench::Main(argc, argv); }
