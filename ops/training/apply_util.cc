// Shape function and kernel checks shared by the Apply* ops (see apply_util.h).
#include "ops/training/apply_util.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "ops/shape_fns.h"

namespace rill::training {

absl::Status ApplyShape(ShapeContext& c, const std::vector<ApplyArg>& same_shape,
                        const std::vector<ApplyArg>& scalars) {
  for (const ApplyArg& s : scalars) {
    RETURN_IF_ERROR(shape_fns::WithRank(c.input(s.index), 0, s.name).status());
  }
  PartialShape merged = c.input(same_shape[0].index);
  for (size_t k = 1; k < same_shape.size(); ++k) {
    const PartialShape& other = c.input(same_shape[k].index);
    absl::StatusOr<PartialShape> m = merged.Merge(other);
    if (!m.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          same_shape[0].name, " ", c.input(same_shape[0].index).DebugString(), " and ",
          same_shape[k].name, " ", other.DebugString(), " do not have the same shape"));
    }
    merged = *std::move(m);
  }
  c.set_output(0, std::move(merged));
  return absl::OkStatus();
}

absl::StatusOr<ApplyState> PrepareApply(KernelContext& c, const std::vector<ApplyArg>& refs,
                                        const std::vector<ApplyArg>& scalars, ApplyArg grad) {
  std::vector<Variable*> vars;
  for (const ApplyArg& r : refs) {
    ASSIGN_OR_RETURN(Variable * v, c.RefInput(r.index));
    if (!v->initialized()) {
      return c.FailedPrecondition("attempting to use uninitialized variable '", v->name(),
                                  "' (input ", r.name, ")");
    }
    vars.push_back(v);
  }
  const TensorShape& var_shape = vars[0]->value().shape();
  for (size_t k = 1; k < refs.size(); ++k) {
    if (!(vars[k]->value().shape() == var_shape)) {
      return c.InvalidArgument(refs[0].name, " and ", refs[k].name,
                               " do not have the same shape: ", var_shape.DebugString(), " vs ",
                               vars[k]->value().shape().DebugString());
    }
  }
  for (const ApplyArg& s : scalars) {
    if (c.input(s.index).shape().rank() != 0) {
      return c.InvalidArgument(s.name,
                               " is not a scalar: ", c.input(s.index).shape().DebugString());
    }
  }
  if (!(c.input(grad.index).shape() == var_shape)) {
    return c.InvalidArgument(refs[0].name, " and ", grad.name,
                             " do not have the same shape: ", var_shape.DebugString(), " vs ",
                             c.input(grad.index).shape().DebugString());
  }
  ApplyState state;
  state.var = vars[0];
  for (Variable* v : vars) {
    ASSIGN_OR_RETURN(Tensor value, v->MutableValue());
    state.values.push_back(std::move(value));
  }
  return state;
}

}  // namespace rill::training
