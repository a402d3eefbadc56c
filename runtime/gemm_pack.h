// Packing for the GEMM: copies a block of op(A) or op(B) into the micro-kernel's panel layout,
// which absorbs the transposes and leading dimensions, and zero-pads the last panel to a full tile.
#ifndef RILL_RUNTIME_GEMM_PACK_H_
#define RILL_RUNTIME_GEMM_PACK_H_

#include <cstdint>

#include "runtime/gemm.h"
#include "runtime/gemm_microkernel.h"

namespace rill::runtime::gemm_internal {

// Rows [i0, i0+mb) x columns [p0, p0+kb) of op(A) as ceil(mb/mr) panels of kb*mr floats each:
// out[panel * kb * mr + p * mr + r] = op(A)(i0 + panel * mr + r, p0 + p), 0 past row mb.
// `gather` (a MicroKernel's, may be nullptr) packs the panels that need a transpose.
void PackA(const GemmArgs& g, int64_t i0, int64_t mb, int64_t p0, int64_t kb, int mr, float* out,
           GatherFn gather = nullptr);

// Rows [p0, p0+kb) x columns [j0, j0+nb) of op(B) as ceil(nb/nr) panels of kb*nr floats each:
// out[panel * kb * nr + p * nr + j] = op(B)(p0 + p, j0 + panel * nr + j), 0 past column nb.
void PackB(const GemmArgs& g, int64_t p0, int64_t kb, int64_t j0, int64_t nb, int nr, float* out,
           GatherFn gather = nullptr);

// The portable GatherFn (what PackA / PackB use when given none).
void GatherPanelPortable(const float* src, int64_t stride, int64_t kb, int w, int width,
                         float* out);

}  // namespace rill::runtime::gemm_internal

#endif  // RILL_RUNTIME_GEMM_PACK_H_
