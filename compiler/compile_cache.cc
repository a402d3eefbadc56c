// CompileCache (see compile_cache.h). Compiles happen under the lock: two threads asking for the
// same new plan compile it once.
#include "compiler/compile_cache.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/graph_io.h"

namespace rill::compiler {
namespace {

// Length-prefixed, so no two different specs encode alike.
void AppendField(std::string* key, absl::string_view field) {
  absl::StrAppend(key, field.size(), ":", field, ";");
}

}  // namespace

std::string CompileCacheKey(const GraphDef& graph, const CompileSpec& spec) {
  std::string key;
  AppendField(&key, SerializeDeterministic(graph));
  absl::StrAppend(&key, "feeds", spec.feeds.size(), ";");
  for (const FeedSpec& feed : spec.feeds) {
    AppendField(&key, feed.name);
    absl::StrAppend(&key, static_cast<int>(feed.dtype), feed.shape.DebugString(), ";");
  }
  absl::StrAppend(&key, "fetches", spec.fetches.size(), ";");
  for (const std::string& f : spec.fetches) AppendField(&key, f);
  absl::StrAppend(&key, "targets", spec.targets.size(), ";");
  for (const std::string& t : spec.targets) AppendField(&key, t);
  return key;
}

absl::StatusOr<Executable*> CompileCache::GetOrCompile(const GraphDef& graph,
                                                       const CompileSpec& spec) {
  std::string key = CompileCacheKey(graph, spec);
  absl::MutexLock lock(&mu_);
  if (auto it = cache_.find(key); it != cache_.end()) {
    ++hits_;
    return it->second.get();
  }
  ++misses_;
  ASSIGN_OR_RETURN(std::unique_ptr<Executable> exe, Compile(graph, spec, options_, registry_));
  Executable* raw = exe.get();
  cache_.emplace(std::move(key), std::move(exe));
  return raw;
}

int64_t CompileCache::hits() const {
  absl::MutexLock lock(&mu_);
  return hits_;
}

int64_t CompileCache::misses() const {
  absl::MutexLock lock(&mu_);
  return misses_;
}

int64_t CompileCache::size() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int64_t>(cache_.size());
}

}  // namespace rill::compiler
