#include "compiler/jit/jit.h"

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "base/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

namespace rill::jit {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

// void saxpy(float* y, const float* x, float a, i64 n): y[i] = a * x[i] + y[i], as a plain loop
// (the vectoriser's job is to turn it into <8 x float> code on AVX2).
std::unique_ptr<llvm::Module> BuildSaxpy(llvm::LLVMContext& ctx) {
  auto m = std::make_unique<llvm::Module>("saxpy_module", ctx);
  llvm::IRBuilder<> b(ctx);
  llvm::Type* f32 = b.getFloatTy();
  llvm::Type* i64 = b.getInt64Ty();
  llvm::Type* ptr = b.getPtrTy();
  auto* fn = llvm::Function::Create(llvm::FunctionType::get(b.getVoidTy(), {ptr, ptr, f32, i64}, false),
                                    llvm::Function::ExternalLinkage, "saxpy", m.get());
  fn->addParamAttr(0, llvm::Attribute::NoAlias);
  fn->addParamAttr(1, llvm::Attribute::NoAlias);
  llvm::Value* y = fn->getArg(0);
  llvm::Value* x = fn->getArg(1);
  llvm::Value* a = fn->getArg(2);
  llvm::Value* n = fn->getArg(3);
  auto* entry = llvm::BasicBlock::Create(ctx, "entry", fn);
  auto* loop = llvm::BasicBlock::Create(ctx, "loop", fn);
  auto* exit = llvm::BasicBlock::Create(ctx, "exit", fn);
  b.SetInsertPoint(entry);
  b.CreateCondBr(b.CreateICmpSGT(n, b.getInt64(0)), loop, exit);
  b.SetInsertPoint(loop);
  llvm::PHINode* i = b.CreatePHI(i64, 2, "i");
  i->addIncoming(b.getInt64(0), entry);
  llvm::Value* xp = b.CreateInBoundsGEP(f32, x, i);
  llvm::Value* yp = b.CreateInBoundsGEP(f32, y, i);
  llvm::Value* v = b.CreateFAdd(b.CreateFMul(a, b.CreateLoad(f32, xp)), b.CreateLoad(f32, yp));
  b.CreateStore(v, yp);
  llvm::Value* next = b.CreateAdd(i, b.getInt64(1), "next", /*HasNUW=*/true, /*HasNSW=*/true);
  i->addIncoming(next, loop);
  b.CreateCondBr(b.CreateICmpSLT(next, n), loop, exit);
  b.SetInsertPoint(exit);
  b.CreateRetVoid();
  return m;
}

TEST(JitTest, CompilesVerifiedIrAndRunsItBitExactly) {
  std::string optimized;
  ASSERT_OK_AND_ASSIGN(auto jit, Jit::Create({.opt_level = 3,
                                              .ir_dump = [&](absl::string_view stage,
                                                             absl::string_view ir) {
                                                if (stage == "after-opt") optimized = std::string(ir);
                                              }}));
  EXPECT_THAT(jit->target_triple(), HasSubstr("x86_64"));
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto module = BuildSaxpy(*ctx);
  ASSERT_OK(jit->AddModule(std::move(ctx), std::move(module)));
  ASSERT_OK_AND_ASSIGN(void* addr, jit->Lookup("saxpy"));
  auto saxpy = reinterpret_cast<void (*)(float*, const float*, float, int64_t)>(addr);

  // Awkward length (not a multiple of the vector width), with NaN, infinities and -0.0.
  const int64_t n = 1023;
  std::vector<float> x(n), y(n), expected(n);
  for (int64_t k = 0; k < n; ++k) {
    x[k] = 0.25f * static_cast<float>(k % 17) - 1.5f;
    y[k] = static_cast<float>(k) / 7.0f;
  }
  x[3] = std::numeric_limits<float>::quiet_NaN();
  x[5] = std::numeric_limits<float>::infinity();
  y[8] = -0.0f;
  x[8] = 0.0f;
  // The reference rounds the product and the sum separately, as IEEE does without contraction.
  for (int64_t k = 0; k < n; ++k) {
    volatile float product = 2.5f * x[k];
    expected[k] = product + y[k];
  }
  saxpy(y.data(), x.data(), 2.5f, n);
  for (int64_t k = 0; k < n; ++k) {
    if (std::isnan(expected[k])) {
      EXPECT_TRUE(std::isnan(y[k])) << k;
    } else {
      EXPECT_EQ(y[k], expected[k]) << k;
      EXPECT_EQ(std::signbit(y[k]), std::signbit(expected[k])) << k;
    }
  }
  // The O3 pipeline with the host TargetMachine vectorised the loop.
  if (jit->host_has_avx2_fma()) {
    EXPECT_THAT(optimized, HasSubstr("<8 x float>"));
  }
  // Without fast-math, LLVM may not contract a*x+y into an FMA (results would differ).
  EXPECT_THAT(optimized, ::testing::Not(HasSubstr("llvm.fma")));
  EXPECT_THAT(optimized, ::testing::Not(HasSubstr("fast")));
}

TEST(JitTest, RejectsAModuleTheVerifierRejects) {
  ASSERT_OK_AND_ASSIGN(auto jit, Jit::Create());
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto m = std::make_unique<llvm::Module>("broken", *ctx);
  llvm::IRBuilder<> b(*ctx);
  auto* fn = llvm::Function::Create(llvm::FunctionType::get(b.getInt32Ty(), false),
                                    llvm::Function::ExternalLinkage, "no_terminator", m.get());
  b.SetInsertPoint(llvm::BasicBlock::Create(*ctx, "entry", fn));
  b.getInt32(1);  // a block without a terminator is invalid IR
  EXPECT_THAT(jit->AddModule(std::move(ctx), std::move(m)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("fails LLVM's verifier")));
}

TEST(JitTest, UnknownSymbolIsNotFoundAndBadOptionsAreRejected) {
  ASSERT_OK_AND_ASSIGN(auto jit, Jit::Create({.opt_level = 0}));
  EXPECT_THAT(jit->Lookup("no_such_function"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no_such_function")));
  EXPECT_THAT(Jit::Create({.opt_level = 7}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("opt_level")));
}

// A host function the generated code calls by name through DefineSymbols.
extern "C" int64_t RillJitTestTriple(int64_t x) { return 3 * x; }

TEST(JitTest, GeneratedCodeCallsADefinedSymbolByName) {
  ASSERT_OK_AND_ASSIGN(auto jit, Jit::Create());
  ASSERT_OK(jit->DefineSymbols(
      {{"rill_test_triple", reinterpret_cast<void*>(&RillJitTestTriple)}}));
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto m = std::make_unique<llvm::Module>("caller", *ctx);
  llvm::IRBuilder<> b(*ctx);
  auto* i64 = b.getInt64Ty();
  llvm::FunctionCallee callee =
      m->getOrInsertFunction("rill_test_triple", llvm::FunctionType::get(i64, {i64}, false));
  auto* fn = llvm::Function::Create(llvm::FunctionType::get(i64, {i64}, false),
                                    llvm::Function::ExternalLinkage, "call_it", m.get());
  b.SetInsertPoint(llvm::BasicBlock::Create(*ctx, "entry", fn));
  b.CreateRet(b.CreateAdd(b.CreateCall(callee, {fn->getArg(0)}), b.getInt64(1)));
  ASSERT_OK(jit->AddModule(std::move(ctx), std::move(m)));
  ASSERT_OK_AND_ASSIGN(void* addr, jit->Lookup("call_it"));
  EXPECT_EQ(reinterpret_cast<int64_t (*)(int64_t)>(addr)(14), 43);
  // Defining the same name twice is an error, not a silent replacement.
  EXPECT_THAT(jit->DefineSymbols({{"rill_test_triple", reinterpret_cast<void*>(&RillJitTestTriple)}}),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("rill_test_triple")));
}

}  // namespace
}  // namespace rill::jit
