// Random graph generation and the compiled-vs-reference comparison (see differential_fuzz.h).
#include "compiler/codegen/differential_fuzz.h"

#include <algorithm>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/compile.h"
#include "compiler/fusion_op.h"
#include "compiler/testing/compiled_numerics.h"
#include "compiler/interpreter/interpreter.h"
#include "graph/gradients.h"
#include "graph/graph_io.h"
#include "graph/scope.h"
#include "ops/array_ops.h"
#include "ops/math_ops.h"
#include "ops/nn_ops.h"
#include "ops/reduce_ops.h"

namespace rill::codegen {
namespace {

// One random graph: float placeholders and the values they are fed with.
class GraphMaker {
 public:
  explicit GraphMaker(uint64_t seed) : rng_(seed) {}

  // Builds the graph; returns the fetched outputs.
  std::vector<Output> Build(const Scope& root) {
    std::vector<Output> values;
    const int inputs = Uniform(1, 3);
    for (int i = 0; i < inputs; ++i) values.push_back(NewInput(root, RandomShape()));
    const int steps = Uniform(2, 9);
    for (int s = 0; s < steps; ++s) {
      const Output& x = values[Uniform(0, static_cast<int>(values.size()) - 1)];
      values.push_back(RandomOp(root, x));
    }
    std::vector<Output> fetches = {values.back()};
    if (Uniform(0, 1) == 0) {
      // Gradients of the sum of the last value with respect to the inputs.
      const Output& y = values.back();
      const std::vector<int32_t> axes = AllAxes(y);
      const Output loss = ops::Sum(
          root, y, ops::Const(root, axes, TensorShape({static_cast<int64_t>(axes.size())})));
      absl::StatusOr<std::vector<Output>> grads =
          AddSymbolicGradients(root, {loss}, std::vector<Output>(values.begin(),
                                                                 values.begin() + inputs), {});
      if (grads.ok()) {
        for (const Output& g : *grads) fetches.push_back(g);
      }
    }
    return fetches;
  }

  std::vector<compiler::FeedSpec> feeds;
  std::vector<Tensor> feed_values;

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  std::vector<int64_t> RandomShape() {
    std::vector<int64_t> dims(Uniform(0, 3));
    for (int64_t& d : dims) d = Uniform(1, 5);
    return dims;
  }

  std::vector<int32_t> AllAxes(const Output& x) {
    std::vector<int32_t> axes(x.shape().rank());
    for (int i = 0; i < x.shape().rank(); ++i) axes[i] = i;
    return axes;
  }

  Output NewInput(const Scope& root, const std::vector<int64_t>& dims) {
    const std::string name = absl::StrCat("in", feeds.size());
    TensorShape shape = *TensorShape::Create(dims);
    Tensor t = *Tensor::Create(DT_FLOAT, shape);
    std::uniform_real_distribution<float> value(-2.0f, 2.0f);
    for (int64_t i = 0; i < t.num_elements(); ++i) t.data<float>()[i] = value(rng_);
    feeds.push_back({name, DT_FLOAT, shape});
    feed_values.push_back(t);
    return ops::Placeholder(root.WithOpName(name), DT_FLOAT, {.shape = shape.AsPartial()});
  }

  // A shape that broadcasts into x's: some dims set to 1, maybe fewer leading dims.
  std::vector<int64_t> BroadcastableTo(const Output& x) {
    std::vector<int64_t> dims;
    const int rank = x.shape().rank();
    const int drop = Uniform(0, rank);
    for (int d = drop; d < rank; ++d) dims.push_back(Uniform(0, 2) == 0 ? 1 : x.shape().dim(d));
    return dims;
  }

  Output RandomOp(const Scope& root, const Output& x) {
    const int rank = x.shape().rank();
    switch (Uniform(0, 9)) {
      case 0:
        return ops::Tanh(root, x);
      case 1:
        return ops::Relu(root, x);
      case 2:
        return ops::Sigmoid(root, x);
      case 3:
        return ops::Square(root, ops::Neg(root, x));
      case 4: {
        const Output y = NewInput(root, BroadcastableTo(x));
        return Uniform(0, 1) == 0 ? ops::Mul(root, x, y) : ops::Sub(root, y, x);
      }
      case 5: {
        const Output y = NewInput(root, BroadcastableTo(x));
        return Uniform(0, 1) == 0 ? ops::Maximum(root, x, y) : ops::AddV2(root, x, y);
      }
      case 6: {
        if (rank == 0) return ops::Exp(root, x);
        const int32_t axis = Uniform(-rank, rank - 1);
        const bool keep = Uniform(0, 1) == 0;
        const Output axes = ops::Const(root, {axis});
        // Half the time the reduced value is a fresh element-wise producer used only here, so it
        // fuses into the reduction (x itself may have other consumers).
        Output in = x;
        if (Uniform(0, 1) == 0) {
          in = Uniform(0, 1) == 0 ? ops::Square(root, ops::Sub(root, x, NewInput(root, BroadcastableTo(x))))
                                  : ops::Tanh(root, x);
        }
        switch (Uniform(0, 3)) {
          case 0:
            return ops::Sum(root, in, axes, {.keep_dims = keep});
          case 1:
            return ops::Max(root, in, axes, {.keep_dims = keep});
          case 2:
            return ops::Min(root, in, axes, {.keep_dims = keep});
          default:
            return ops::Prod(root, in, axes, {.keep_dims = keep});
        }
      }
      case 7: {
        if (rank != 2) return ops::Reshape(root, x, ops::Const(root, {-1}));
        const int64_t n = Uniform(1, 4);
        const Output w = NewInput(root, {x.shape().dim(1), n});
        return ops::MatMul(root, x, w);
      }
      case 8: {
        if (rank < 2) return ops::Abs(root, x);
        std::vector<int32_t> perm(rank);
        for (int i = 0; i < rank; ++i) perm[i] = i;
        std::shuffle(perm.begin(), perm.end(), rng_);
        return ops::Transpose(root, x, ops::Const(root, perm, TensorShape({rank})));
      }
      default:
        return ops::Reshape(root, x, ops::Const(root, {-1}));
    }
  }

  std::mt19937_64 rng_;
};

}  // namespace

absl::Status RunDifferentialFuzz(uint64_t seed, int count, FuzzReport* report) {
  for (int k = 0; k < count; ++k) {
    const uint64_t case_seed = seed * 1000003 + k;
    Scope root = Scope::NewRootScope();
    GraphMaker maker(case_seed);
    std::vector<Output> outputs = maker.Build(root);
    ASSIGN_OR_RETURN(GraphDef graph, root.ToGraphDef());
    const auto context = [&](absl::string_view what) {
      return absl::StrCat("fuzz case seed ", case_seed, ": ", what, "\n", GraphDefToText(graph));
    };
    std::vector<std::string> fetches;
    for (const Output& o : outputs) fetches.push_back(o.name());
    absl::StatusOr<std::unique_ptr<compiler::Executable>> exe =
        compiler::Compile(graph, {maker.feeds, fetches, {}});
    if (!exe.ok()) return absl::InvalidArgumentError(context(exe.status().ToString()));
    absl::StatusOr<std::vector<Tensor>> got = (*exe)->Run(maker.feed_values, 0);
    if (!got.ok()) return absl::InvalidArgumentError(context(got.status().ToString()));
    ASSIGN_OR_RETURN(std::unique_ptr<Interpreter> ref, Interpreter::Create(graph));
    std::vector<Feed> named;
    for (size_t i = 0; i < maker.feeds.size(); ++i) {
      named.emplace_back(maker.feeds[i].name, maker.feed_values[i]);
    }
    ASSIGN_OR_RETURN(std::vector<Tensor> want, ref->Run(named, fetches));
    for (size_t i = 0; i < want.size(); ++i) {
      const ::testing::AssertionResult same = testing::MatchesReference(graph, (*got)[i], want[i]);
      if (!same) {
        return absl::InvalidArgumentError(context(absl::StrCat(
            "fetch '", fetches[i], "' differs: ", same.message(), "\ncompiled:  ",
            (*got)[i].DebugString(12), "\nreference: ", want[i].DebugString(12))));
      }
    }
    if (report != nullptr) {
      ++report->graphs;
      report->native_kernels_run += (*exe)->last_run_stats().compiled_kernels_run;
      for (const std::string& name : (*exe)->compiled_nodes()) {
        const Node* node = (*exe)->optimized_graph().FindNode(name);
        if (node != nullptr && node->op() == compiler::kFusionOp &&
            node->def().attr().at(compiler::kFusionKindAttr).s() ==
                compiler::kFusionKindReduction) {
          ++report->fused_reductions;
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace rill::codegen
