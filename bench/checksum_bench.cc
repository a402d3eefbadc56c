// Checksum throughput: rill's CRC32C (SSE4.2 and portable paths) against zlib's CRC32, the checksum
// a framework would otherwise reach for. Prints `BENCH <name> <value> <unit>` per benchmark and
// `RATIO <name> <rill/peer>` (higher is better for rill), as every rill benchmark does.
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "io/crc32c.h"
#include "zlib.h"

namespace {

std::vector<char> Buffer(size_t n) {
  std::vector<char> data(n);
  uint32_t state = 12345;
  for (char& c : data) {
    state = state * 1664525u + 1013904223u;
    c = static_cast<char>(state >> 24);
  }
  return data;
}

void BM_Crc32cRill(benchmark::State& state) {
  const std::vector<char> data = Buffer(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(rill::crc32c::Extend(0, data.data(), data.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.size()));
}

void BM_Crc32cPortable(benchmark::State& state) {
  const std::vector<char> data = Buffer(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(rill::crc32c::internal::ExtendPortable(0, data.data(), data.size()));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.size()));
}

void BM_ZlibCrc32(benchmark::State& state) {
  const std::vector<char> data = Buffer(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.size()));
}

BENCHMARK(BM_Crc32cRill)->Arg(64 << 10)->Repetitions(3);
BENCHMARK(BM_Crc32cPortable)->Arg(64 << 10)->Repetitions(3);
BENCHMARK(BM_ZlibCrc32)->Arg(64 << 10)->Repetitions(3);

// Keeps the best (max) throughput of each benchmark's repetitions and prints BENCH/RATIO lines.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  // No colour codes: the output is read by scripts.
  RatioReporter() : ConsoleReporter(OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.error_occurred) continue;
      auto it = run.counters.find("bytes_per_second");
      if (it == run.counters.end()) continue;
      double& best = best_[run.run_name.function_name];
      best = std::max(best, static_cast<double>(it->second.value) / 1e9);
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    for (const auto& [name, gbs] : best_) std::printf("BENCH %s %.3f GB/s\n", name.c_str(), gbs);
    const double peer = best_["BM_ZlibCrc32"];
    if (peer > 0) {
      std::printf("RATIO crc32c_vs_zlib_crc32 %.2f\n", best_["BM_Crc32cRill"] / peer);
      std::printf("RATIO crc32c_portable_vs_zlib_crc32 %.2f\n", best_["BM_Crc32cPortable"] / peer);
    }
  }

 private:
  std::map<std::string, double> best_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
