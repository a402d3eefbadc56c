// EmitCallKernel: a kernel built from a CallSpec, JIT-compiled with the call_abi.h symbols, passes
// its buffers, words, constant arrays and the thread pool to the entry point, returns the entry
// point's failure code with its details, makes no call for an empty problem, and rejects a spec
// naming a buffer it does not have. CallKernelExtras asks for exactly what the arguments use.
#include "compiler/codegen/call_emitter.h"

#include <cstdint>
#include <memory>
#include <vector>

#include "base/status_matchers.h"
#include "compiler/codegen/call_abi.h"
#include "compiler/jit/jit.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "runtime/thread_pool.h"

namespace rill::codegen {
namespace {

using ::rill::testing::StatusIs;
using ::testing::HasSubstr;

using Entry = int32_t (*)(void** buffers);

// The kernels of some CallSpecs, JIT-compiled in one module.
struct Compiled {
  std::unique_ptr<jit::Jit> jit;
  std::vector<EmittedKernel> emitted;
  std::vector<Entry> entries;  // one per spec when every step succeeded, else empty
};

Compiled Compile(const std::vector<CallSpec>& specs) {
  Compiled c;
  auto ctx = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("calls", *ctx);
  for (const CallSpec& spec : specs) {
    absl::StatusOr<EmittedKernel> kernel = EmitCallKernel(spec, *module);
    EXPECT_OK(kernel.status());
    if (!kernel.ok()) return c;
    c.emitted.push_back(*kernel);
  }
  absl::StatusOr<std::unique_ptr<jit::Jit>> created = jit::Jit::Create();
  EXPECT_OK(created.status());
  if (!created.ok()) return c;
  c.jit = *std::move(created);
  EXPECT_OK(c.jit->DefineSymbols(CallSymbols()));
  module->setTargetTriple(c.jit->target_triple());
  module->setDataLayout(c.jit->data_layout());
  absl::Status added = c.jit->AddModule(std::move(ctx), std::move(module));
  EXPECT_OK(added);
  if (!added.ok()) return c;
  std::vector<Entry> entries;
  for (const CallSpec& spec : specs) {
    absl::StatusOr<void*> address = c.jit->Lookup(spec.symbol);
    EXPECT_OK(address.status());
    if (!address.ok()) return c;
    entries.push_back(reinterpret_cast<Entry>(*address));
  }
  c.entries = std::move(entries);
  return c;
}

TEST(CallEmitterTest, VoidEntryGetsBuffersWordsAndThePool) {
  // Column sums of a [3, 2] matrix, on the shared pool.
  CallSpec spec;
  spec.symbol = "sums";
  spec.entry = "rill_rt_column_sums";
  spec.inputs = {{DT_FLOAT, TensorShape({3, 2})}};
  spec.outputs = {{DT_FLOAT, TensorShape({2})}};
  spec.args = {CallArg::Int64(3), CallArg::Int64(2), CallArg::Input(0), CallArg::Output(0),
               CallArg::ThreadPool()};
  spec.thread_pool = runtime::SharedThreadPool(2);
  const Compiled c = Compile({spec});
  ASSERT_EQ(c.entries.size(), 1u);
  EXPECT_TRUE(c.emitted[0].failure_messages.empty());
  std::vector<float> x = {1, 2, 3, 4, 5, 6}, sums(2, -1);
  void* buffers[] = {x.data(), sums.data()};
  EXPECT_EQ(c.entries[0](buffers), 0);
  EXPECT_EQ(sums, (std::vector<float>{9, 12}));
  const KernelExtras extras = CallKernelExtras(spec);
  EXPECT_TRUE(extras.more_outputs.empty());
  EXPECT_FALSE(extras.runtime_words);
  EXPECT_FALSE(extras.failure_details);
}

TEST(CallEmitterTest, CodeEntryReturnsItsFailureCodeWithDetails) {
  // RandomUniformInt over [lo, hi): the key buffer follows the outputs, then the details.
  CallSpec spec;
  spec.symbol = "ints";
  spec.entry = "rill_rt_random_int";
  spec.inputs = {
      {DT_INT32, TensorShape({1})}, {DT_INT32, TensorShape({})}, {DT_INT32, TensorShape({})}};
  spec.outputs = {{DT_INT32, TensorShape({5})}, {DT_INT32, TensorShape({2, 3})}};
  spec.args = {CallArg::Int32(0),         CallArg::RuntimeWords(), CallArg::Int64(5),
               CallArg::Input(1),         CallArg::Input(2),       CallArg::Output(0),
               CallArg::FailureDetails(), CallArg::ThreadPool()};
  spec.returns_code = true;
  spec.failure_message = "node ints: need minval < maxval: $0 >= $1";
  spec.runtime_words = [](const KernelContext&) -> absl::StatusOr<std::vector<uint64_t>> {
    return std::vector<uint64_t>{1, 2, 3};
  };
  CallSpec empty = spec;
  empty.symbol = "empty";
  empty.has_work = false;
  const Compiled c = Compile({spec, empty});
  ASSERT_EQ(c.entries.size(), 2u);
  ASSERT_EQ(c.emitted[0].failure_messages.size(), 1u);
  EXPECT_EQ(c.emitted[0].failure_messages[0], spec.failure_message);
  int32_t shape = 5, lo = 10, hi = 3;
  std::vector<int32_t> out(5, -1), out1(6);
  uint64_t key[kRandomKeySize] = {1, 2, 3};
  int64_t details[kFailureDetailsSize] = {0, 0};
  void* buffers[] = {&shape, &lo, &hi, out.data(), out1.data(), key, details};
  EXPECT_EQ(c.entries[0](buffers), 1);
  EXPECT_EQ(details[0], 10);
  EXPECT_EQ(details[1], 3);
  // A valid range fills the output from the key; the empty problem makes no call.
  hi = 20;
  EXPECT_EQ(c.entries[0](buffers), 0);
  for (int32_t v : out) {
    EXPECT_GE(v, 10);
    EXPECT_LT(v, 20);
  }
  hi = 3;
  EXPECT_EQ(c.entries[1](buffers), 0);
  const KernelExtras extras = CallKernelExtras(spec);
  ASSERT_EQ(extras.more_outputs.size(), 1u);
  EXPECT_EQ(extras.more_outputs[0], TensorShape({2, 3}));
  EXPECT_TRUE(extras.runtime_words);
  EXPECT_TRUE(extras.failure_details);
}

TEST(CallEmitterTest, ConstantArraysAndNullOperandsReachTheEntryPoint) {
  // A max pool of a [1, 2, 2, 1] input with a 2x2 window: its geometry is a constant array.
  CallSpec spec;
  spec.symbol = "pool";
  spec.entry = "rill_rt_max_pool";
  spec.inputs = {{DT_FLOAT, TensorShape({1, 2, 2, 1})}};
  spec.outputs = {{DT_FLOAT, TensorShape({1, 1, 1, 1})}};
  // batch, in_h, in_w, channels, window_h, window_w, stride_h, stride_w, out_h, out_w, pads.
  spec.args = {CallArg::Int64Array({1, 2, 2, 1, 2, 2, 2, 2, 1, 1, 0, 0}), CallArg::Input(0),
               CallArg::Output(0), CallArg::Null()};
  const Compiled c = Compile({spec});
  ASSERT_EQ(c.entries.size(), 1u);
  std::vector<float> x = {3, -1, 7, 2};
  float y = 0;
  void* buffers[] = {x.data(), &y};
  EXPECT_EQ(c.entries[0](buffers), 0);
  EXPECT_EQ(y, 7);
}

TEST(CallEmitterTest, AMissingBufferIsAnError) {
  llvm::LLVMContext ctx;
  llvm::Module module("calls", ctx);
  CallSpec spec;
  spec.symbol = "bad";
  spec.entry = "rill_rt_column_sums";
  spec.inputs = {{DT_FLOAT, TensorShape({2})}};
  spec.outputs = {{DT_FLOAT, TensorShape({1})}};
  spec.args = {CallArg::Int64(1), CallArg::Int64(2), CallArg::Input(1), CallArg::Output(0),
               CallArg::Null()};
  EXPECT_THAT(EmitCallKernel(spec, module),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("input 1 of 1")));
  spec.args[2] = CallArg::Input(0);
  spec.args[3] = CallArg::Output(1);
  EXPECT_THAT(EmitCallKernel(spec, module),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("output 1 of 1")));
  spec.outputs.clear();
  EXPECT_THAT(EmitCallKernel(spec, module),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no output")));
  EXPECT_EQ(module.getFunction("bad"), nullptr);
}

}  // namespace
}  // namespace rill::codegen
