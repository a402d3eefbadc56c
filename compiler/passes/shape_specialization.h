// Shape specialisation: fixes the shapes of fed Placeholders to the concrete feed shapes, so
// shape inference (and then ConstantFolding) sees fully known shapes.
#ifndef RILL_COMPILER_PASSES_SHAPE_SPECIALIZATION_H_
#define RILL_COMPILER_PASSES_SHAPE_SPECIALIZATION_H_

#include <map>
#include <memory>
#include <string>

#include "compiler/pass.h"
#include "graph/tensor_shape.h"
#include "ops/op_registry.h"

namespace rill::compiler {

// Sets the `shape` attr of each named Placeholder to its feed's shape. Errors (the feed is the
// caller's input): NotFound "feed 'x': no node named 'x'"; InvalidArgument when the node is not
// a Placeholder or the feed shape contradicts the Placeholder's declared shape ([?,3] accepts
// [8,3], not [8,4]). Changed when some attr was not already the feed shape.
class ShapeSpecialization : public GraphPass {
 public:
  // `feed_shapes`: Placeholder name -> the shape it will be fed with.
  explicit ShapeSpecialization(std::map<std::string, TensorShape> feed_shapes,
                               const OpRegistry& registry = *OpRegistry::Global())
      : feed_shapes_(std::move(feed_shapes)), registry_(registry) {}

  absl::string_view name() const override { return "shape_specialization"; }
  absl::StatusOr<bool> Run(Graph* graph) override;

 private:
  std::map<std::string, TensorShape> feed_shapes_;  // ordered: deterministic errors
  const OpRegistry& registry_;
};

// Factory for pipelines.
std::unique_ptr<GraphPass> CreateShapeSpecializationPass(
    std::map<std::string, TensorShape> feed_shapes);

}  // namespace rill::compiler

#endif  // RILL_COMPILER_PASSES_SHAPE_SPECIALIZATION_H_
