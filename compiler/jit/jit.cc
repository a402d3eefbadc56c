// ORC LLJIT wrapper: verify -> O3 (host TargetMachine) -> native code; the only file that sees
// LLJIT.h and PassBuilder.h.
#include "compiler/jit/jit.h"

#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/jit/llvm_status.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/IRTransformLayer.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/Transforms/Utils/Cloning.h"

namespace rill::jit {
namespace {

// LLVM's target registry is process-global; initialise it exactly once.
void InitializeNativeTargetOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

llvm::OptimizationLevel ToOptimizationLevel(int level) {
  switch (level) {
    case 0: return llvm::OptimizationLevel::O0;
    case 1: return llvm::OptimizationLevel::O1;
    case 2: return llvm::OptimizationLevel::O2;
    default: return llvm::OptimizationLevel::O3;
  }
}

llvm::CodeGenOptLevel ToCodeGenLevel(int level) {
  switch (level) {
    case 0: return llvm::CodeGenOptLevel::None;
    case 1: return llvm::CodeGenOptLevel::Less;
    case 2: return llvm::CodeGenOptLevel::Default;
    default: return llvm::CodeGenOptLevel::Aggressive;
  }
}

std::string ModuleText(const llvm::Module& module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os, nullptr);
  return text;
}

// Runs LLVM's default per-module pipeline at `level`, tuned for `tm` (its TTI drives vectorisation).
void Optimize(llvm::Module& module, llvm::TargetMachine* tm, int level) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = level >= 2;
  tuning.SLPVectorization = level >= 2;
  llvm::PassBuilder pb(tm, tuning);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = level == 0
                                    ? pb.buildO0DefaultPipeline(llvm::OptimizationLevel::O0)
                                    : pb.buildPerModuleDefaultPipeline(ToOptimizationLevel(level));
  mpm.run(module, mam);
}

// The host assembly of an optimised module (for --dump_after=llvm); codegen runs on a clone so
// the JIT's own compile is unaffected.
std::string AssemblyText(const llvm::Module& module, llvm::TargetMachine* tm) {
  std::unique_ptr<llvm::Module> clone = llvm::CloneModule(module);
  llvm::SmallString<0> buffer;
  llvm::raw_svector_ostream os(buffer);
  llvm::legacy::PassManager pm;
  if (tm->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::AssemblyFile)) {
    return "; the target cannot emit assembly\n";
  }
  pm.run(*clone);
  return std::string(buffer.str());
}

}  // namespace

struct Jit::Impl {
  JitOptions options;
  std::unique_ptr<llvm::TargetMachine> target_machine;
  std::unique_ptr<llvm::orc::LLJIT> lljit;
  std::string triple;
  std::string cpu;
  std::string data_layout;
  bool avx2_fma = false;
};

Jit::Jit(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Jit::~Jit() = default;

absl::StatusOr<std::unique_ptr<Jit>> Jit::Create(JitOptions options) {
  if (options.opt_level < 0 || options.opt_level > 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("JitOptions.opt_level must be 0..3, got ", options.opt_level));
  }
  InitializeNativeTargetOnce();
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);

  ASSIGN_OR_RETURN(llvm::orc::JITTargetMachineBuilder jtmb,
                   ToStatusOr(llvm::orc::JITTargetMachineBuilder::detectHost(), "detecting host"));
  jtmb.setCodeGenOptLevel(ToCodeGenLevel(impl->options.opt_level));
  // No fast-math: NaN, infinities and -0.0 must behave as in the reference kernels.
  ASSIGN_OR_RETURN(impl->target_machine,
                   ToStatusOr(jtmb.createTargetMachine(), "creating the host TargetMachine"));
  impl->triple = impl->target_machine->getTargetTriple().str();
  impl->cpu = impl->target_machine->getTargetCPU().str();
  impl->data_layout = impl->target_machine->createDataLayout().getStringRepresentation();
  const llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  auto has = [&](const char* f) {
    auto it = features.find(f);
    return it != features.end() && it->second;
  };
  impl->avx2_fma = has("avx2") && has("fma");

  ASSIGN_OR_RETURN(impl->lljit,
                   ToStatusOr(llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(jtmb).create(),
                              "creating LLJIT"));
  // Generated code may call runtime kernels exported by this process.
  ASSIGN_OR_RETURN(auto generator,
                   ToStatusOr(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
                                  impl->lljit->getDataLayout().getGlobalPrefix()),
                              "opening the process's symbols"));
  impl->lljit->getMainJITDylib().addGenerator(std::move(generator));

  Impl* raw = impl.get();
  impl->lljit->getIRTransformLayer().setTransform(
      [raw](llvm::orc::ThreadSafeModule tsm, llvm::orc::MaterializationResponsibility&)
          -> llvm::Expected<llvm::orc::ThreadSafeModule> {
        tsm.withModuleDo([raw](llvm::Module& m) {
          if (raw->options.ir_dump) raw->options.ir_dump("before-opt", ModuleText(m));
          Optimize(m, raw->target_machine.get(), raw->options.opt_level);
          if (raw->options.ir_dump) {
            raw->options.ir_dump("after-opt", ModuleText(m));
            raw->options.ir_dump("asm", AssemblyText(m, raw->target_machine.get()));
          }
        });
        return tsm;
      });
  return std::unique_ptr<Jit>(new Jit(std::move(impl)));
}

const std::string& Jit::target_triple() const { return impl_->triple; }
const std::string& Jit::cpu_name() const { return impl_->cpu; }
const std::string& Jit::data_layout() const { return impl_->data_layout; }
bool Jit::host_has_avx2_fma() const { return impl_->avx2_fma; }

absl::Status Jit::AddModule(std::unique_ptr<llvm::LLVMContext> context,
                            std::unique_ptr<llvm::Module> module) {
  if (context == nullptr || module == nullptr) {
    return absl::InvalidArgumentError("Jit::AddModule: null context or module");
  }
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*module, &os)) {
    const std::string name = module->getName().str();
    // A Module must die before its LLVMContext.
    module.reset();
    context.reset();
    return absl::InvalidArgumentError(
        absl::StrCat("module '", name, "' fails LLVM's verifier: ", problems));
  }
  module->setTargetTriple(impl_->triple);
  module->setDataLayout(impl_->target_machine->createDataLayout());
  return ToStatus(impl_->lljit->addIRModule(
                      llvm::orc::ThreadSafeModule(std::move(module), std::move(context))),
                  "adding a module to the JIT");
}

absl::Status Jit::DefineSymbols(const std::vector<std::pair<std::string, void*>>& symbols) {
  llvm::orc::SymbolMap map;
  for (const auto& [name, address] : symbols) {
    map[impl_->lljit->mangleAndIntern(name)] = llvm::orc::ExecutorSymbolDef(
        llvm::orc::ExecutorAddr::fromPtr(address), llvm::JITSymbolFlags::Exported |
                                                      llvm::JITSymbolFlags::Callable);
  }
  llvm::Error error =
      impl_->lljit->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(map)));
  if (error) {
    return absl::AlreadyExistsError(
        absl::StrCat("defining JIT symbols: ", llvm::toString(std::move(error))));
  }
  return absl::OkStatus();
}

absl::StatusOr<void*> Jit::Lookup(absl::string_view symbol) {
  llvm::Expected<llvm::orc::ExecutorAddr> addr = impl_->lljit->lookup(
      llvm::StringRef(symbol.data(), symbol.size()));
  if (!addr) {
    return absl::NotFoundError(absl::StrCat("JIT symbol '", symbol,
                                            "' not found: ", llvm::toString(addr.takeError())));
  }
  return addr->toPtr<void*>();
}

}  // namespace rill::jit
