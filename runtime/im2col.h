// Im2Col / Col2ImAdd: the patch matrix of one image for the convolutions (each output pixel's
// taps as one row, in the HWIO filter's (fy, fx, ci) order) and its adjoint.
#ifndef RILL_RUNTIME_IM2COL_H_
#define RILL_RUNTIME_IM2COL_H_

#include <cstdint>

#include "runtime/conv2d.h"

namespace rill::runtime {

// Floats per patch row: filter_h * filter_w * in_c.
inline int64_t PatchSize(const Conv2DShape& s) { return s.filter_h * s.filter_w * s.in_c; }

// Writes the patch rows of output pixels [p_begin, p_end) (pixel p = oy * out_w + ox) of one
// image (in_h x in_w x in_c floats) to `col`, PatchSize(s) floats per row; taps in the padding
// are 0.
void Im2Col(const Conv2DShape& s, const float* image, int64_t p_begin, int64_t p_end, float* col);

// The adjoint: adds each tap of those rows into the image element it was read from (taps in the
// padding are dropped), but only into image rows [iy_begin, iy_end) (so threads can own bands of
// rows). Every element receives its additions in the same order whatever the band.
void Col2ImAdd(const Conv2DShape& s, const float* col, int64_t p_begin, int64_t p_end, float* image,
               int64_t iy_begin = 0, int64_t iy_end = INT64_MAX);

}  // namespace rill::runtime

#endif  // RILL_RUNTIME_IM2COL_H_
