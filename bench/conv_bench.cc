// conv_bench: Conv2D forward, backward-input and backward-filter at the seed CNN's shapes
// (batch 128: 28x28x1 * 5x5x1x20 and 12x12x20 * 5x5x20x40, VALID, stride 1), rill's
// runtime::Conv2D* against oneDNN 2.6 (blocked layouts alone, and plain NHWC/HWIO with its
// reorders) and PyTorch (NCHW, its own layout), on 1 and 2 threads, alternating, min and median.
// RATIO lines are rill / peer from the min times. Flags: bench_harness.h (--smoke: batch 2, no
// Python). Each case also checks rill's result against oneDNN's (exit 1 on a mismatch). Runs with
// OMP_WAIT_POLICY=PASSIVE unless it is set (see bench_harness.h).
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_harness.h"
#include "bench/onednn_peer.h"
#include "bench/torch_peer.h"
#include "runtime/conv2d.h"
#include "runtime/thread_pool.h"

namespace rill::bench {
namespace {

using runtime::Conv2DShape;

Conv2DShape Shape(int64_t batch, int64_t hw, int64_t in_c, int64_t out_c) {
  Conv2DShape s;
  s.batch = batch;
  s.in_h = s.in_w = hw;
  s.in_c = in_c;
  s.filter_h = s.filter_w = 5;
  s.out_c = out_c;
  s.out_h = s.out_w = hw - 4;
  return s;
}

std::vector<float> Random(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = u(rng);
  return v;
}

// Largest |a-b| relative to the largest |b|.
double RelDiff(const std::vector<float>& a, const std::vector<float>& b) {
  double diff = 0, scale = 1e-30;
  for (size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, static_cast<double>(std::fabs(a[i] - b[i])));
    scale = std::max(scale, static_cast<double>(std::fabs(b[i])));
  }
  return diff / scale;
}

const char* PassName(ConvPass p) {
  return p == ConvPass::kForward ? "fwd" : p == ConvPass::kBackwardInput ? "bwd_input"
                                                                         : "bwd_filter";
}

// Runs one case; false on a result mismatch or a oneDNN error.
// Runs one case (adding its min times to `step`); false on a mismatch or a oneDNN error.
bool RunCase(const std::string& name, const Conv2DShape& s, ConvPass pass, int threads,
             const BenchFlags& flags, TorchPeer* torch, StepTotals* step) {
  const int64_t in_n = s.batch * s.in_h * s.in_w * s.in_c;
  const int64_t f_n = s.filter_h * s.filter_w * s.in_c * s.out_c;
  const int64_t out_n = s.batch * s.out_h * s.out_w * s.out_c;
  const std::vector<float> input = Random(in_n, 1), filter = Random(f_n, 2),
                           bias = Random(s.out_c, 3), dy = Random(out_n, 4);
  // Operands in DnnlConv's convention (a, b -> out) and the result size.
  const float* a = pass == ConvPass::kBackwardInput ? filter.data() : input.data();
  const float* b = pass == ConvPass::kForward ? filter.data() : dy.data();
  const int64_t result_n =
      pass == ConvPass::kForward ? out_n : pass == ConvPass::kBackwardInput ? in_n : f_n;
  std::vector<float> rill_out(result_n), plain_out(result_n), blocked_out(result_n);
  const float* bias_ptr = pass == ConvPass::kForward ? bias.data() : nullptr;

  runtime::ThreadPool pool(threads);
  auto rill_call = [&] {
    switch (pass) {
      case ConvPass::kForward:
        runtime::Conv2DForward(s, a, b, bias_ptr, false, rill_out.data(), &pool);
        break;
      case ConvPass::kBackwardInput:
        runtime::Conv2DBackwardInput(s, a, b, rill_out.data(), &pool);
        break;
      case ConvPass::kBackwardFilter:
        runtime::Conv2DBackwardFilter(s, a, b, rill_out.data(), &pool);
        break;
    }
  };
  auto plain = DnnlConv::Create(s, pass, DnnlLayout::kPlainWithReorders, threads, a, b, bias_ptr,
                                plain_out.data());
  auto blocked = DnnlConv::Create(s, pass, DnnlLayout::kBlocked, threads, a, b, bias_ptr,
                                  blocked_out.data());
  if (!plain.ok() || !blocked.ok()) {
    std::printf("# %s: %s\n", name.c_str(),
                std::string((plain.ok() ? blocked.status() : plain.status()).message()).c_str());
    return false;
  }
  std::printf("# %s: oneDNN %s\n", name.c_str(), (*blocked)->impl());
  const double target = flags.smoke ? 0.002 : 0.1;
  std::vector<Peer> peers = {
      {"rill", Adaptive([&](int n) { return TimePerCall(rill_call, n); }, target)},
      {"onednn_plain", Adaptive([&](int n) { return TimePerCall([&] { (*plain)->Run(); }, n); },
                                target)},
      {"onednn_blocked",
       Adaptive([&](int n) { return TimePerCall([&] { (*blocked)->Run(); }, n); }, target)},
  };
  if (torch != nullptr) {
    auto torch_rep = [&](int n) {
      auto t = torch->Conv(PassName(pass), s, threads, n);
      if (!t.ok()) std::printf("# torch: %s\n", t.status().ToString().c_str());
      return t.ok() ? *t : -1.0;
    };
    peers.push_back({"torch", Adaptive(torch_rep, target)});
  }
  const std::vector<Stats> stats = RunAlternating(peers, flags.reps, 1, flags.settle_s());
  (*blocked)->FetchOutput();
  const double flops = 2.0 * s.batch * s.out_h * s.out_w * s.out_c * s.filter_h * s.filter_w *
                       s.in_c;
  ReportFlops(name, flops, peers, stats);
  if (step != nullptr) step->Add(peers, stats);
  const double d_plain = RelDiff(rill_out, plain_out), d_blocked = RelDiff(rill_out, blocked_out);
  if (d_plain > 1e-4 || d_blocked > 1e-4) {
    std::printf("# %s: MISMATCH rill vs oneDNN: plain %g, blocked %g (relative)\n", name.c_str(),
                d_plain, d_blocked);
    return false;
  }
  return true;
}

int Main(int argc, char** argv) {
  UsePassiveOmpWaitPolicyByDefault(argv);
  BenchFlags flags;
  if (!ParseBenchFlags(argc, argv, &flags)) return 2;
  std::unique_ptr<TorchPeer> torch;
  if (flags.python) {
    auto started = TorchPeer::Start();
    if (started.ok()) {
      torch = std::move(*started);
      std::printf("# PyTorch %s (NCHW), OMP_WAIT_POLICY=PASSIVE\n", torch->version().c_str());
    } else {
      std::printf("# PyTorch peer unavailable: %s\n", started.status().ToString().c_str());
    }
  }
  const int64_t batch = flags.smoke ? 2 : 128;
  const std::vector<std::pair<std::string, Conv2DShape>> cases = {
      {"conv1", Shape(batch, 28, 1, 20)}, {"conv2", Shape(batch, 12, 20, 40)}};
  bool ok = true;
  for (int threads : flags.threads) {
    // The passes a seed-CNN training step runs (not conv1's backward-input: nothing needs the
    // gradient of the images).
    StepTotals step;
    for (const auto& [cname, s] : cases) {
      for (ConvPass pass :
           {ConvPass::kForward, ConvPass::kBackwardInput, ConvPass::kBackwardFilter}) {
        const std::string name =
            cname + "_" + PassName(pass) + "_" + std::to_string(threads) + "t";
        const bool in_step = !(cname == "conv1" && pass == ConvPass::kBackwardInput);
        ok = RunCase(name, s, pass, threads, flags, torch.get(), in_step ? &step : nullptr) && ok;
      }
    }
    step.Report("seed_cnn_convs_per_step_" + std::to_string(threads) + "t");
  }
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace rill::bench

int main(int argc, char** argv) { return rill::bench::Main(argc, argv); }
