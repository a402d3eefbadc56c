// IrEmitterContext: the IRBuilder implementation of EmitterContext. Every scalar operation maps to
// the LLVM instruction or libm call with exactly the C++ reference kernel's semantics (no fast-math
// flags). Header-only so that kernel emitters can extend it (indexed_ir_emitter for index-level
// emitters); include it only from compiler/codegen.
#ifndef RILL_COMPILER_CODEGEN_IR_EMITTER_CONTEXT_H_
#define RILL_COMPILER_CODEGEN_IR_EMITTER_CONTEXT_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "compiler/codegen/elemental_ir_emitter.h"
#include "compiler/codegen/llvm_types.h"
#include "graph/types.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"
#include "ops/emitter_context.h"

namespace rill::codegen {

class IrEmitterContext : public EmitterContext {
 public:
  IrEmitterContext(llvm::IRBuilder<>& b, const OpRegistration& op, const std::string& node_name,
                   const AttrSlice& attrs, const std::vector<TypedValue>& inputs,
                   const std::vector<DataType>& output_dtypes, FailureSlot* failures)
      : b_(b),
        op_(op),
        node_name_(node_name),
        attrs_(attrs),
        output_dtypes_(output_dtypes),
        outputs_(output_dtypes.size()),
        failures_(failures) {
    for (const TypedValue& in : inputs) inputs_.push_back(Add(in));
  }

  const std::string& node_name() const override { return node_name_; }
  const AttrSlice& attrs() const override { return attrs_; }
  int num_inputs() const override {
    return static_cast<int>(indexed_ != nullptr ? indexed_->input_shapes.size() : inputs_.size());
  }
  ElemValue input(int i) override {
    if (indexed_ != nullptr) return Fail("input(i) is not available in a loop emitter: ReadInput");
    if (i < 0 || i >= num_inputs()) return Fail(absl::StrCat("input(", i, ") out of range"));
    return inputs_[i];
  }
  DataType output_dtype(int i) const override {
    return i >= 0 && i < static_cast<int>(output_dtypes_.size()) ? output_dtypes_[i] : DT_INVALID;
  }
  void set_output(int i, ElemValue value) override {
    if (i < 0 || i >= static_cast<int>(outputs_.size())) {
      Fail(absl::StrCat("set_output(", i, ") out of range"));
      return;
    }
    if (!Check(value) || value.dtype != output_dtypes_[i]) {
      Fail(absl::StrCat("output ", i, " must be ", DataTypeString(output_dtypes_[i]), ", got ",
                        DataTypeString(value.dtype)));
      return;
    }
    outputs_[i] = value;
  }

  ElemValue Constant(DataType dtype, double value) override {
    auto type = ValueType(b_.getContext(), dtype);
    if (!type.ok()) return Fail(type.status().message());
    if (IsFloat(dtype)) return Add({llvm::ConstantFP::get(*type, value), dtype});
    if (dtype == DT_BOOL) return Add({b_.getInt1(value != 0), dtype});
    return Add({llvm::ConstantInt::get(*type, static_cast<uint64_t>(static_cast<int64_t>(value)),
                                       /*IsSigned=*/!IsUnsigned(dtype)),
                dtype});
  }

  ElemValue Unary(ElemUnaryOp op, ElemValue x) override {
    if (!Check(x)) return {};
    llvm::Value* v = values_[x.id].value;
    const DataType t = x.dtype;
    const bool fp = IsFloat(t);
    auto need = [&](bool ok, const char* what) { return ok ? true : (Fail(what), false); };
    switch (op) {
      case ElemUnaryOp::kNeg:
        if (!need(fp || IsInteger(t), "Neg needs a number")) return {};
        return Add({fp ? b_.CreateFNeg(v) : b_.CreateNeg(v), t});
      case ElemUnaryOp::kAbs:
        if (fp) return Add({CallIntrinsic(llvm::Intrinsic::fabs, v), t});
        if (!need(IsInteger(t), "Abs needs a number")) return {};
        if (IsUnsigned(t)) return Add({v, t});
        return Add({b_.CreateSelect(b_.CreateICmpSLT(v, Zero(v)), b_.CreateNeg(v), v), t});
      case ElemUnaryOp::kExp:
        if (!need(fp, "Exp needs a float")) return {};
        return Add({CallIntrinsic(llvm::Intrinsic::exp, v), t});
      case ElemUnaryOp::kLog:
        if (!need(fp, "Log needs a float")) return {};
        return Add({CallIntrinsic(llvm::Intrinsic::log, v), t});
      case ElemUnaryOp::kSqrt:
        if (!need(fp, "Sqrt needs a float")) return {};
        return Add({CallIntrinsic(llvm::Intrinsic::sqrt, v), t});
      case ElemUnaryOp::kFloor:
        if (!need(fp, "Floor needs a float")) return {};
        return Add({CallIntrinsic(llvm::Intrinsic::floor, v), t});
      case ElemUnaryOp::kExpm1:
        if (!need(fp, "Expm1 needs a float")) return {};
        return Add({LibmCall("expm1", v), t});
      case ElemUnaryOp::kLog1p:
        if (!need(fp, "Log1p needs a float")) return {};
        return Add({LibmCall("log1p", v), t});
      case ElemUnaryOp::kTanh:
        if (!need(fp, "Tanh needs a float")) return {};
        return Add({LibmCall("tanh", v), t});
      case ElemUnaryOp::kIsNan:
        if (!need(fp, "IsNan needs a float")) return {};
        return Add({b_.CreateFCmpUNO(v, v), DT_BOOL});
      case ElemUnaryOp::kLogicalNot:
        if (!need(t == DT_BOOL, "LogicalNot needs a bool")) return {};
        return Add({b_.CreateNot(v), t});
    }
    return Fail("unknown unary op");
  }

  ElemValue Binary(ElemBinaryOp op, ElemValue x, ElemValue y) override {
    if (!Check(x) || !Check(y)) return {};
    if (x.dtype != y.dtype) {
      return Fail(absl::StrCat("binary operands differ: ", DataTypeString(x.dtype), " vs ",
                               DataTypeString(y.dtype)));
    }
    llvm::Value* a = values_[x.id].value;
    llvm::Value* c = values_[y.id].value;
    const DataType t = x.dtype;
    const bool fp = IsFloat(t);
    const bool uns = IsUnsigned(t);
    if (t == DT_BOOL) {
      if (op == ElemBinaryOp::kLogicalAnd) return Add({b_.CreateAnd(a, c), t});
      if (op == ElemBinaryOp::kLogicalOr) return Add({b_.CreateOr(a, c), t});
      return Fail("arithmetic on bool");
    }
    if (!fp && !IsInteger(t)) return Fail("Binary needs numbers");
    switch (op) {
      case ElemBinaryOp::kAdd:
        return Add({fp ? b_.CreateFAdd(a, c) : b_.CreateAdd(a, c), t});
      case ElemBinaryOp::kSub:
        return Add({fp ? b_.CreateFSub(a, c) : b_.CreateSub(a, c), t});
      case ElemBinaryOp::kMul:
        return Add({fp ? b_.CreateFMul(a, c) : b_.CreateMul(a, c), t});
      case ElemBinaryOp::kDiv:
        if (fp) return Add({b_.CreateFDiv(a, c), t});
        return Add({uns ? b_.CreateUDiv(a, c) : b_.CreateSDiv(a, c), t});
      case ElemBinaryOp::kRem:
        if (fp) return Add({b_.CreateFRem(a, c), t});
        return Add({uns ? b_.CreateURem(a, c) : b_.CreateSRem(a, c), t});
      case ElemBinaryOp::kPow:
        if (!fp) return Fail("Pow needs floats");
        return Add({CallIntrinsic(llvm::Intrinsic::pow, a, c), t});
      case ElemBinaryOp::kLogicalAnd:
      case ElemBinaryOp::kLogicalOr:
        return Fail("logical op on non-bool");
    }
    return Fail("unknown binary op");
  }

  ElemValue Compare(ElemCompare op, ElemValue x, ElemValue y) override {
    if (!Check(x) || !Check(y)) return {};
    if (x.dtype != y.dtype) return Fail("compared operands differ in dtype");
    llvm::Value* a = values_[x.id].value;
    llvm::Value* c = values_[y.id].value;
    if (IsFloat(x.dtype)) {
      using P = llvm::CmpInst::Predicate;
      static constexpr P kFloat[] = {P::FCMP_OEQ, P::FCMP_UNE, P::FCMP_OLT,
                                     P::FCMP_OLE, P::FCMP_OGT, P::FCMP_OGE};
      return Add({b_.CreateFCmp(kFloat[static_cast<int>(op)], a, c), DT_BOOL});
    }
    using P = llvm::CmpInst::Predicate;
    const bool uns = IsUnsigned(x.dtype) || x.dtype == DT_BOOL;
    static constexpr P kSigned[] = {P::ICMP_EQ, P::ICMP_NE, P::ICMP_SLT,
                                    P::ICMP_SLE, P::ICMP_SGT, P::ICMP_SGE};
    static constexpr P kUnsigned[] = {P::ICMP_EQ, P::ICMP_NE, P::ICMP_ULT,
                                      P::ICMP_ULE, P::ICMP_UGT, P::ICMP_UGE};
    return Add({b_.CreateICmp((uns ? kUnsigned : kSigned)[static_cast<int>(op)], a, c), DT_BOOL});
  }

  ElemValue Select(ElemValue condition, ElemValue on_true, ElemValue on_false) override {
    if (!Check(condition) || !Check(on_true) || !Check(on_false)) return {};
    if (condition.dtype != DT_BOOL) return Fail("Select's condition must be bool");
    if (on_true.dtype != on_false.dtype) return Fail("Select's branches differ in dtype");
    return Add({b_.CreateSelect(values_[condition.id].value, values_[on_true.id].value,
                                values_[on_false.id].value),
                on_true.dtype});
  }

  ElemValue Cast(ElemValue x, DataType to) override {
    if (!Check(x)) return {};
    auto type = ValueType(b_.getContext(), to);
    if (!type.ok()) return Fail(type.status().message());
    llvm::Value* v = values_[x.id].value;
    const DataType from = x.dtype;
    if (from == to) return x;
    if (to == DT_BOOL) {
      if (IsFloat(from)) return Add({b_.CreateFCmpUNE(v, Zero(v)), to});
      return Add({b_.CreateICmpNE(v, Zero(v)), to});
    }
    if (from == DT_BOOL) {
      if (IsFloat(to)) return Add({b_.CreateUIToFP(v, *type), to});
      return Add({b_.CreateZExt(v, *type), to});
    }
    if (IsFloat(from) && IsFloat(to)) return Add({b_.CreateFPCast(v, *type), to});
    if (IsFloat(from)) {
      // fpto[su]i.sat: truncation toward zero, saturation, NaN -> 0 (the Cast kernel's rule).
      const auto id = IsUnsigned(to) ? llvm::Intrinsic::fptoui_sat : llvm::Intrinsic::fptosi_sat;
      return Add({b_.CreateIntrinsic(id, {*type, v->getType()}, {v}), to});
    }
    if (IsFloat(to)) {
      return Add({IsUnsigned(from) ? b_.CreateUIToFP(v, *type) : b_.CreateSIToFP(v, *type), to});
    }
    return Add({b_.CreateIntCast(v, *type, /*isSigned=*/!IsUnsigned(from)), to});
  }

  void FailIf(ElemValue condition, const std::string& message) override {
    if (!Check(condition)) return;
    if (condition.dtype != DT_BOOL) {
      Fail("FailIf needs a bool condition");
      return;
    }
    if (failures_ == nullptr) {
      Fail("FailIf used where the kernel cannot fail");
      return;
    }
    const int code = failures_->Add(
        absl::StrCat("node '", node_name_, "' (", op_.name(), "): ", message));
    // Keep the first failure: slot = (slot == 0 && condition) ? code : slot.
    llvm::Value* slot = b_.CreateLoad(b_.getInt32Ty(), failures_->slot());
    llvm::Value* take = b_.CreateAnd(b_.CreateICmpEQ(slot, b_.getInt32(0)),
                                     values_[condition.id].value);
    b_.CreateStore(b_.CreateSelect(take, b_.getInt32(code), slot), failures_->slot());
  }

  void UpdateRef(int input, ElemValue value) override {
    if (!in_place_) {
      Fail("UpdateRef is only available to stateful in-place ops");
      return;
    }
    if (input < 0 || input >= num_inputs() || !Check(value) ||
        value.dtype != values_[inputs_[input].id].dtype) {
      Fail(absl::StrCat("UpdateRef(", input, ") with a bad input or dtype"));
      return;
    }
    ref_updates_.emplace_back(input, values_[value.id]);
  }
  // In-place mode: outputs are not required, ref updates are collected.
  void set_in_place(bool in_place) { in_place_ = in_place; }
  const std::vector<std::pair<int, TypedValue>>& ref_updates() const { return ref_updates_; }

  // What index-level emission needs (indexed_ir_emitter.cc); absent for element-wise ops.
  struct IndexedState {
    std::vector<TensorShape> input_shapes;
    std::vector<DataType> input_dtypes;
    std::vector<llvm::Value*> input_buffers;
    std::vector<const Tensor*> constants;  // null where not constant
    TensorShape output_shape;
    std::vector<llvm::Value*> output_index;  // i64, one per output dim
    // Per input (or empty): a producer fused into this op. When set, ReadInput(i, index) emits
    // the producer's element at `index` (one i64 per dim of input_shapes[i]) instead of a load,
    // and input_buffers[i] is unused.
    std::vector<std::function<absl::StatusOr<TypedValue>(const std::vector<llvm::Value*>&)>>
        generators;
  };
  void set_indexed(IndexedState* state) { indexed_ = state; }

  const TensorShape& input_shape(int i) const override;
  const TensorShape& output_shape() const override;
  const Tensor* constant_input(int i) const override;
  IndexValue output_index(int d) override;
  IndexValue Index(int64_t value) override;
  IndexValue IndexArith(IndexOp op, IndexValue a, IndexValue b) override;
  ElemValue IndexCompare(ElemCompare op, IndexValue a, IndexValue b) override;
  IndexValue IndexSelect(ElemValue condition, IndexValue on_true, IndexValue on_false) override;
  ElemValue IndexToValue(IndexValue index, DataType dtype) override;
  IndexValue ValueToIndex(ElemValue value) override;
  ElemValue ReadInput(int i, const std::vector<IndexValue>& index) override;
  std::vector<ElemValue> Loop(int64_t extent, const std::vector<ElemValue>& init,
                              const LoopBody& body) override;

  absl::StatusOr<std::vector<TypedValue>> Finish() {
    if (!error_.empty()) {
      return absl::InternalError(absl::StrCat("node '", node_name_, "' (", op_.name(),
                                              "): element emitter: ", error_));
    }
    std::vector<TypedValue> out;
    if (in_place_) {
      if (ref_updates_.empty()) {
        return absl::InternalError(absl::StrCat("node '", node_name_, "' (", op_.name(),
                                                "): in-place emitter updated no ref input"));
      }
      return out;
    }
    for (size_t i = 0; i < outputs_.size(); ++i) {
      if (!outputs_[i].valid()) {
        return absl::InternalError(absl::StrCat("node '", node_name_, "' (", op_.name(),
                                                "): element emitter did not set output ", i));
      }
      out.push_back(values_[outputs_[i].id]);
    }
    return out;
  }

 protected:
  IndexValue AddIndex(llvm::Value* v) {
    indices_.push_back(v);
    return {static_cast<int>(indices_.size()) - 1};
  }
  bool CheckIndex(IndexValue v) {
    if (v.valid() && v.id < static_cast<int>(indices_.size())) return true;
    Fail("use of an invalid index");
    return false;
  }
  ElemValue Add(TypedValue v) {
    values_.push_back(v);
    return {static_cast<int>(values_.size()) - 1, v.dtype};
  }
  ElemValue Fail(absl::string_view message) {
    if (error_.empty()) error_ = std::string(message);
    return {};
  }
  bool Check(ElemValue v) {
    if (v.valid() && v.id < static_cast<int>(values_.size())) return true;
    Fail("use of an invalid value");
    return false;
  }
  llvm::Value* Zero(llvm::Value* like) { return llvm::Constant::getNullValue(like->getType()); }
  llvm::Value* CallIntrinsic(llvm::Intrinsic::ID id, llvm::Value* a, llvm::Value* c = nullptr) {
    if (c == nullptr) return b_.CreateUnaryIntrinsic(id, a);
    return b_.CreateBinaryIntrinsic(id, a, c);
  }
  // expm1/log1p/tanh: the same libm entry points the reference kernel's std:: calls reach.
  llvm::Value* LibmCall(const std::string& base, llvm::Value* v) {
    const bool f32 = v->getType()->isFloatTy();
    llvm::Module* m = b_.GetInsertBlock()->getModule();
    llvm::FunctionCallee fn = m->getOrInsertFunction(
        f32 ? base + "f" : base, llvm::FunctionType::get(v->getType(), {v->getType()}, false));
    if (auto* f = llvm::dyn_cast<llvm::Function>(fn.getCallee())) {
      f->setDoesNotThrow();
      f->setOnlyAccessesInaccessibleMemory();  // errno only
      f->setWillReturn();
    }
    return b_.CreateCall(fn, {v});
  }

  llvm::IRBuilder<>& b_;
  const OpRegistration& op_;
  const std::string& node_name_;
  const AttrSlice& attrs_;
  std::vector<DataType> output_dtypes_;
  std::vector<ElemValue> inputs_;
  std::vector<ElemValue> outputs_;
  std::vector<TypedValue> values_;
  FailureSlot* failures_;
  std::string error_;
  IndexedState* indexed_ = nullptr;
  std::vector<llvm::Value*> indices_;
  bool in_place_ = false;
  std::vector<std::pair<int, TypedValue>> ref_updates_;
};


}  // namespace rill::codegen

#endif  // RILL_COMPILER_CODEGEN_IR_EMITTER_CONTEXT_H_
