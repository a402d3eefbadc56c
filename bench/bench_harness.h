// The kernel benchmarks' common harness: times peers alternately (rep 1 of every peer, then rep 2,
// ...), keeps min and median per peer, and prints the `BENCH <name> <value> <unit>` and
// `RATIO <name> <rill/peer>` lines that bench/README.md and the smoke tests read.
#ifndef RILL_BENCH_BENCH_HARNESS_H_
#define RILL_BENCH_BENCH_HARNESS_H_

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rill::bench {

// Seconds on the steady clock since an arbitrary origin.
double NowSeconds();

// Min and median of a set of repetition times (seconds).
struct Stats {
  double min = 0;
  double median = 0;
};
// Stats of `seconds` (empty input gives zeros).
Stats Summarize(std::vector<double> seconds);

// One contender. `run` performs one repetition and returns its time in seconds (so a peer in
// another process can report the time it measured itself, without the IPC); a negative return
// marks the peer unavailable (it is then skipped and reported as such).
struct Peer {
  std::string name;
  std::function<double()> run;
};

// Runs `warmup` untimed repetitions of each peer, then `reps` rounds in which every peer runs
// once, in order. Peers that returned a negative time are dropped from later rounds. Between two
// peers the harness sleeps briefly so threads a library leaves spinning (OpenMP, OpenBLAS) go idle
// before the next peer is timed (`settle_s`; smoke runs pass 0). Returns one Stats per peer
// (min < 0 when unavailable).
std::vector<Stats> RunAlternating(const std::vector<Peer>& peers, int reps, int warmup = 1,
                                  double settle_s = 0.02);

// Times `fn` called `iters` times in a row; returns seconds per call.
double TimePerCall(const std::function<void()>& fn, int iters);

// Makes a Peer::run from `per_call(iters)` (seconds per call, mean over `iters` back-to-back
// calls; negative if unavailable): its first call (the warm-up round) runs one call and picks
// `iters` so that a repetition lasts about `target_s` (1..max_iters); later calls use it.
std::function<double()> Adaptive(std::function<double(int iters)> per_call, double target_s,
                                 int max_iters = 1000);

// `BENCH <name> <value> <unit>`.
void PrintBench(const std::string& name, double value, const std::string& unit);
// `RATIO <name> <value>` (rill / peer, higher is better for rill).
void PrintRatio(const std::string& name, double value);

// Prints, for a workload of `flops` floating-point operations per call, the min-time GFLOP/s and
// median-time GFLOP/s of each available peer as BENCH lines named `<prefix>_<peer>` (unit
// GFLOP/s; the median as `<prefix>_<peer>_median`), and a RATIO line `<prefix>_rill_vs_<peer>`
// for each peer after the first (peers[0] is rill) from the min times.
void ReportFlops(const std::string& prefix, double flops, const std::vector<Peer>& peers,
                 const std::vector<Stats>& stats);

// Totals of the min times of the kernel calls one training step makes, per peer: Add() each
// case's results, then Report() prints `BENCH <prefix>_<peer> <ms> ms` for each peer that was
// available in every case, and `RATIO <prefix>_rill_vs_<peer>` (peer total / rill's total; the
// peer named "rill" is the reference).
class StepTotals {
 public:
  void Add(const std::vector<Peer>& peers, const std::vector<Stats>& stats);
  void Report(const std::string& prefix) const;

 private:
  int cases_ = 0;
  std::vector<std::string> names_;  // first-seen order
  std::map<std::string, std::pair<double, int>> totals_;  // seconds, cases seen
};

// OpenMP libraries (oneDNN here) read OMP_WAIT_POLICY when they load, before main. When it is
// unset, sets it to PASSIVE and re-executes the binary (/proc/self/exe) with the same argv, so
// idle OpenMP workers sleep instead of spinning on the cores the next peer needs (on a loaded
// 2-core machine spinning workers make 2-thread oneDNN several times slower); an explicit
// OMP_WAIT_POLICY (e.g. ACTIVE) is kept. Prints the policy in effect as a `#` line.
void UsePassiveOmpWaitPolicyByDefault(char** argv);

// Command-line switches shared by the kernel benchmarks.
struct BenchFlags {
  bool smoke = false;     // --smoke: tiny sizes, no Python peers, few repetitions
  int reps = 5;           // --reps=N (at least 3 outside smoke mode)
  std::vector<int> threads = {1, 2};  // --threads=1,2
  bool python = true;     // --no-python skips the PyTorch / numpy peers
  // Pause between two peers' repetitions (RunAlternating's settle_s): 0 in smoke mode.
  double settle_s() const { return smoke ? 0.0 : 0.02; }
};
// Parses argv; returns false (and prints usage to stderr) on an unknown or malformed switch.
bool ParseBenchFlags(int argc, char** argv, BenchFlags* flags);

}  // namespace rill::bench

#endif  // RILL_BENCH_BENCH_HARNESS_H_
