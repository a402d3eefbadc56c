// Reshape: the same elements with new dims, one of which may be -1 (inferred) (TensorFlow's
// Reshape: inputs tensor, shape; attrs T, Tshape).
#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "graph/op_builder.h"
#include "ops/array_ops.h"
#include "ops/gradient_context.h"
#include "ops/kernel_context.h"
#include "ops/op_def_builder.h"
#include "ops/shape_context.h"

namespace rill {
namespace {

// The requested dims from a shape tensor (int32 or int64 vector).
std::vector<int64_t> ShapeValues(const Tensor& t) {
  std::vector<int64_t> dims(t.num_elements());
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    dims[i] = t.dtype() == DT_INT64 ? t.data<int64_t>()[i] : int64_t{t.data<int32_t>()[i]};
  }
  return dims;
}

// Resolves `requested` (at most one -1) against an input of `num_elements` (-1 if unknown):
// the output dims, with the -1 filled in when the count is known (else left unknown).
// Errors name the sizes like TensorFlow's kernel.
absl::StatusOr<std::vector<int64_t>> ResolveDims(const std::vector<int64_t>& requested,
                                                 int64_t num_elements) {
  int infer = -1;
  int64_t product = 1;
  bool overflow = false;
  for (size_t i = 0; i < requested.size(); ++i) {
    const int64_t d = requested[i];
    if (d == -1) {
      if (infer >= 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("only one input size may be -1, not both ", infer, " and ", i));
      }
      infer = static_cast<int>(i);
    } else if (d < 0) {
      return absl::InvalidArgumentError(absl::StrCat("size ", i, " must be non-negative, not ", d));
    } else if (d != 0 && product > INT64_MAX / d) {
      overflow = true;
    } else {
      product *= d;
    }
  }
  if (overflow) return absl::InvalidArgumentError("the requested shape has too many elements");
  std::vector<int64_t> dims = requested;
  if (num_elements < 0) return dims;
  if (infer >= 0) {
    if (product == 0 || num_elements % product != 0) {
      if (product == 0 && num_elements == 0) {
        dims[infer] = 0;  // TensorFlow's choice for an empty input with a 0 elsewhere
        return dims;
      }
      return absl::InvalidArgumentError(
          absl::StrCat("input to reshape is a tensor with ", num_elements,
                       " values, but the requested shape requires a multiple of ", product));
    }
    dims[infer] = num_elements / product;
  } else if (product != num_elements) {
    return absl::InvalidArgumentError(
        absl::StrCat("input to reshape is a tensor with ", num_elements,
                     " values, but the requested shape has ", product));
  }
  return dims;
}

// Exact output with a constant shape input (and the -1 resolved when the input's element count
// is known); otherwise what MakeShapeFromShapeTensor knows (e.g. Reshape(x, Shape(y)) gives
// y's partial shape).
absl::Status ReshapeShape(ShapeContext& c) {
  const PartialShape& in = c.input(0);
  const Tensor* shape = c.input_tensor(1);
  if (shape == nullptr || shape->shape().rank() != 1) {
    ASSIGN_OR_RETURN(PartialShape out, c.MakeShapeFromShapeTensor(1));
    if (out.IsFullyDefined() && in.IsFullyDefined()) {
      int64_t n = 1;
      for (int64_t d : out.dims()) n *= d;
      ASSIGN_OR_RETURN(TensorShape full, TensorShape::FromPartial(in));
      if (n != full.num_elements()) {
        return absl::InvalidArgumentError(absl::StrCat("input to reshape is a tensor with ",
                                                       full.num_elements(),
                                                       " values, but the requested shape has ", n));
      }
    }
    c.set_output(0, std::move(out));
    return absl::OkStatus();
  }
  int64_t count = -1;
  if (in.IsFullyDefined()) {
    ASSIGN_OR_RETURN(TensorShape full, TensorShape::FromPartial(in));
    count = full.num_elements();
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> dims, ResolveDims(ShapeValues(*shape), count));
  c.set_output(0, PartialShape(std::move(dims)));
  return absl::OkStatus();
}

// dx = Reshape(dy, Shape(x)); the shape input gets none.
absl::Status ReshapeGrad(GradientContext& c) {
  c.set_input_grad(0, ops::Reshape(c.scope(), c.grad(0), ops::Shape(c.scope(), c.input(0))));
  return absl::OkStatus();
}

// Shares the input's buffer: only the dims change.
absl::Status ReshapeKernel(KernelContext& c) {
  const Tensor& in = c.input(0);
  const Tensor& shape = c.input(1);
  if (shape.shape().rank() != 1) {
    return c.InvalidArgument("shape must be a vector, got shape ", shape.shape().DebugString());
  }
  absl::StatusOr<std::vector<int64_t>> dims = ResolveDims(ShapeValues(shape), in.num_elements());
  if (!dims.ok()) return c.AddContext(dims.status());
  absl::StatusOr<TensorShape> out_shape = TensorShape::Create(*dims);
  if (!out_shape.ok()) return c.AddContext(out_shape.status());
  // A Tensor cannot change its shape in place; copy the elements into a fresh buffer of the new
  // shape. (Cheap enough for the reference executor, and never aliases the input.)
  ASSIGN_OR_RETURN(Tensor out, c.allocate_output(0, *out_shape));
  if (in.dtype() == DT_STRING) {
    for (int64_t i = 0; i < in.num_elements(); ++i) {
      out.data<std::string>()[i] = in.data<std::string>()[i];
    }
  } else if (in.byte_size() > 0) {
    std::memcpy(out.raw_data(), in.raw_data(), in.byte_size());
  }
  return absl::OkStatus();
}

// No emitter: a reshape is a view of the same buffer in compiled code.

}  // namespace

RILL_REGISTER_OP("Reshape")
    .Input("tensor: T")
    .Input("shape: Tshape")
    .Output("output: T")
    .Attr("T: type")
    .Attr("Tshape: {int32, int64} = DT_INT32")
    .SetForwardsInput()
    .SetShapeFn(ReshapeShape)
    .SetGradient(ReshapeGrad)
    .SetReferenceKernel(ReshapeKernel)
    .Summary("The input's elements with the requested dims (one may be -1).");

namespace ops {

Output Reshape(const Scope& scope, const Output& tensor, const Output& shape) {
  return OpBuilder(scope, "Reshape").Input(tensor).Input(shape).Build().output(0);
}

}  // namespace ops
}  // namespace rill
