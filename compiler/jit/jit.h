// Jit: compiles LLVM IR modules to native code for the host CPU with ORC LLJIT, after verifying them
// and running LLVM's O3 pipeline with the host TargetMachine (so loops vectorise for AVX2/FMA).
// This header deliberately includes no LLVM header: LLJIT.h and PassBuilder.h are slow to compile.
#ifndef RILL_COMPILER_JIT_JIT_H_
#define RILL_COMPILER_JIT_JIT_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace rill::jit {

struct JitOptions {
  // 0 to 3: LLVM's O0..O3 module pipeline and the matching codegen level.
  int opt_level = 3;
  // Called with each module's IR text before and after optimisation and with its assembly
  // (stages "before-opt", "after-opt", "asm"; for --dump_after=llvm and goldens).
  std::function<void(absl::string_view stage, absl::string_view ir)> ir_dump;
};

// One JIT instance: a process-local dylib that modules are added to and symbols looked up from.
// Generated code may call C functions of the running process (runtime kernels) by name.
class Jit {
 public:
  static absl::StatusOr<std::unique_ptr<Jit>> Create(JitOptions options = {});
  ~Jit();
  Jit(const Jit&) = delete;
  Jit& operator=(const Jit&) = delete;

  // The host's target triple, CPU name and data layout, to stamp on modules before adding them.
  const std::string& target_triple() const;
  const std::string& cpu_name() const;
  const std::string& data_layout() const;
  // True when the host CPU has AVX2 and FMA (what the vectoriser targets here).
  bool host_has_avx2_fma() const;

  // Verifies `module` (InvalidArgument naming the function on a malformed module: Debian's LLVM
  // has assertions off, so unverified IR could crash), optimises it and compiles it.
  absl::Status AddModule(std::unique_ptr<llvm::LLVMContext> context,
                         std::unique_ptr<llvm::Module> module);

  // Makes each (name, address) callable by that name from modules added later (the runtime's
  // C-ABI entry points), without relying on the process exporting them (-rdynamic).
  // AlreadyExists if a name is already defined.
  absl::Status DefineSymbols(const std::vector<std::pair<std::string, void*>>& symbols);

  // The address of `symbol` from an added module; NotFound if no module defines it.
  absl::StatusOr<void*> Lookup(absl::string_view symbol);

 private:
  struct Impl;
  explicit Jit(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rill::jit

#endif  // RILL_COMPILER_JIT_JIT_H_
