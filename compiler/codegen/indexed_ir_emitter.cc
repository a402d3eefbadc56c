// The index-level half of IrEmitterContext (see ops/emitter_context.h): output coordinates,
// index arithmetic, reads of input elements at computed indices and counted loops with
// loop-carried values, all as plain LLVM IR that the O3 pipeline optimises.
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/codegen/ir_emitter_context.h"
#include "compiler/codegen/llvm_types.h"

namespace rill::codegen {
namespace {
const TensorShape& EmptyShape() {
  static const TensorShape* shape = new TensorShape();
  return *shape;
}
}  // namespace

const TensorShape& IrEmitterContext::input_shape(int i) const {
  if (indexed_ == nullptr || i < 0 || i >= static_cast<int>(indexed_->input_shapes.size())) {
    return EmptyShape();
  }
  return indexed_->input_shapes[i];
}

const TensorShape& IrEmitterContext::output_shape() const {
  return indexed_ == nullptr ? EmptyShape() : indexed_->output_shape;
}

const Tensor* IrEmitterContext::constant_input(int i) const {
  if (indexed_ == nullptr || i < 0 || i >= static_cast<int>(indexed_->constants.size())) {
    return nullptr;
  }
  return indexed_->constants[i];
}

IndexValue IrEmitterContext::output_index(int d) {
  if (indexed_ == nullptr) {
    Fail("output_index is only available in a loop emitter");
    return {};
  }
  if (d < 0 || d >= static_cast<int>(indexed_->output_index.size())) {
    Fail(absl::StrCat("output_index(", d, ") out of range for rank ",
                      indexed_->output_index.size()));
    return {};
  }
  return AddIndex(indexed_->output_index[d]);
}

IndexValue IrEmitterContext::Index(int64_t value) { return AddIndex(b_.getInt64(value)); }

IndexValue IrEmitterContext::IndexArith(IndexOp op, IndexValue a, IndexValue c) {
  if (!CheckIndex(a) || !CheckIndex(c)) return {};
  llvm::Value* x = indices_[a.id];
  llvm::Value* y = indices_[c.id];
  switch (op) {
    case IndexOp::kAdd:
      return AddIndex(b_.CreateAdd(x, y));
    case IndexOp::kSub:
      return AddIndex(b_.CreateSub(x, y));
    case IndexOp::kMul:
      return AddIndex(b_.CreateMul(x, y));
    case IndexOp::kDiv:
      return AddIndex(b_.CreateSDiv(x, y));
    case IndexOp::kRem:
      return AddIndex(b_.CreateSRem(x, y));
    case IndexOp::kMin:
      return AddIndex(b_.CreateSelect(b_.CreateICmpSLT(x, y), x, y));
    case IndexOp::kMax:
      return AddIndex(b_.CreateSelect(b_.CreateICmpSGT(x, y), x, y));
  }
  Fail("unknown index op");
  return {};
}

ElemValue IrEmitterContext::IndexCompare(ElemCompare op, IndexValue a, IndexValue c) {
  if (!CheckIndex(a) || !CheckIndex(c)) return {};
  using P = llvm::CmpInst::Predicate;
  static constexpr P kSigned[] = {P::ICMP_EQ, P::ICMP_NE, P::ICMP_SLT,
                                  P::ICMP_SLE, P::ICMP_SGT, P::ICMP_SGE};
  return Add({b_.CreateICmp(kSigned[static_cast<int>(op)], indices_[a.id], indices_[c.id]),
              DT_BOOL});
}

IndexValue IrEmitterContext::IndexSelect(ElemValue condition, IndexValue on_true,
                                         IndexValue on_false) {
  if (!Check(condition) || !CheckIndex(on_true) || !CheckIndex(on_false)) return {};
  if (condition.dtype != DT_BOOL) {
    Fail("IndexSelect's condition must be bool");
    return {};
  }
  return AddIndex(
      b_.CreateSelect(values_[condition.id].value, indices_[on_true.id], indices_[on_false.id]));
}

ElemValue IrEmitterContext::IndexToValue(IndexValue index, DataType dtype) {
  if (!CheckIndex(index)) return {};
  auto type = ValueType(b_.getContext(), dtype);
  if (!type.ok()) return Fail(type.status().message());
  llvm::Value* i = indices_[index.id];
  if (IsFloat(dtype)) return Add({b_.CreateSIToFP(i, *type), dtype});
  if (!IsInteger(dtype)) return Fail("IndexToValue needs a number dtype");
  return Add({b_.CreateIntCast(i, *type, /*isSigned=*/true), dtype});
}

IndexValue IrEmitterContext::ValueToIndex(ElemValue value) {
  if (!Check(value)) return {};
  if (!IsInteger(value.dtype)) {
    Fail("ValueToIndex needs an integer");
    return {};
  }
  return AddIndex(b_.CreateIntCast(values_[value.id].value, b_.getInt64Ty(),
                                   /*isSigned=*/!IsUnsigned(value.dtype)));
}

ElemValue IrEmitterContext::ReadInput(int i, const std::vector<IndexValue>& index) {
  if (indexed_ == nullptr) return Fail("ReadInput is only available in a loop emitter");
  if (i < 0 || i >= static_cast<int>(indexed_->input_shapes.size())) {
    return Fail(absl::StrCat("ReadInput(", i, ") out of range"));
  }
  const TensorShape& shape = indexed_->input_shapes[i];
  if (static_cast<int>(index.size()) != shape.rank()) {
    return Fail(absl::StrCat("ReadInput(", i, ") got ", index.size(), " coordinates for rank ",
                             shape.rank()));
  }
  if (i < static_cast<int>(indexed_->generators.size()) && indexed_->generators[i]) {
    std::vector<llvm::Value*> at;
    for (const IndexValue& v : index) {
      if (!CheckIndex(v)) return {};
      at.push_back(indices_[v.id]);
    }
    absl::StatusOr<TypedValue> element = indexed_->generators[i](at);
    if (!element.ok()) return Fail(element.status().message());
    return Add(*element);
  }
  // Row-major linear offset, Horner style.
  llvm::Value* offset = b_.getInt64(0);
  for (int d = 0; d < shape.rank(); ++d) {
    if (!CheckIndex(index[d])) return {};
    offset = b_.CreateAdd(b_.CreateMul(offset, b_.getInt64(shape.dim(d))), indices_[index[d].id]);
  }
  const DataType dtype = indexed_->input_dtypes[i];
  auto mem = MemoryType(b_.getContext(), dtype);
  if (!mem.ok()) return Fail(mem.status().message());
  return Add({LoadElement(b_, dtype, *mem, indexed_->input_buffers[i], offset), dtype});
}

std::vector<ElemValue> IrEmitterContext::Loop(int64_t extent, const std::vector<ElemValue>& init,
                                              const LoopBody& body) {
  for (const ElemValue& v : init) {
    if (!Check(v)) return std::vector<ElemValue>(init.size());
  }
  if (extent <= 0) return init;
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  llvm::LLVMContext& ctx = b_.getContext();
  llvm::BasicBlock* pre = b_.GetInsertBlock();
  auto* loop = llvm::BasicBlock::Create(ctx, "reduce", fn);
  auto* exit = llvm::BasicBlock::Create(ctx, "reduce_exit", fn);
  b_.CreateBr(loop);
  b_.SetInsertPoint(loop);
  llvm::PHINode* r = b_.CreatePHI(b_.getInt64Ty(), 2, "r");
  r->addIncoming(b_.getInt64(0), pre);
  std::vector<llvm::PHINode*> phis;
  std::vector<ElemValue> acc;
  for (const ElemValue& v : init) {
    llvm::PHINode* phi = b_.CreatePHI(values_[v.id].value->getType(), 2, "acc");
    phi->addIncoming(values_[v.id].value, pre);
    phis.push_back(phi);
    acc.push_back(Add({phi, v.dtype}));
  }
  std::vector<ElemValue> next = body(AddIndex(r), acc);
  if (next.size() != init.size()) {
    Fail(absl::StrCat("Loop body returned ", next.size(), " values for ", init.size()));
    next = acc;
  }
  llvm::BasicBlock* latch = b_.GetInsertBlock();
  std::vector<ElemValue> result;
  for (size_t k = 0; k < next.size(); ++k) {
    if (!Check(next[k]) || next[k].dtype != init[k].dtype) {
      Fail("Loop body changed an accumulator's dtype");
      return std::vector<ElemValue>(init.size());
    }
    phis[k]->addIncoming(values_[next[k].id].value, latch);
  }
  llvm::Value* r_next = b_.CreateAdd(r, b_.getInt64(1), "", true, true);
  r->addIncoming(r_next, latch);
  b_.CreateCondBr(b_.CreateICmpSLT(r_next, b_.getInt64(extent)), loop, exit);
  b_.SetInsertPoint(exit);
  // The latch dominates the exit, so the last iteration's values are usable here.
  for (size_t k = 0; k < next.size(); ++k) result.push_back(next[k]);
  return result;
}

}  // namespace rill::codegen
