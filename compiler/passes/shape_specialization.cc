// Shape specialisation: rewrites Placeholder `shape` attrs from the concrete feed shapes.
#include "compiler/passes/shape_specialization.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "ops/attr_slice.h"

namespace rill::compiler {

absl::StatusOr<bool> ShapeSpecialization::Run(Graph* graph) {
  bool changed = false;
  for (const auto& [name, shape] : feed_shapes_) {
    Node* n = graph->FindNode(name);
    if (n == nullptr) {
      return absl::NotFoundError(absl::StrCat("feed '", name, "': no node named '", name, "'"));
    }
    // Only a Placeholder's value comes from the feed alone; other fed ops (PlaceholderWithDefault,
    // any fed tensor) keep their declared shapes.
    if (n->op() != "Placeholder") {
      return absl::InvalidArgumentError(
          absl::StrCat("feed '", name, "': node '", name, "' is a ", n->op(),
                       "; only Placeholder shapes can be specialised"));
    }
    ASSIGN_OR_RETURN(const OpRegistration* op, registry_.LookUp(n->op()));
    absl::StatusOr<PartialShape> declared = AttrSlice(n->attrs(), &op->def).GetShape("shape");
    if (!declared.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "feed '", name, "': node '", name, "' (Placeholder): ", declared.status().message()));
    }
    const PartialShape fed = shape.AsPartial();
    if (!declared->IsCompatibleWith(fed)) {
      return absl::InvalidArgumentError(
          absl::StrCat("feed '", name, "': shape ", fed.DebugString(), " does not match node '",
                       name, "' (Placeholder) shape ", declared->DebugString()));
    }
    if (*declared == fed) continue;
    AttrValue value;
    fed.ToProto(value.mutable_shape());
    n->SetAttr("shape", std::move(value));
    changed = true;
  }
  return changed;
}

std::unique_ptr<GraphPass> CreateShapeSpecializationPass(
    std::map<std::string, TensorShape> feed_shapes) {
  return std::make_unique<ShapeSpecialization>(std::move(feed_shapes));
}

}  // namespace rill::compiler
