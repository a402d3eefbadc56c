// CompileCache: compiles each distinct (graph, feed names/dtypes/shapes, fetches, targets,
// options) once and hands out the same Executable afterwards; a new batch size is a new key and
// compiles a new executable. One cache per variable store (a Session owns one).
#ifndef RILL_COMPILER_COMPILE_CACHE_H_
#define RILL_COMPILER_COMPILE_CACHE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "compiler/compile.h"

namespace rill::compiler {

class CompileCache {
 public:
  // `options` apply to every compile (their `variables` must outlive the cache).
  explicit CompileCache(CompileOptions options = {},
                        const OpRegistry& registry = *OpRegistry::Global())
      : options_(std::move(options)), registry_(registry) {}

  // The executable for (graph, spec), compiling it on first use. A compile error is returned
  // and not cached (a later call retries). The pointer stays valid while the cache lives.
  absl::StatusOr<Executable*> GetOrCompile(const GraphDef& graph, const CompileSpec& spec);

  int64_t hits() const;
  int64_t misses() const;  // == number of compiles attempted
  int64_t size() const;

 private:
  CompileOptions options_;
  const OpRegistry& registry_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<Executable>> cache_ ABSL_GUARDED_BY(mu_);
  int64_t hits_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t misses_ ABSL_GUARDED_BY(mu_) = 0;
};

// The cache key: the graph's deterministic serialisation and the spec, unambiguously encoded.
std::string CompileCacheKey(const GraphDef& graph, const CompileSpec& spec);

}  // namespace rill::compiler

#endif  // RILL_COMPILER_COMPILE_CACHE_H_
