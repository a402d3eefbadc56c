// Crash safety of CheckpointManager::Save: a child process is killed (SIGKILL) at chosen byte offsets while
// it writes the data file, the index and the state file, and before each rename/fsync/delete. After every
// kill, every checkpoint the state file lists must restore bit-exactly, and the latest must be the
// previous checkpoint unless the kill came after the new state file was renamed into place.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/bundle_reader.h"
#include "io/checkpoint_manager.h"
#include "io/checkpoint_state.h"
#include "io/file_system.h"
#include "io/testing/test_files.h"

namespace rill::io {
namespace {

std::map<std::string, Tensor> TensorsFor(int64_t step) {
  std::vector<float> big(100000);  // 400 KB: several write(2) calls through the 64 KiB buffer
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<float>(step * 1000003 + i) * 0.5f;
  std::map<std::string, Tensor> m;
  m["global_step"] = Tensor::Scalar<int64_t>(step);
  m["dense/kernel"] = *Tensor::FromVector<float>(big, TensorShape({1000, 100}));
  m["vocab"] = *Tensor::FromVector<std::string>({"a", absl::StrCat("step", step)}, TensorShape({2}));
  return m;
}

CheckpointManagerOptions Options(WriteFaultInjector* fault) {
  CheckpointManagerOptions o;
  o.max_to_keep = 2;
  o.fault = fault;
  o.clock = [] { return absl::FromUnixSeconds(1700000000); };
  return o;
}

int64_t StepOf(const std::string& prefix) {
  int64_t step = -1;
  EXPECT_TRUE(absl::SimpleAtoi(prefix.substr(prefix.rfind('-') + 1), &step)) << prefix;
  return step;
}

// Every listed checkpoint restores exactly the tensors saved for its step; returns the latest step.
int64_t CheckDirectory(const std::string& dir) {
  absl::StatusOr<CheckpointState> state = ReadCheckpointState(dir);
  EXPECT_OK(state);
  if (!state.ok()) return -1;
  for (const std::string& path : state->all_model_checkpoint_paths()) {
    const std::string prefix = ResolveCheckpointPath(dir, path);
    auto reader = BundleReader::Open(prefix);
    EXPECT_OK(reader) << prefix;
    if (!reader.ok()) continue;
    const auto expected = TensorsFor(StepOf(prefix));
    EXPECT_EQ((*reader)->ListEntries().size(), expected.size());
    for (const auto& [name, tensor] : expected) {
      auto got = (*reader)->Lookup(name);
      EXPECT_OK(got) << prefix << " " << name;
      if (got.ok()) {
        EXPECT_TRUE(got->BitwiseEqual(tensor)) << prefix << " " << name;
      }
    }
  }
  absl::StatusOr<std::string> latest = LatestCheckpoint(dir);
  EXPECT_OK(latest);
  return latest.ok() ? StepOf(*latest) : -1;
}

void CopyDir(const std::string& from, const std::string& to) {
  ASSERT_OK(CreateDirRecursively(to));
  ASSERT_OK_AND_ASSIGN(auto names, ListDir(from));
  for (const auto& n : names) {
    ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFileToString(JoinPath(from, n), 1 << 26));
    ASSERT_OK(testing::WriteTestFile(JoinPath(to, n), bytes));
  }
}

// A kill point: the byte budget and the operation budget of the child's Save(3).
struct KillPoint {
  std::string what;
  int64_t bytes;
  int64_t operations;
  bool after_state_rename;  // the new state file is already in place when the kill comes
};

// Runs Save(3) in a child killed by the budget; true if the child was killed (not finished).
bool SaveInKilledChild(const std::string& dir, const KillPoint& kp) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    FaultBudget budget(kp.bytes, kp.operations, [] { ::raise(SIGKILL); });
    auto manager = CheckpointManager::Create(dir, Options(&budget));
    if (!manager.ok()) ::_exit(2);
    const bool ok = (*manager)->Save(3, TensorsFor(3)).ok();
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << kp.what << ": child was not killed (exit status " << status << ")";
  return WIFSIGNALED(status);
}

TEST(CheckpointFaultTest, KilledSavesNeverLoseTheListedCheckpoints) {
  const std::string root = JoinPath(::testing::TempDir(), "checkpoint_fault_test");
  const std::string pristine = JoinPath(root, "pristine");
  {
    ASSERT_OK_AND_ASSIGN(auto m, CheckpointManager::Create(pristine, Options(nullptr)));
    ASSERT_OK(m->Save(1, TensorsFor(1)));
    ASSERT_OK(m->Save(2, TensorsFor(2)));
  }
  // Plan: record what a complete Save(3) writes, in order.
  const std::string planning = JoinPath(root, "planning");
  CopyDir(pristine, planning);
  FaultBudget recorder(FaultBudget::kUnlimited, FaultBudget::kUnlimited);
  {
    ASSERT_OK_AND_ASSIGN(auto m, CheckpointManager::Create(planning, Options(&recorder)));
    ASSERT_OK(m->Save(3, TensorsFor(3)));
  }
  EXPECT_EQ(CheckDirectory(planning), 3);

  // Byte ranges per file kind, and the operation index of the state file's rename.
  std::map<std::string, std::pair<int64_t, int64_t>> ranges;  // kind -> [first byte, end)
  int64_t bytes = 0, ops = 0, state_rename_op = -1;
  for (const auto& e : recorder.log()) {
    if (e.is_operation) {
      if (e.operation == FileOperation::kRename && Basename(e.path) == "checkpoint") state_rename_op = ops;
      ++ops;
      continue;
    }
    const std::string kind = absl::StrContains(e.path, ".data-") ? "data"
                             : absl::StrContains(e.path, ".index") ? "index"
                                                                   : "state";
    if (!ranges.count(kind)) ranges[kind] = {bytes, bytes};
    bytes += e.bytes;
    ranges[kind].second = bytes;
  }
  ASSERT_EQ(ranges.size(), 3u);
  ASSERT_GE(state_rename_op, 0);
  EXPECT_GT(ranges["data"].second - ranges["data"].first, 400000);

  std::vector<KillPoint> kills;
  for (const auto& [kind, range] : ranges) {
    const auto [first, end] = range;
    for (int64_t at : std::set<int64_t>{first, first + 1, (first + end) / 2, end - 1}) {
      kills.push_back({absl::StrCat(kind, " file, byte ", at - first, " of ", end - first), at,
                       FaultBudget::kUnlimited, false});
    }
  }
  for (int64_t op = 0; op < ops; ++op) {
    kills.push_back({absl::StrCat("before operation ", op, " of ", ops), FaultBudget::kUnlimited, op,
                     op > state_rename_op});
  }

  int killed = 0, killed_after_state = 0;
  for (size_t i = 0; i < kills.size(); ++i) {
    const KillPoint& kp = kills[i];
    SCOPED_TRACE(kp.what);
    const std::string dir = JoinPath(root, absl::StrCat("kill_", i));
    CopyDir(pristine, dir);
    if (!SaveInKilledChild(dir, kp)) continue;
    ++killed;
    killed_after_state += kp.after_state_rename;
    EXPECT_EQ(CheckDirectory(dir), kp.after_state_rename ? 3 : 2);
    // The directory stays usable: a new manager saves again and cleans up the debris.
    ASSERT_OK_AND_ASSIGN(auto m, CheckpointManager::Create(dir, Options(nullptr)));
    ASSERT_OK(m->Save(3, TensorsFor(3)));
    EXPECT_EQ(CheckDirectory(dir), 3);
    ASSERT_OK_AND_ASSIGN(auto names, ListDir(dir));
    for (const auto& n : names) EXPECT_FALSE(IsTempFilename(n)) << n;
  }
  // 12 byte offsets, and every fsync/rename/delete: data, index, directory, state, old checkpoints.
  EXPECT_GE(killed, 20);
  EXPECT_GE(killed_after_state, 2);  // the deletions of the oldest checkpoint
  std::printf("%d kills, %d after the state rename\n", killed, killed_after_state);
}

}  // namespace
}  // namespace rill::io
