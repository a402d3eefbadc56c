// graphtool compile (see compile_command.h).
#include "tools/compile_command.h"

#include <chrono>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "graph/types.h"

namespace rill::tools {

absl::StatusOr<std::vector<compiler::FeedSpec>> ParseFeedSpecs(const std::string& text) {
  std::vector<compiler::FeedSpec> feeds;
  for (absl::string_view entry : absl::StrSplit(text, ';', absl::SkipWhitespace())) {
    const auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat("--feeds entry '", entry, "': ", why,
                                                     " (expected name=dtype[d0,d1,...])"));
    };
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(entry, '=');
    const size_t open = kv.second.find('[');
    if (kv.first.empty() || open == absl::string_view::npos || !absl::EndsWith(kv.second, "]")) {
      return bad("malformed");
    }
    compiler::FeedSpec feed;
    feed.name = std::string(kv.first);
    const std::string dtype =
        absl::StrCat("DT_", absl::AsciiStrToUpper(kv.second.substr(0, open)));
    if (!DataType_Parse(dtype, &feed.dtype) || feed.dtype == DT_INVALID) {
      return bad(absl::StrCat("unknown dtype '", kv.second.substr(0, open), "'"));
    }
    std::vector<int64_t> dims;
    absl::string_view inside = kv.second.substr(open + 1, kv.second.size() - open - 2);
    for (absl::string_view d : absl::StrSplit(inside, ',', absl::SkipWhitespace())) {
      int64_t v = 0;
      if (!absl::SimpleAtoi(d, &v) || v < 0) return bad(absl::StrCat("bad dim '", d, "'"));
      dims.push_back(v);
    }
    absl::StatusOr<TensorShape> shape = TensorShape::Create(dims);
    if (!shape.ok()) return bad(shape.status().message());
    feed.shape = *std::move(shape);
    feeds.push_back(std::move(feed));
  }
  return feeds;
}

namespace {

// 0.5, -1, 1.5, -2, ... (cast to the dtype): deterministic, signed, not all equal.
absl::StatusOr<Tensor> DemoInput(const compiler::FeedSpec& feed) {
  ASSIGN_OR_RETURN(Tensor t, Tensor::Create(feed.dtype, feed.shape));
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    const double v = (i % 2 == 0 ? 1 : -1) * 0.5 * static_cast<double>(i % 7 + 1);
    switch (feed.dtype) {
      case DT_FLOAT:
        t.data<float>()[i] = static_cast<float>(v);
        break;
      case DT_DOUBLE:
        t.data<double>()[i] = v;
        break;
      case DT_INT32:
        t.data<int32_t>()[i] = static_cast<int32_t>(v * 2);
        break;
      case DT_INT64:
        t.data<int64_t>()[i] = static_cast<int64_t>(v * 2);
        break;
      default:
        break;  // zeros
    }
  }
  return t;
}

}  // namespace

absl::Status RunCompileCommand(const GraphDef& graph, const CompileCommandOptions& options,
                               std::ostream& out) {
  compiler::CompileOptions compile;
  compile.opt_level = options.opt_level;
  compile.num_threads = options.num_threads;
  compile.dump_after = options.dump_after;
  compile.dump = [&out](absl::string_view stage, absl::string_view text) {
    out << "=== " << stage << " ===\n" << text << (absl::EndsWith(text, "\n") ? "" : "\n");
  };
  const auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(std::unique_ptr<compiler::Executable> exe,
                   compiler::Compile(graph, {options.feeds, options.fetches, options.targets},
                                     compile));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << "=== lowering ===\n";
  for (const std::string& node : exe->compiled_nodes()) out << "native    " << node << "\n";
  for (const auto& [node, why] : exe->not_lowered()) {
    out << "reference " << node << " (" << why << ")\n";
  }
  if (options.run) {
    std::vector<Tensor> inputs;
    for (const compiler::FeedSpec& feed : options.feeds) {
      ASSIGN_OR_RETURN(Tensor input, DemoInput(feed));
      inputs.push_back(std::move(input));
    }
    ASSIGN_OR_RETURN(std::vector<Tensor> values, exe->Run(inputs, 0));
    out << "=== run ===\n";
    for (size_t i = 0; i < values.size(); ++i) {
      out << options.fetches[i] << " = " << values[i].DebugString(16) << "\n";
    }
  }
  out << "compiled " << exe->optimized_graph().num_nodes() << " nodes: "
      << exe->compiled_nodes().size() << " native kernels in " << exe->clusters().size()
      << " clusters, " << exe->not_lowered().size()
      << " on reference kernels, in " << seconds << " s; arena "
      << exe->buffer_stats().arena_bytes << " bytes for " << exe->buffer_stats().planned_buffers
      << " buffers (" << exe->buffer_stats().unshared_bytes << " without reuse)\n";
  return absl::OkStatus();
}

}  // namespace rill::tools
