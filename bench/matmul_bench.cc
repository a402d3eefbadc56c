// MatMul f32 throughput: rill's Sgemm against OpenBLAS (through numpy) and PyTorch, square sizes
// and the training step's fully connected products (forward and both backward products), 1 and 2
// threads. The peers run in a /usr/bin/python3 subprocess per round, alternating with rill.
// Prints `BENCH <name> <GFLOP/s> GFLOP/s` (best and median of the rounds by wall time; 1 thread
// also by process CPU time) and `RATIO <name> <rill/peer>` (best against best).
// `--smoke`: tiny shapes, rill vs SgemmReference, no python.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "runtime/gemm.h"
#include "runtime/thread_pool.h"

namespace {

using rill::runtime::GemmArgs;

struct Shape {
  std::string name;
  int64_t m, k, n;
  bool trans_a, trans_b;
};

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU seconds of this process (all threads): on a shared machine, 1-thread runs are also compared
// by CPU time, which time slices lost to other processes do not inflate.
double CpuNow() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

// Operands for one shape, stored as the transposes say (A^T is k x m, B^T is n x k).
struct Problem {
  Shape shape;
  std::vector<float> a, b, c;
  GemmArgs args;

  explicit Problem(const Shape& s) : shape(s), a(s.m * s.k), b(s.k * s.n), c(s.m * s.n) {
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (float& x : a) x = dist(rng);
    for (float& x : b) x = dist(rng);
    args.trans_a = s.trans_a;
    args.trans_b = s.trans_b;
    args.m = s.m;
    args.n = s.n;
    args.k = s.k;
    args.a = a.data();
    args.lda = s.trans_a ? s.m : s.k;
    args.b = b.data();
    args.ldb = s.trans_b ? s.k : s.n;
    args.c = c.data();
    args.ldc = s.n;
  }
  double Flops() const { return 2.0 * shape.m * shape.n * shape.k; }
};

// Wall and CPU seconds per product over `iters` back-to-back calls.
struct Sample {
  double wall, cpu;
};
template <typename Fn>
Sample TimePerCall(int64_t iters, Fn fn) {
  const double start = Now(), cpu_start = CpuNow();
  for (int64_t i = 0; i < iters; ++i) fn();
  return {(Now() - start) / iters, (CpuNow() - cpu_start) / iters};
}

// The peers' side: numpy then torch, each shape `iters` calls per sample, one sample per launch.
const char kPeerScript[] = R"PY(
import sys, time
import numpy as np
threads = int(sys.argv[1])
shapes = [s.split(':') for s in sys.argv[2:]]
def operands(mod, m, k, n, ta, tb):
    rng = np.random.default_rng(42)
    a = rng.uniform(-1, 1, (k, m) if ta else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if tb else (k, n)).astype(np.float32)
    if mod is not None:
        a, b = mod.from_numpy(a), mod.from_numpy(b)
    return (a.T if ta else a), (b.T if tb else b)
def run(label, mod):
    for name, m, k, n, ta, tb, iters in shapes:
        a, b = operands(mod, int(m), int(k), int(n), ta == '1', tb == '1')
        for _ in range(2): a @ b
        t, c = time.perf_counter(), time.process_time()
        for _ in range(int(iters)): a @ b
        t, c = time.perf_counter() - t, time.process_time() - c
        print('PEER', label, name, t / int(iters), c / int(iters), flush=True)
run('numpy', None)
try:
    import torch
    torch.set_num_threads(threads)
    run('torch', torch)
except ImportError:
    pass
)PY";

// Runs one round of the peers; returns seconds per call by "peer/shape".
std::map<std::string, Sample> RunPeers(int threads, const std::vector<Problem>& problems,
                                       const std::vector<int64_t>& iters) {
  std::map<std::string, Sample> out;
  const char* path = "/tmp/rill_matmul_bench_peers.py";
  FILE* f = std::fopen(path, "w");
  if (f == nullptr) return out;
  std::fputs(kPeerScript, f);
  std::fclose(f);
  std::string cmd = "OPENBLAS_NUM_THREADS=" + std::to_string(threads) +
                    " OMP_NUM_THREADS=" + std::to_string(threads) + " /usr/bin/python3 " + path +
                    " " + std::to_string(threads);
  for (size_t i = 0; i < problems.size(); ++i) {
    const Shape& s = problems[i].shape;
    cmd += " " + s.name + ":" + std::to_string(s.m) + ":" + std::to_string(s.k) + ":" +
           std::to_string(s.n) + ":" + (s.trans_a ? "1" : "0") + ":" + (s.trans_b ? "1" : "0") +
           ":" + std::to_string(iters[i]);
  }
  cmd += " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char line[512];
  while (std::fgets(line, sizeof(line), p) != nullptr) {
    char peer[64], name[128];
    Sample sample;
    if (std::sscanf(line, "PEER %63s %127s %lf %lf", peer, name, &sample.wall, &sample.cpu) == 4) {
      out[std::string(peer) + "/" + name] = sample;
    }
  }
  pclose(p);
  return out;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

}  // namespace

int main(int argc, char** argv) {
  bool smoke = false;
  int rounds = 5;
  std::vector<int> thread_counts = {1, 2};
  std::string only;
  bool no_python = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--smoke") == 0) {
      smoke = true;
    } else if (std::strncmp(argv[i], "--rounds=", 9) == 0) {
      rounds = std::max(3, std::atoi(argv[i] + 9));
    } else if (std::strncmp(argv[i], "--reps=", 7) == 0) {  // bench/kernels' spelling
      rounds = std::max(3, std::atoi(argv[i] + 7));
    } else if (std::strcmp(argv[i], "--no-python") == 0) {
      no_python = true;
    } else if (std::strncmp(argv[i], "--threads=", 10) == 0) {
      thread_counts.clear();  // a comma-separated list, as bench/kernels passes it
      for (const char* p = argv[i] + 10; *p != 0;) {
        thread_counts.push_back(std::max(1, std::atoi(p)));
        while (*p != 0 && *p != ',') ++p;
        if (*p == ',') ++p;
      }
    } else if (std::strncmp(argv[i], "--only=", 7) == 0) {
      only = argv[i] + 7;  // substring of shape names to run
    } else {
      std::fprintf(stderr, "usage: %s [--smoke] [--rounds=N|--reps=N] [--threads=T[,T]] [--no-python] "
                   "[--only=SUBSTR]\n",
                   argv[0]);
      return 2;
    }
  }
  std::vector<Shape> shapes;
  if (smoke) {
    shapes = {{"sq64", 64, 64, 64, false, false},
              {"fc_dx_32x24x40", 32, 24, 40, false, true},
              {"fc_dw_40x32x24", 40, 32, 24, true, false}};
    rounds = 3;
  } else {
    for (int64_t s : {256, 512, 1024, 2048}) {
      shapes.push_back({"sq" + std::to_string(s), s, s, s, false, false});
    }
    // m x k x n: forward X*W, then dX = dY*W^T and dW = X^T*dY for both fully connected layers.
    shapes.push_back({"fc1_fwd_128x784x128", 128, 784, 128, false, false});
    shapes.push_back({"fc1_dx_128x128x784_bt", 128, 128, 784, false, true});
    shapes.push_back({"fc1_dw_784x128x128_at", 784, 128, 128, true, false});
    shapes.push_back({"fc2_fwd_128x640x256", 128, 640, 256, false, false});
    shapes.push_back({"fc2_dx_128x256x640_bt", 128, 256, 640, false, true});
    shapes.push_back({"fc2_dw_640x128x256_at", 640, 128, 256, true, false});
  }
  std::vector<Problem> problems;
  for (const Shape& s : shapes) {
    if (only.empty() || s.name.find(only) != std::string::npos) problems.emplace_back(s);
  }
  const double sample_seconds = smoke ? 0.002 : 0.03;
  for (int threads : thread_counts) {
    rill::runtime::ThreadPool* pool = rill::runtime::SharedThreadPool(threads);
    const std::string suffix = "_t" + std::to_string(threads);
    // Calls per sample, from a warm-up, so every sample lasts about sample_seconds.
    std::vector<int64_t> iters;
    for (Problem& p : problems) {
      rill::runtime::Sgemm(p.args, pool);
      const double once = TimePerCall(1, [&] { rill::runtime::Sgemm(p.args, pool); }).wall;
      iters.push_back(std::max<int64_t>(1, static_cast<int64_t>(sample_seconds / once)));
    }
    std::map<std::string, std::vector<Sample>> samples;  // per call, by "who/shape"
    for (int round = 0; round < rounds; ++round) {
      for (size_t i = 0; i < problems.size(); ++i) {
        Problem& p = problems[i];
        samples["rill/" + p.shape.name].push_back(
            TimePerCall(iters[i], [&] { rill::runtime::Sgemm(p.args, pool); }));
        if (smoke) {
          samples["reference/" + p.shape.name].push_back(
              TimePerCall(iters[i], [&] { rill::runtime::SgemmReference(p.args); }));
        }
      }
      if (!smoke && !no_python) {
        for (const auto& [key, sample] : RunPeers(threads, problems, iters)) {
          samples[key].push_back(sample);
        }
      }
    }
    for (const Problem& p : problems) {
      const std::string name = p.shape.name + suffix;
      // GFLOP/s from the fastest sample (wall or CPU time) and from the median one (wall).
      auto gflops = [&](const std::string& who, bool cpu, bool median) {
        const auto it = samples.find(who + "/" + p.shape.name);
        if (it == samples.end() || it->second.empty()) return 0.0;
        std::vector<double> seconds;
        for (const Sample& s : it->second) seconds.push_back(cpu ? s.cpu : s.wall);
        const double t =
            median ? Median(seconds) : *std::min_element(seconds.begin(), seconds.end());
        return t > 0 ? p.Flops() / t / 1e9 : 0.0;
      };
      for (const char* who : {"rill", "numpy", "torch", "reference"}) {
        if (gflops(who, false, false) == 0) continue;
        std::printf("BENCH matmul_%s_%s %.1f GFLOP/s\n", name.c_str(), who,
                    gflops(who, false, false));
        std::printf("BENCH matmul_%s_%s_median %.1f GFLOP/s\n", name.c_str(), who,
                    gflops(who, false, true));
        if (threads == 1) {
          std::printf("BENCH matmul_%s_%s_cputime %.1f GFLOP/s\n", name.c_str(), who,
                      gflops(who, true, false));
        }
      }
      for (const char* peer : {"numpy", "torch", "reference"}) {
        if (gflops(peer, false, false) == 0) continue;
        std::printf("RATIO matmul_%s_vs_%s %.3f\n", name.c_str(), peer,
                    gflops("rill", false, false) / gflops(peer, false, false));
        if (threads == 1) {
          std::printf("RATIO matmul_%s_cputime_vs_%s %.3f\n", name.c_str(), peer,
                      gflops("rill", true, false) / gflops(peer, true, false));
        }
      }
      std::fflush(stdout);
    }
  }
  return 0;
}
