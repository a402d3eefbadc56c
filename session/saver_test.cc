// Tests Saver: TF's node names, save/restore round trips (bit-exact), keep-N with the state file,
// one error listing every mismatch, TF 1.x names of Adam's variables, and a child process
// SIGKILLed while saving leaves a restorable latest checkpoint.
#include "session/saver.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/status_macros.h"
#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/bundle_reader.h"
#include "io/checkpoint_state.h"
#include "io/file_system.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/state_ops.h"
#include "ops/training/optimizer.h"
#include "ops/training/variables.h"

namespace rill {
namespace {

using ::rill::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string TestDir(const std::string& name) {
  return io::JoinPath(io::JoinPath(::testing::TempDir(), "saver_test"), name);
}

// Variables w (float [2], init {1, 2}), b (double, init 0.5) and global_step (int64, 0); "set_w"
// assigns the fed "w_value" to w; the Saver covers all of them.
struct Model {
  GraphDef graph;
  std::unique_ptr<Saver> saver;
};

absl::StatusOr<Model> BuildModel(const SaverOptions& options = {}) {
  Scope s = Scope::NewRootScope();
  train::GraphVariable w = train::CreateVariable(s.WithOpName("w"), ops::Const(s, {1.0f, 2.0f}));
  train::CreateVariable(s.WithOpName("b"), ops::Const(s, 0.5));
  RETURN_IF_ERROR(train::GetOrCreateGlobalStep(s).status());
  Output value = ops::Placeholder(s.WithOpName("w_value"), DT_FLOAT, {.shape = PartialShape({2})});
  ops::Assign(s.WithOpName("set_w"), w.ref, value);
  train::GlobalVariablesInitializer(s.WithOpName("init"));
  Model m;
  ASSIGN_OR_RETURN(m.saver, Saver::Create(s, {}, options));
  ASSIGN_OR_RETURN(m.graph, s.ToGraphDef());
  return m;
}

absl::Status SetW(Session& session, std::vector<float> v) {
  std::vector<Tensor> out;
  return session.Run({{"w_value", *Tensor::FromVector(v, TensorShape({2}))}}, {}, {"set_w"}, &out);
}

absl::StatusOr<std::vector<float>> GetW(Session& session) {
  std::vector<Tensor> out;
  RETURN_IF_ERROR(session.Run({}, {"w"}, {}, &out));
  return out[0].ToVector<float>();
}

TEST(SaverTest, BuildsTensorFlowNodeNames) {
  ASSERT_OK_AND_ASSIGN(Model m, BuildModel());
  std::set<std::string> names;
  for (const NodeDef& n : m.graph.node()) names.insert(n.name());
  for (const char* expected :
       {"save/filename/input", "save/filename", "save/Const", "save/SaveV2/tensor_names",
        "save/SaveV2/shape_and_slices", "save/SaveV2", "save/control_dependency",
        "save/RestoreV2/tensor_names", "save/RestoreV2", "save/Assign", "save/Assign_1",
        "save/Assign_2", "save/restore_all"}) {
    EXPECT_TRUE(names.contains(expected)) << expected;
  }
  EXPECT_EQ(m.saver->filename_tensor_name(), "save/Const");
  EXPECT_EQ(m.saver->restore_op_name(), "save/restore_all");
  std::vector<std::string> vars;
  for (const SaverVariable& v : m.saver->variables()) vars.push_back(v.name);
  EXPECT_THAT(vars, ElementsAre("b", "global_step", "w"));
}

TEST(SaverTest, SavesAndRestoresBitExactly) {
  ASSERT_OK_AND_ASSIGN(Model m, BuildModel());
  ASSERT_OK_AND_ASSIGN(auto session, Session::Create(m.graph));
  std::vector<Tensor> out;
  ASSERT_OK(session->Run({}, {}, {"init"}, &out));
  ASSERT_OK(SetW(*session, {-0.0f, 3.25e-39f}));  // a negative zero and a denormal
  const std::string prefix = io::JoinPath(TestDir("roundtrip"), "model.ckpt");
  ASSERT_OK_AND_ASSIGN(std::string path, m.saver->Save(*session, prefix, 7));
  EXPECT_EQ(path, prefix + "-7");
  ASSERT_OK_AND_ASSIGN(auto reader, io::BundleReader::Open(path));
  EXPECT_THAT(reader->ListEntries(), ElementsAre("b", "global_step", "w"));
  ASSERT_OK_AND_ASSIGN(Tensor step, reader->Lookup("global_step"));
  EXPECT_EQ(step.dtype(), DT_INT64);
  ASSERT_OK_AND_ASSIGN(std::string latest, io::LatestCheckpoint(TestDir("roundtrip")));
  EXPECT_EQ(latest, path);

  // A fresh session restores the saved values, not the initial ones.
  ASSERT_OK_AND_ASSIGN(auto fresh, Session::Create(m.graph));
  ASSERT_OK(m.saver->Restore(*fresh, path));
  ASSERT_OK(fresh->Run({}, {"w", "b", "global_step"}, {}, &out));
  EXPECT_TRUE(out[0].BitwiseEqual(*Tensor::FromVector<float>({-0.0f, 3.25e-39f}, TensorShape({2}))))
      << out[0].DebugString();
  EXPECT_TRUE(out[1].BitwiseEqual(Tensor::Scalar<double>(0.5)));
  EXPECT_TRUE(out[2].BitwiseEqual(Tensor::Scalar<int64_t>(0)));
}

TEST(SaverTest, KeepsTheNewestN) {
  SaverOptions options;
  options.max_to_keep = 2;
  ASSERT_OK_AND_ASSIGN(Model m, BuildModel(options));
  ASSERT_OK_AND_ASSIGN(auto session, Session::Create(m.graph));
  std::vector<Tensor> out;
  ASSERT_OK(session->Run({}, {}, {"init"}, &out));
  const std::string dir = TestDir("keep");
  const std::string prefix = io::JoinPath(dir, "model.ckpt");
  for (int step : {1, 2, 3}) ASSERT_OK(m.saver->Save(*session, prefix, step).status());
  ASSERT_OK_AND_ASSIGN(CheckpointState state, io::ReadCheckpointState(dir));
  EXPECT_EQ(state.model_checkpoint_path(), "model.ckpt-3");
  EXPECT_THAT(state.all_model_checkpoint_paths(), ElementsAre("model.ckpt-2", "model.ckpt-3"));
  EXPECT_FALSE(io::FileExists(prefix + "-1.index"));
  EXPECT_FALSE(io::FileExists(prefix + "-1.data-00000-of-00001"));
  EXPECT_TRUE(io::FileExists(prefix + "-2.index"));
  // Saving the same step again does not list it twice.
  ASSERT_OK(m.saver->Save(*session, prefix, 3).status());
  ASSERT_OK_AND_ASSIGN(state, io::ReadCheckpointState(dir));
  EXPECT_THAT(state.all_model_checkpoint_paths(), ElementsAre("model.ckpt-2", "model.ckpt-3"));
}

TEST(SaverTest, RestoreReportsEveryMismatchAndTouchesNothing) {
  ASSERT_OK_AND_ASSIGN(Model m, BuildModel());
  ASSERT_OK_AND_ASSIGN(auto session, Session::Create(m.graph));
  std::vector<Tensor> out;
  ASSERT_OK(session->Run({}, {}, {"init"}, &out));
  ASSERT_OK_AND_ASSIGN(std::string path,
                       m.saver->Save(*session, io::JoinPath(TestDir("mismatch"), "ckpt")));

  // Another model: w has shape [3], b is float, c is new, global_step matches.
  Scope s = Scope::NewRootScope();
  train::CreateVariable(s.WithOpName("w"), ops::Const(s, {1.0f, 2.0f, 3.0f}));
  train::CreateVariable(s.WithOpName("b"), ops::Const(s, 0.5f));
  train::CreateVariable(s.WithOpName("c"), ops::Const(s, 1.0f));
  ASSERT_OK(train::GetOrCreateGlobalStep(s).status());
  train::GlobalVariablesInitializer(s.WithOpName("init"));
  ASSERT_OK_AND_ASSIGN(auto other_saver, Saver::Create(s));
  ASSERT_OK_AND_ASSIGN(GraphDef other_graph, s.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(auto other, Session::Create(other_graph));
  ASSERT_OK(other->Run({}, {}, {"init"}, &out));
  EXPECT_THAT(other_saver->Restore(*other, path),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("3 mismatches"),
                             HasSubstr("variable 'b': checkpoint dtype double, graph dtype float"),
                             HasSubstr("variable 'c' not found in checkpoint"),
                             HasSubstr("variable 'w': checkpoint shape [2], graph shape [3]"),
                             Not(HasSubstr("global_step")))));
  ASSERT_OK(other->Run({}, {"w"}, {}, &out));
  EXPECT_THAT(out[0].ToVector<float>(), ElementsAre(1, 2, 3));

  // Only missing names: NotFound.
  Scope only_c = Scope::NewRootScope();
  train::CreateVariable(only_c.WithOpName("c"), ops::Const(only_c, 1.0f));
  ASSERT_OK_AND_ASSIGN(auto c_saver, Saver::Create(only_c));
  ASSERT_OK_AND_ASSIGN(GraphDef c_graph, only_c.ToGraphDef());
  ASSERT_OK_AND_ASSIGN(auto c_session, Session::Create(c_graph));
  EXPECT_THAT(c_saver->Restore(*c_session, path),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("1 mismatch: variable 'c'")));
  EXPECT_THAT(c_saver->Restore(*c_session, path + "_missing"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("_missing")));
}

TEST(SaverTest, CreateRejectsBadVariableLists) {
  Scope s = Scope::NewRootScope();
  EXPECT_THAT(Saver::Create(s), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("no variables")));
  Output x = ops::Const(s.WithOpName("x"), 1.0f);
  EXPECT_THAT(Saver::Create(s, {x}), StatusIs(absl::StatusCode::kInvalidArgument,
                                              HasSubstr("'x' is not a VariableV2")));
  train::GraphVariable v = train::CreateVariable(s.WithOpName("v"), ops::Const(s, 1.0f));
  EXPECT_THAT(Saver::Create(s, {v.ref, v.ref}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("listed twice")));
}

TEST(SaverTest, UsesTensorFlowNamesForAdamAndGlobalStep) {
  Scope s = Scope::NewRootScope();
  train::GraphVariable w = train::CreateVariable(s.WithOpName("w"), ops::Const(s, {1.0, 2.0}));
  ASSERT_OK_AND_ASSIGN(train::GraphVariable step, train::GetOrCreateGlobalStep(s));
  Output loss = ops::Sum(s, ops::Square(s, w.ref), ops::Const(s, 0));
  train::AdamOptimizer adam;
  ASSERT_OK(adam.Minimize(s, loss, {.global_step = step.ref}).status());
  ASSERT_OK_AND_ASSIGN(auto saver, Saver::Create(s));
  std::vector<std::string> names;
  for (const SaverVariable& v : saver->variables()) names.push_back(v.name);
  EXPECT_THAT(names, ElementsAre("beta1_power", "beta2_power", "global_step", "w", "w/Adam",
                                 "w/Adam_1"));
}

// The child sets w = {k, -k} and saves step k, forever; the parent kills it at several moments
// after its first save. Whatever the moment, the state file names a checkpoint that restores to
// its own step's values.
TEST(SaverTest, KilledDuringSaveLeavesARestorableLatestCheckpoint) {
  ASSERT_OK_AND_ASSIGN(Model m, BuildModel());
  const std::string dir = TestDir("killed");
  const std::string prefix = io::JoinPath(dir, "model.ckpt");
  const std::string error_file = TestDir("killed_child_error");
  int64_t next_step = 1;
  int attempt = 0;
  for (int delay_ms : {5, 20, 45, 80}) {
    ++attempt;
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto session = Session::Create(m.graph);
      if (!session.ok()) ::_exit(2);
      std::vector<Tensor> out;
      if (!(*session)->Run({}, {}, {"init"}, &out).ok()) ::_exit(3);
      for (int64_t k = next_step;; ++k) {
        const float f = static_cast<float>(k);
        if (!SetW(**session, {f, -f}).ok()) ::_exit(4);
        absl::StatusOr<std::string> saved = m.saver->Save(**session, prefix, k);
        if (!saved.ok()) {
          (void)io::WriteFileAtomically(error_file, saved.status().ToString());
          ::_exit(5);
        }
      }
    }
    // Let the child complete one save of its own (so every kill follows a fresh save), then kill
    // it `delay_ms` later, somewhere inside a later save.
    for (int waited = 0; waited < 20000; ++waited) {
      absl::StatusOr<std::string> latest = io::LatestCheckpoint(dir);
      if (latest.ok() && *latest != absl::StrCat(prefix, "-", next_step - 1)) break;
      ::usleep(1000);
    }
    ::usleep(delay_ms * 1000);
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status))
        << "child exited with " << WEXITSTATUS(status) << ": "
        << io::ReadFileToString(error_file, 1 << 16).value_or("");
    ASSERT_OK_AND_ASSIGN(std::string latest, io::LatestCheckpoint(dir));
    const std::string suffix = latest.substr(prefix.size() + 1);
    int64_t k = 0;
    ASSERT_TRUE(absl::SimpleAtoi(suffix, &k)) << latest;
    ASSERT_OK_AND_ASSIGN(auto session, Session::Create(m.graph));
    ASSERT_OK(m.saver->Restore(*session, latest));
    ASSERT_OK_AND_ASSIGN(std::vector<float> w, GetW(*session));
    EXPECT_THAT(w, ElementsAre(static_cast<float>(k), -static_cast<float>(k))) << latest;
    EXPECT_GE(k, next_step);  // the child's own save is listed
    next_step = k + 1;
  }
}

}  // namespace
}  // namespace rill
