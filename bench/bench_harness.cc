// The kernel benchmarks' harness: alternating repetitions, min/median, BENCH/RATIO printing.
#include "bench/bench_harness.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

namespace rill::bench {

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Stats Summarize(std::vector<double> seconds) {
  if (seconds.empty()) return {};
  std::sort(seconds.begin(), seconds.end());
  const size_t n = seconds.size();
  const double median =
      n % 2 == 1 ? seconds[n / 2] : 0.5 * (seconds[n / 2 - 1] + seconds[n / 2]);
  return {seconds.front(), median};
}

std::vector<Stats> RunAlternating(const std::vector<Peer>& peers, int reps, int warmup,
                                  double settle_s) {
  std::vector<std::vector<double>> times(peers.size());
  std::vector<bool> available(peers.size(), true);
  // OpenMP (GOMP_SPINCOUNT) and OpenBLAS workers busy-wait for a while after a call; on a
  // 2-core machine that would steal the next peer's cores.
  auto settle = [settle_s] {
    if (settle_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(settle_s));
  };
  for (int round = 0; round < warmup + reps; ++round) {
    for (size_t p = 0; p < peers.size(); ++p) {
      if (!available[p]) continue;
      settle();
      const double t = peers[p].run();
      if (t < 0) {
        available[p] = false;
        continue;
      }
      if (round >= warmup) times[p].push_back(t);
    }
  }
  std::vector<Stats> stats;
  for (size_t p = 0; p < peers.size(); ++p) {
    stats.push_back(available[p] ? Summarize(times[p]) : Stats{-1, -1});
  }
  return stats;
}

double TimePerCall(const std::function<void()>& fn, int iters) {
  const double t0 = NowSeconds();
  for (int i = 0; i < iters; ++i) fn();
  return (NowSeconds() - t0) / std::max(iters, 1);
}

std::function<double()> Adaptive(std::function<double(int iters)> per_call, double target_s,
                                 int max_iters) {
  auto iters = std::make_shared<int>(0);
  return [per_call = std::move(per_call), target_s, max_iters, iters]() -> double {
    if (*iters > 0) return per_call(*iters);
    const double t = per_call(1);
    if (t < 0) return t;
    *iters = static_cast<int>(std::clamp(target_s / std::max(t, 1e-9), 1.0,
                                         static_cast<double>(max_iters)));
    return t;
  };
}

void PrintBench(const std::string& name, double value, const std::string& unit) {
  // Plain decimals (no exponent), so the lines are easy to grep and compare.
  const int decimals = value >= 100 ? 1 : value >= 1 ? 2 : 4;
  std::printf("BENCH %s %.*f %s\n", name.c_str(), decimals, value, unit.c_str());
  std::fflush(stdout);
}

void PrintRatio(const std::string& name, double value) {
  std::printf("RATIO %s %.3f\n", name.c_str(), value);
  std::fflush(stdout);
}

void ReportFlops(const std::string& prefix, double flops, const std::vector<Peer>& peers,
                 const std::vector<Stats>& stats) {
  for (size_t p = 0; p < peers.size(); ++p) {
    const std::string name = prefix + "_" + peers[p].name;
    if (stats[p].min <= 0) {
      std::printf("# %s: unavailable\n", name.c_str());
      continue;
    }
    PrintBench(name, flops / stats[p].min * 1e-9, "GFLOP/s");
    PrintBench(name + "_median", flops / stats[p].median * 1e-9, "GFLOP/s");
  }
  if (peers.empty() || stats[0].min <= 0) return;
  for (size_t p = 1; p < peers.size(); ++p) {
    if (stats[p].min <= 0) continue;
    PrintRatio(prefix + "_rill_vs_" + peers[p].name, stats[p].min / stats[0].min);
  }
}

void StepTotals::Add(const std::vector<Peer>& peers, const std::vector<Stats>& stats) {
  ++cases_;
  for (size_t p = 0; p < peers.size(); ++p) {
    if (stats[p].min <= 0) continue;
    auto [it, inserted] = totals_.try_emplace(peers[p].name, 0.0, 0);
    if (inserted) names_.push_back(peers[p].name);
    it->second.first += stats[p].min;
    ++it->second.second;
  }
}

void StepTotals::Report(const std::string& prefix) const {
  auto complete = [&](const std::string& name) {
    auto it = totals_.find(name);
    return it != totals_.end() && it->second.second == cases_ ? it->second.first : -1.0;
  };
  for (const std::string& name : names_) {
    const double total = complete(name);
    if (total > 0) PrintBench(prefix + "_" + name, total * 1e3, "ms");
  }
  const double rill = complete("rill");
  if (rill <= 0) return;
  for (const std::string& name : names_) {
    const double total = complete(name);
    if (name != "rill" && total > 0) PrintRatio(prefix + "_rill_vs_" + name, total / rill);
  }
}

void UsePassiveOmpWaitPolicyByDefault(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") == nullptr) {
    setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    execv("/proc/self/exe", argv);
    std::printf("# re-exec failed; OpenMP keeps its default wait policy\n");
    return;
  }
  std::printf("# OMP_WAIT_POLICY=%s\n", std::getenv("OMP_WAIT_POLICY"));
}

bool ParseBenchFlags(int argc, char** argv, BenchFlags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--smoke") {
      flags->smoke = true;
      flags->python = false;
    } else if (arg == "--no-python") {
      flags->python = false;
    } else if (arg.rfind("--reps=", 0) == 0) {
      flags->reps = std::atoi(arg.c_str() + 7);
      if (flags->reps < 1) {
        std::cerr << "--reps must be >= 1\n";
        return false;
      }
    } else if (arg.rfind("--threads=", 0) == 0) {
      flags->threads.clear();
      std::stringstream list(arg.substr(10));
      std::string item;
      while (std::getline(list, item, ',')) {
        const int t = std::atoi(item.c_str());
        if (t < 1) {
          std::cerr << "bad --threads entry '" << item << "'\n";
          return false;
        }
        flags->threads.push_back(t);
      }
      if (flags->threads.empty()) return false;
    } else {
      std::cerr << "unknown switch '" << arg
                << "'; usage: [--smoke] [--no-python] [--reps=N] [--threads=1,2]\n";
      return false;
    }
  }
  if (flags->smoke && flags->reps > 3) flags->reps = 3;
  if (!flags->smoke && flags->reps < 3) {
    std::cerr << "--reps must be >= 3 (min and median need a few repetitions)\n";
    return false;
  }
  return true;
}

}  // namespace rill::bench
