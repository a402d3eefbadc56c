// Tests for the benchmark harness: statistics, alternation order, unavailable peers, flags.
#include "bench/bench_harness.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rill::bench {
namespace {

using ::testing::ElementsAre;

TEST(SummarizeTest, MinAndMedian) {
  const Stats odd = Summarize({3.0, 1.0, 2.0});
  EXPECT_EQ(odd.min, 1.0);
  EXPECT_EQ(odd.median, 2.0);
  const Stats even = Summarize({4.0, 1.0, 2.0, 3.0});
  EXPECT_EQ(even.min, 1.0);
  EXPECT_EQ(even.median, 2.5);
  EXPECT_EQ(Summarize({}).min, 0.0);
}

TEST(RunAlternatingTest, InterleavesPeersAndDropsWarmup) {
  std::vector<std::string> calls;
  double a_time = 10, b_time = 20;
  const std::vector<Peer> peers = {
      {"a", [&] { calls.push_back("a"); return a_time--; }},
      {"b", [&] { calls.push_back("b"); return b_time--; }},
  };
  const std::vector<Stats> stats = RunAlternating(peers, /*reps=*/3, /*warmup=*/1);
  EXPECT_THAT(calls, ElementsAre("a", "b", "a", "b", "a", "b", "a", "b"));
  ASSERT_EQ(stats.size(), 2u);
  // Warm-up times (10, 20) are dropped: a saw 9, 8, 7; b saw 19, 18, 17.
  EXPECT_EQ(stats[0].min, 7.0);
  EXPECT_EQ(stats[0].median, 8.0);
  EXPECT_EQ(stats[1].min, 17.0);
}

TEST(RunAlternatingTest, UnavailablePeerIsSkipped) {
  int calls = 0;
  const std::vector<Peer> peers = {{"ok", [] { return 1.0; }},
                                   {"gone", [&] { ++calls; return -1.0; }}};
  const std::vector<Stats> stats = RunAlternating(peers, 3, 1);
  EXPECT_EQ(calls, 1);
  EXPECT_LT(stats[1].min, 0);
  EXPECT_EQ(stats[0].min, 1.0);
}

TEST(AdaptiveTest, PicksIterationsFromTheFirstCall) {
  std::vector<int> iters;
  auto run = Adaptive([&](int n) { iters.push_back(n); return 0.01; }, /*target_s=*/0.1);
  EXPECT_EQ(run(), 0.01);
  run();
  run();
  EXPECT_THAT(iters, ElementsAre(1, 10, 10));
  auto capped = Adaptive([&](int n) { iters.push_back(n); return 1e-12; }, 1.0, 7);
  capped();
  capped();
  EXPECT_EQ(iters.back(), 7);
  auto gone = Adaptive([](int) { return -1.0; }, 1.0);
  EXPECT_LT(gone(), 0);
}

TEST(TimePerCallTest, CountsCalls) {
  int n = 0;
  EXPECT_GE(TimePerCall([&] { ++n; }, 5), 0.0);
  EXPECT_EQ(n, 5);
}

TEST(StepTotalsTest, SumsMinTimesOfPeersAvailableInEveryCase) {
  const std::vector<Peer> peers = {{"rill", nullptr}, {"x", nullptr}, {"flaky", nullptr}};
  StepTotals totals;
  totals.Add(peers, {{0.002, 0.003}, {0.001, 0.001}, {0.5, 0.5}});
  totals.Add(peers, {{0.002, 0.002}, {0.003, 0.004}, {-1, -1}});
  ::testing::internal::CaptureStdout();
  totals.Report("step");
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(out,
            "BENCH step_rill 4.00 ms\n"
            "BENCH step_x 4.00 ms\n"
            "RATIO step_rill_vs_x 1.000\n");
}

TEST(OmpWaitPolicyTest, KeepsAnExplicitPolicy) {
  setenv("OMP_WAIT_POLICY", "ACTIVE", 1);
  char* argv[] = {nullptr};
  UsePassiveOmpWaitPolicyByDefault(argv);  // returns instead of re-executing
  EXPECT_STREQ(std::getenv("OMP_WAIT_POLICY"), "ACTIVE");
}

TEST(ParseBenchFlagsTest, ParsesSwitches) {
  BenchFlags flags;
  std::vector<std::string> args = {"bin", "--reps=4", "--threads=2,1", "--no-python"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  ASSERT_TRUE(ParseBenchFlags(argv.size(), argv.data(), &flags));
  EXPECT_EQ(flags.reps, 4);
  EXPECT_THAT(flags.threads, ElementsAre(2, 1));
  EXPECT_FALSE(flags.python);
  EXPECT_FALSE(flags.smoke);
}

TEST(ParseBenchFlagsTest, SmokeImpliesNoPythonAndFewReps) {
  BenchFlags flags;
  std::string bin = "bin", smoke = "--smoke";
  char* argv[] = {bin.data(), smoke.data()};
  ASSERT_TRUE(ParseBenchFlags(2, argv, &flags));
  EXPECT_TRUE(flags.smoke);
  EXPECT_FALSE(flags.python);
  EXPECT_LE(flags.reps, 3);
}

TEST(ParseBenchFlagsTest, RejectsBadSwitches) {
  for (std::string bad : {"--frobnicate", "--reps=0", "--reps=2", "--threads=0", "--threads=x"}) {
    BenchFlags flags;
    std::string bin = "bin";
    char* argv[] = {bin.data(), bad.data()};
    EXPECT_FALSE(ParseBenchFlags(2, argv, &flags)) << bad;
  }
}

}  // namespace
}  // namespace rill::bench
