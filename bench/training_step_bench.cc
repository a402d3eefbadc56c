// training_step_bench: examples/second of whole training steps (forward, backward, Adam) run by
// rill's Session (so it picks up the compiler's native kernels and threads) versus PyTorch (same
// models in NCHW, Adam, soft-label cross entropy; /usr/bin/python3 child with
// OMP_WAIT_POLICY=PASSIVE), 1 and 2 threads each, alternating, min and median over repetitions:
// the MLP 784-128-10 and the seed CNN (conv 5x5x20 VALID, 2x2 max pool, conv 5x5x40, pool,
// fc 256, fc 256, fc 10), batch 128. Also prints the fraction of the FMA peak (bench/peak_fma.h)
// rill reaches (MLP ~0.61, seed CNN ~10.8 MFLOP per example). RATIO lines: rill's best thread
// count / PyTorch's best. Diagnostic peers (not in smoke runs): rill_executable_1t and
// rill_executable_1t_per_node run the same step as a compiler::Compile Executable without the
// Session, with clusters of native kernels (one call each) and node by node; reference_executor_1t
// runs it on the reference interpreter (compiler/interpreter, no native code); the train step's
// compile time is printed too. `--smoke` (or
// `--quick`): batch 8, no Python, one step per repetition. `--profile`: instead of timing, runs the
// seed CNN step as a compiled Executable at each --threads count and prints the 15 slowest nodes
// (min over steps, ms) — the profile issue 8 asks for.
#include <algorithm>
#include <sys/resource.h>

#include <chrono>
#include <map>
#include <cmath>
#include <cstring>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "bench/bench_harness.h"
#include "bench/peak_fma.h"
#include "bench/torch_peer.h"
#include "compiler/compile.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/graph_convert.h"
#include "graph/scope.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/random_ops.h"
#include "ops/reduce_ops.h"
#include "ops/training/optimizer.h"
#include "ops/training/variables.h"
#include "session/session.h"

namespace rill {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Model {
  std::string name;
  GraphDef graph;
  std::string train_op;
  TensorShape x_shape;
  int classes = 10;
};

Output Weight(const Scope& s, const std::string& name, std::vector<int32_t> shape, int fan_in) {
  const int64_t rank = static_cast<int64_t>(shape.size());
  const Output init =
      ops::Mul(s, ops::TruncatedNormal(s, ops::Const(s, shape, TensorShape({rank})), DT_FLOAT),
               ops::Const(s, static_cast<float>(1.0 / std::sqrt(fan_in))));
  return train::CreateVariable(s.WithOpName(name), init).ref;
}

Output Dense(const Scope& root, const std::string& name, const Output& in, int fan_in,
             int fan_out, bool relu) {
  const Scope s = root.NewSubScope(name);
  const Output w = Weight(s, "kernel", {fan_in, fan_out}, fan_in);
  const Output b = train::CreateVariable(
      s.WithOpName("bias"), ops::Fill(s, ops::Const(s, {fan_out}), ops::Const(s, 0.0f))).ref;
  const Output y = ops::BiasAdd(s, ops::MatMul(s, in, w), b);
  return relu ? ops::Relu(s, y) : y;
}

absl::StatusOr<Model> Finish(Scope& root, Model m, const Output& logits, const Output& labels) {
  const Output loss = ops::Mean(root.WithOpName("loss"),
                                ops::SoftmaxCrossEntropyWithLogits(root, logits, labels).loss,
                                ops::Const(root, {0}));
  ASSIGN_OR_RETURN(train::GraphVariable step, train::GetOrCreateGlobalStep(root));
  train::AdamOptimizer adam({.learning_rate = 0.001});
  ASSIGN_OR_RETURN(Operation train_op, adam.Minimize(root, loss, {.global_step = step.ref}));
  train::GlobalVariablesInitializer(root.WithOpName("init"));
  RETURN_IF_ERROR(root.status());
  m.graph = GraphToGraphDef(*root.graph());
  m.train_op = train_op.name();
  return m;
}

absl::StatusOr<Model> Mlp(int batch) {
  Scope root = Scope::NewRootScope();
  const Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 784}});
  const Output labels = ops::Placeholder(root.WithOpName("labels"), DT_FLOAT, {.shape = {-1, 10}});
  const Output h = Dense(root, "hidden", x, 784, 128, true);
  return Finish(root, {"mlp", {}, "", TensorShape({batch, 784})},
                Dense(root, "out", h, 128, 10, false), labels);
}

absl::StatusOr<Model> SeedCnn(int batch) {
  Scope root = Scope::NewRootScope();
  const Output x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, {.shape = {-1, 28, 28, 1}});
  const Output labels = ops::Placeholder(root.WithOpName("labels"), DT_FLOAT, {.shape = {-1, 10}});
  auto conv = [&](const std::string& name, const Output& in, int cin, int cout) {
    const Scope s = root.NewSubScope(name);
    const Output k = Weight(s, "kernel", {5, 5, cin, cout}, 25 * cin);
    const Output b = train::CreateVariable(
        s.WithOpName("bias"), ops::Fill(s, ops::Const(s, {cout}), ops::Const(s, 0.0f))).ref;
    const Output y = ops::Relu(s, ops::BiasAdd(s, ops::Conv2D(s, in, k, {1, 1, 1, 1}, "VALID"), b));
    return ops::MaxPool(s, y, {1, 2, 2, 1}, {1, 2, 2, 1}, "VALID");
  };
  const Output c1 = conv("conv1", x, 1, 20);     // [b,12,12,20]
  const Output c2 = conv("conv2", c1, 20, 40);   // [b,4,4,40]
  const Output flat = ops::Reshape(root, c2, ops::Const(root, {-1, 640}));
  const Output f1 = Dense(root, "fc1", flat, 640, 256, true);
  const Output f2 = Dense(root, "fc2", f1, 256, 256, true);
  return Finish(root, {"seed_cnn", {}, "", TensorShape({batch, 28, 28, 1})},
                Dense(root, "logits", f2, 256, 10, false), labels);
}

std::vector<Tensor> Batch(const Model& m) {
  const int64_t batch = m.x_shape.dim(0);
  Tensor x = *Tensor::Create(DT_FLOAT, m.x_shape);
  Tensor y = *Tensor::Create(DT_FLOAT, TensorShape({batch, m.classes}));
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  for (int64_t i = 0; i < x.num_elements(); ++i) x.data<float>()[i] = u(rng);
  for (int64_t i = 0; i < batch; ++i) y.data<float>()[i * m.classes + rng() % m.classes] = 1.0f;
  return {x, y};
}

// The rill side: a Session on `threads` threads with the model initialised.
struct RillRunner {
  std::unique_ptr<Session> session;
  std::vector<Feed> feeds;
  std::string train_op;
  std::vector<Tensor> outputs;  // none fetched; Session::Run wants the vector
  absl::Status status;
  // Seconds per step over `steps` steps (negative after an error, kept in `status`).
  double Time(int steps) {
    if (!status.ok()) return -1;
    const double t0 = bench::NowSeconds();
    for (int s = 0; s < steps; ++s) {
      status = session->Run(feeds, {}, {train_op}, &outputs);
      if (!status.ok()) return -1;
    }
    return (bench::NowSeconds() - t0) / steps;
  }
};

absl::StatusOr<std::unique_ptr<RillRunner>> MakeRunner(const Model& m, int threads) {
  auto r = std::make_unique<RillRunner>();
  SessionOptions options;
  options.num_threads = threads;
  options.graph_seed = 1;
  ASSIGN_OR_RETURN(r->session, Session::Create(m.graph, options));
  RETURN_IF_ERROR(r->session->Run({}, {}, {"init"}, &r->outputs));
  const std::vector<Tensor> batch = Batch(m);
  r->feeds = {{"x", batch[0]}, {"labels", batch[1]}};
  r->train_op = m.train_op;
  // The first step builds (compiles) the plan.
  RETURN_IF_ERROR(r->session->Run(r->feeds, {}, {r->train_op}, &r->outputs));
  return r;
}

// A diagnostic peer: the same step as a compiler::Compile Executable run directly (no Session),
// on the calling thread, to show what the Session adds per step.
struct ExecutableRunner {
  VariableStore store;
  std::unique_ptr<compiler::Executable> train;
  std::vector<Tensor> feeds;
  int64_t step = 1;
  absl::Status status;
  double Time(int steps) {
    if (!status.ok()) return -1;
    const double t0 = bench::NowSeconds();
    for (int s = 0; s < steps; ++s) {
      status = train->Run(feeds, ++step).status();
      if (!status.ok()) return -1;
    }
    return (bench::NowSeconds() - t0) / steps;
  }
};

absl::StatusOr<std::unique_ptr<ExecutableRunner>> MakeExecutableRunner(
    const Model& m, int threads = 1, bool clusters = true, double* compile_seconds = nullptr) {
  auto r = std::make_unique<ExecutableRunner>();
  compiler::CompileOptions options;
  options.num_threads = threads;
  options.cluster_kernels = clusters;
  options.graph_seed = 1;
  options.variables = &r->store;
  ASSIGN_OR_RETURN(auto init, compiler::Compile(m.graph, {{}, {}, {"init"}}, options));
  RETURN_IF_ERROR(init->Run({}, 0).status());
  r->feeds = Batch(m);
  const std::vector<compiler::FeedSpec> specs = {{"x", DT_FLOAT, m.x_shape},
                                                 {"labels", DT_FLOAT, r->feeds[1].shape()}};
  const auto c0 = Clock::now();
  ASSIGN_OR_RETURN(r->train, compiler::Compile(m.graph, {specs, {}, {m.train_op}}, options));
  if (compile_seconds != nullptr) *compile_seconds = Seconds(c0);
  RETURN_IF_ERROR(r->train->Run(r->feeds, 1).status());
  return r;
}

// The reference executor (compiler/interpreter: every node on its reference kernel, no passes),
// which the compiled step is measured against (issue 6 asks for steps/s against it).
struct ReferenceRunner {
  VariableStore store;
  std::unique_ptr<Interpreter> interpreter;
  std::vector<Feed> feeds;
  std::string train_op;
  absl::Status status;
  double Time(int steps) {
    if (!status.ok()) return -1;
    const double t0 = bench::NowSeconds();
    for (int s = 0; s < steps; ++s) {
      status = interpreter->Run(feeds, {}, {train_op}).status();
      if (!status.ok()) return -1;
    }
    return (bench::NowSeconds() - t0) / steps;
  }
};

absl::StatusOr<std::unique_ptr<ReferenceRunner>> MakeReferenceRunner(const Model& m) {
  auto r = std::make_unique<ReferenceRunner>();
  InterpreterOptions options;
  options.graph_seed = 1;
  options.variables = &r->store;
  ASSIGN_OR_RETURN(r->interpreter, Interpreter::Create(m.graph, options));
  RETURN_IF_ERROR(r->interpreter->Run({}, {}, {"init"}).status());
  const std::vector<Tensor> batch = Batch(m);
  r->feeds = {{"x", batch[0]}, {"labels", batch[1]}};
  r->train_op = m.train_op;
  RETURN_IF_ERROR(r->interpreter->Run(r->feeds, {}, {r->train_op}).status());
  return r;
}

absl::Status Measure(const Model& m, double mflop_per_example, const bench::BenchFlags& flags,
                     bench::TorchPeer* torch) {
  const int64_t batch = m.x_shape.dim(0);
  const double target = flags.smoke ? 0.0 : 0.3;  // seconds per repetition
  std::vector<bench::Peer> peers;
  std::vector<std::unique_ptr<RillRunner>> runners;
  for (int threads : flags.threads) {
    const auto c0 = Clock::now();
    ASSIGN_OR_RETURN(auto runner, MakeRunner(m, threads));
    bench::PrintBench(absl::StrCat(m.name, "_setup_and_first_step_", threads, "t"), Seconds(c0),
                      "s");
    RillRunner* r = runner.get();
    runners.push_back(std::move(runner));
    peers.push_back({absl::StrCat("rill_", threads, "t"),
                     bench::Adaptive([r](int steps) { return r->Time(steps); }, target, 50)});
  }
  const size_t num_rill = peers.size();
  std::unique_ptr<ExecutableRunner> exec;  // not in smoke runs: a third compilation per model
  std::unique_ptr<ReferenceRunner> reference;
  size_t exec_peer = 0, reference_peer = 0;
  std::unique_ptr<ExecutableRunner> per_node;  // the same without clusters (one call per kernel)
  if (!flags.smoke) {
    double compile_s = 0;
    ASSIGN_OR_RETURN(exec, MakeExecutableRunner(m, 1, /*clusters=*/true, &compile_s));
    bench::PrintBench(absl::StrCat(m.name, "_compile_train_step"), compile_s, "s");
    ExecutableRunner* e = exec.get();
    exec_peer = peers.size();
    peers.push_back({"rill_executable_1t",
                     bench::Adaptive([e](int steps) { return e->Time(steps); }, target, 50)});
    ASSIGN_OR_RETURN(reference, MakeReferenceRunner(m));
    ReferenceRunner* ref = reference.get();
    reference_peer = peers.size();
    peers.push_back({"reference_executor_1t",
                     bench::Adaptive([ref](int steps) { return ref->Time(steps); }, target, 50)});
    ASSIGN_OR_RETURN(per_node, MakeExecutableRunner(m, 1, /*clusters=*/false));
    ExecutableRunner* p = per_node.get();
    peers.push_back({"rill_executable_1t_per_node",
                     bench::Adaptive([p](int steps) { return p->Time(steps); }, target, 50)});
  }
  const size_t first_torch = peers.size();
  if (torch != nullptr) {
    for (int threads : flags.threads) {
      peers.push_back({absl::StrCat("torch_", threads, "t"),
                       bench::Adaptive(
                           [torch, &m, batch, threads](int steps) {
                             auto t = torch->TrainStep(m.name, batch, threads, steps);
                             if (!t.ok()) std::cout << "# " << t.status() << "\n";
                             return t.ok() ? *t : -1.0;
                           },
                           target, 50)});
    }
  }
  const std::vector<bench::Stats> stats =
      bench::RunAlternating(peers, flags.reps, 1, flags.settle_s());
  for (const auto& r : runners) RETURN_IF_ERROR(r->status);
  if (exec != nullptr) RETURN_IF_ERROR(exec->status);
  if (reference != nullptr) RETURN_IF_ERROR(reference->status);
  if (per_node != nullptr) RETURN_IF_ERROR(per_node->status);
  // Examples/s from the min time; the best thread count of each side.
  double best_rill = 0, best_torch = 0;
  int best_rill_threads = 1;
  for (size_t p = 0; p < peers.size(); ++p) {
    if (stats[p].min <= 0) {
      std::cout << "# " << m.name << "_" << peers[p].name << ": unavailable\n";
      continue;
    }
    const double eps = batch / stats[p].min;
    bench::PrintBench(absl::StrCat(m.name, "_", peers[p].name), eps, "examples/s");
    bench::PrintBench(absl::StrCat(m.name, "_", peers[p].name, "_median"),
                      batch / stats[p].median, "examples/s");
    if (p < num_rill && eps > best_rill) {
      best_rill = eps;
      best_rill_threads = flags.threads[p];
    }
    if (p >= first_torch) best_torch = std::max(best_torch, eps);
  }
  const double peak = bench::PeakGflops(best_rill_threads, flags.smoke);
  const double gflops = best_rill * mflop_per_example * 1e-3;
  bench::PrintBench(absl::StrCat(m.name, "_rill_gflops"), gflops, "GFLOP/s");
  if (peak > 0) {
    bench::PrintBench(absl::StrCat(m.name, "_rill_fraction_of_peak_", best_rill_threads, "t"),
                      gflops / peak, "fraction");
  }
  if (best_torch > 0) {
    bench::PrintBench(absl::StrCat(m.name, "_torch_best"), best_torch, "examples/s");
    bench::PrintRatio(absl::StrCat(m.name, "_rill_vs_torch_best"), best_rill / best_torch);
  }
  if (reference != nullptr && stats[exec_peer].min > 0 && stats[reference_peer].min > 0) {
    bench::PrintRatio(absl::StrCat(m.name, "_compiled_vs_reference_executor_1t"),
                      stats[reference_peer].min / stats[exec_peer].min);
  }
  if (num_rill > 1 && stats[0].min > 0 && stats[1].min > 0) {
    bench::PrintRatio(absl::StrCat(m.name, "_rill_", flags.threads[1], "t_vs_",
                                   flags.threads[0], "t"),
                      stats[0].min / stats[1].min);
  }
  return absl::OkStatus();
}

// Per-node profile of `m`'s step as an Executable on `threads` threads: each node's min time over
// `steps` steps (ms), the 15 slowest, and the whole step's min.
absl::Status Profile(const Model& m, int threads, int steps) {
  ASSIGN_OR_RETURN(auto r, MakeExecutableRunner(m, threads));
  r->train->set_collect_timing(true);
  std::map<std::string, int64_t> best;  // node -> min nanos
  std::map<std::string, bool> native;
  double best_step = 1e30;
  auto minor_faults = [] {
    rusage u;
    getrusage(RUSAGE_SELF, &u);
    return static_cast<int64_t>(u.ru_minflt);
  };
  const int64_t faults0 = minor_faults();
  for (int s = 0; s < steps; ++s) {
    const double t = r->Time(1);
    RETURN_IF_ERROR(r->status);
    best_step = std::min(best_step, t);
    std::map<std::string, int64_t> this_step;
    for (const NodeTiming& n : r->train->last_run_stats().timings) {
      this_step[n.node] += n.nanos;
      native[n.node] = n.replaced;
    }
    for (const auto& [node, nanos] : this_step) {
      auto it = best.find(node);
      if (it == best.end() || nanos < it->second) best[node] = nanos;
    }
  }
  const double faults_per_step = static_cast<double>(minor_faults() - faults0) / steps;
  std::vector<std::pair<int64_t, std::string>> sorted;
  int64_t total = 0;
  for (const auto& [node, nanos] : best) {
    sorted.push_back({nanos, node});
    total += nanos;
  }
  std::sort(sorted.rbegin(), sorted.rend());
  std::cout << "# profile " << m.name << " " << threads << "t: step min " << best_step * 1e3
            << " ms (with timing), sum of node mins " << total * 1e-6 << " ms, " << sorted.size()
            << " nodes, " << faults_per_step << " page faults per step, arena "
            << r->train->buffer_stats().arena_bytes / 1024 << " KiB\n";
  for (size_t i = 0; i < sorted.size() && i < 15; ++i) {
    std::cout << "#   " << sorted[i].first * 1e-6 << " ms  " << sorted[i].second
              << (native[sorted[i].second] ? "" : "  (reference)") << "\n";
  }
  return absl::OkStatus();
}

absl::Status Main(const bench::BenchFlags& flags, bool profile) {
  if (profile) {
    ASSIGN_OR_RETURN(Model cnn, SeedCnn(flags.smoke ? 8 : 128));
    for (int threads : flags.threads) RETURN_IF_ERROR(Profile(cnn, threads, flags.smoke ? 2 : 30));
    return absl::OkStatus();
  }
  std::unique_ptr<bench::TorchPeer> torch;
  if (flags.python) {
    auto started = bench::TorchPeer::Start();
    if (started.ok()) {
      torch = std::move(*started);
      std::cout << "# PyTorch " << torch->version() << ", OMP_WAIT_POLICY=PASSIVE" << std::endl;
    } else {
      std::cout << "# PyTorch peer unavailable: " << started.status() << std::endl;
    }
  }
  const int batch = flags.smoke ? 8 : 128;
  ASSIGN_OR_RETURN(Model mlp, Mlp(batch));
  RETURN_IF_ERROR(Measure(mlp, 0.61, flags, torch.get()));
  ASSIGN_OR_RETURN(Model cnn, SeedCnn(batch));
  RETURN_IF_ERROR(Measure(cnn, 10.8, flags, torch.get()));
  return absl::OkStatus();
}

}  // namespace
}  // namespace rill

int main(int argc, char** argv) {
  // `--quick` is the old name of `--smoke`.
  std::vector<char*> args;
  bool profile = false;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--profile") == 0) {
      profile = true;
      continue;
    }
    args.push_back(std::strcmp(argv[i], "--quick") == 0 ? const_cast<char*>("--smoke") : argv[i]);
  }
  rill::bench::BenchFlags flags;
  if (!rill::bench::ParseBenchFlags(static_cast<int>(args.size()), args.data(), &flags)) return 2;
  absl::Status status = rill::Main(flags, profile);
  if (!status.ok()) {
    std::cerr << "training_step_bench: " << status << "\n";
    return 1;
  }
  return 0;
}
