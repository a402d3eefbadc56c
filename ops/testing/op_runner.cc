// RunOp: one op on fed Placeholders (or Consts) through the reference executor.
#include "ops/testing/op_runner.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "compiler/interpreter/interpreter.h"
#include "gmock/gmock.h"
#include "graph/op_builder.h"
#include "graph/scope.h"
#include "graph/types.h"
#include "gtest/gtest.h"
#include "ops/array_ops.h"
#include "ops/testing/tensor_test_util.h"

namespace rill::testing {

AttrValue MakeAttr(bool b) {
  AttrValue v;
  v.set_b(b);
  return v;
}
AttrValue MakeAttr(int i) { return MakeAttr(static_cast<int64_t>(i)); }
AttrValue MakeAttr(int64_t i) {
  AttrValue v;
  v.set_i(i);
  return v;
}
AttrValue MakeAttr(float f) {
  AttrValue v;
  v.set_f(f);
  return v;
}
AttrValue MakeAttr(double f) { return MakeAttr(static_cast<float>(f)); }
AttrValue MakeAttr(const char* s) { return MakeAttr(std::string(s)); }
AttrValue MakeAttr(const std::string& s) {
  AttrValue v;
  v.set_s(s);
  return v;
}
AttrValue MakeAttr(DataType type) {
  AttrValue v;
  v.set_type(type);
  return v;
}
AttrValue MakeAttr(const PartialShape& shape) {
  AttrValue v;
  shape.ToProto(v.mutable_shape());
  return v;
}
AttrValue MakeAttr(const Tensor& tensor) {
  AttrValue v;
  tensor.ToProto(v.mutable_tensor());
  return v;
}
AttrValue MakeAttr(const std::vector<int64_t>& ints) {
  AttrValue v;
  for (int64_t i : ints) v.mutable_list()->add_i(i);
  v.mutable_list();  // an empty list is still a list
  return v;
}
AttrValue MakeAttr(const std::vector<DataType>& types) {
  AttrValue v;
  for (DataType t : types) v.mutable_list()->add_type(t);
  v.mutable_list();
  return v;
}

OpAttrs InferListAttrs(const OpDef& def, const std::vector<Tensor>& inputs, const OpAttrs& attrs) {
  OpAttrs inferred;
  auto known = [&](const std::string& name) {
    return attrs.contains(name) || inferred.contains(name);
  };
  size_t next = 0;
  for (int a = 0; a < def.input_arg_size() && next < inputs.size(); ++a) {
    const OpDef::ArgDef& arg = def.input_arg(a);
    const bool last = a + 1 == def.input_arg_size();
    if (!arg.number_attr().empty()) {
      int64_t n = 0;
      if (auto it = attrs.find(arg.number_attr()); it != attrs.end()) {
        n = it->second.i();
      } else if (last) {
        n = static_cast<int64_t>(inputs.size() - next);
        inferred[arg.number_attr()] = MakeAttr(n);
      } else {
        break;  // cannot tell how many inputs this arg takes
      }
      if (!arg.type_attr().empty() && !known(arg.type_attr()) && n > 0) {
        inferred[arg.type_attr()] = MakeAttr(BaseType(inputs[next].dtype()));
      }
      next += static_cast<size_t>(std::max<int64_t>(n, 0));
    } else if (!arg.type_list_attr().empty()) {
      if (!last || known(arg.type_list_attr())) break;
      std::vector<DataType> types;
      for (; next < inputs.size(); ++next) types.push_back(inputs[next].dtype());
      inferred[arg.type_list_attr()] = MakeAttr(types);
    } else {
      ++next;  // a single input: OpBuilder infers its type attr
    }
  }
  return inferred;
}

absl::StatusOr<std::vector<Tensor>> RunOpWithConstInputs(absl::string_view op,
                                                         const std::vector<Tensor>& inputs,
                                                         const std::vector<bool>& const_inputs,
                                                         const OpAttrs& attrs) {
  Scope root = Scope::NewRootScope();
  OpBuilder builder(root.WithOpName("op"), op);
  std::vector<Feed> feeds;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::string name = absl::StrCat("input_", i);
    if (i < const_inputs.size() && const_inputs[i]) {
      builder.Input(ops::Const(root.WithOpName(name), inputs[i]));
    } else {
      builder.Input(ops::Placeholder(root.WithOpName(name), inputs[i].dtype(),
                                     {.shape = inputs[i].shape().AsPartial()}));
      feeds.emplace_back(name, inputs[i]);
    }
  }
  for (const auto& [name, value] : attrs) builder.Attr(name, value);
  if (const OpRegistration* reg = root.registry().Find(op); reg != nullptr) {
    for (const auto& [name, value] : InferListAttrs(reg->def, inputs, attrs)) {
      builder.Attr(name, value);
    }
  }
  Operation node = builder.Build();
  if (!root.ok()) return root.status();
  absl::StatusOr<GraphDef> def = root.ToGraphDef();
  if (!def.ok()) return def.status();
  absl::StatusOr<std::unique_ptr<Interpreter>> interp = Interpreter::Create(*def);
  if (!interp.ok()) return interp.status();
  std::vector<std::string> fetches;
  for (int i = 0; i < node.num_outputs(); ++i) fetches.push_back(node.output(i).name());
  if (fetches.empty()) {
    absl::StatusOr<std::vector<Tensor>> r = (*interp)->Run(feeds, {}, {node.name()});
    if (!r.ok()) return r.status();
    return std::vector<Tensor>{};
  }
  return (*interp)->Run(feeds, fetches);
}

absl::StatusOr<std::vector<Tensor>> RunOp(absl::string_view op, const std::vector<Tensor>& inputs,
                                          const OpAttrs& attrs) {
  return RunOpWithConstInputs(op, inputs, {}, attrs);
}

void ExpectOpOutput(absl::string_view op, const std::vector<Tensor>& inputs, const OpAttrs& attrs,
                    const std::vector<Tensor>& expected, double tolerance) {
  SCOPED_TRACE(absl::StrCat("ExpectOpOutput(", op, ")"));
  absl::StatusOr<std::vector<Tensor>> got = RunOp(op, inputs, attrs);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), expected.size()) << "number of outputs";
  for (size_t i = 0; i < expected.size(); ++i) {
    if (tolerance == 0) {
      EXPECT_THAT((*got)[i], TensorEq(expected[i])) << "output " << i;
    } else {
      EXPECT_THAT((*got)[i], TensorNear(expected[i], tolerance, tolerance)) << "output " << i;
    }
  }
}

}  // namespace rill::testing
