#!/usr/bin/env python3
"""Independent reference for rill's random streams: prints the golden values that
ops/random/random_stream_test.cc checks (stream layout and the uniform conversions).

Written from the Philox paper (Salmon et al., SC'11) and the layout documented in
ops/random/random_stream.h and random_fill.h, in plain Python integers.
Run: python3 ops/random/testdata/philox_reference.py
"""
import ctypes
import ctypes.util
import math
import struct

_libm = ctypes.CDLL(ctypes.util.find_library("m"))
for _fn in ("sinf", "cosf", "logf", "sqrtf"):
    getattr(_libm, _fn).restype = ctypes.c_float
    getattr(_libm, _fn).argtypes = [ctypes.c_float]

M = 2**32 - 1


def philox4x32_10(ctr, key):
    x = list(ctr)
    k = list(key)
    for r in range(10):
        if r:
            k = [(k[0] + 0x9E3779B9) & M, (k[1] + 0xBB67AE85) & M]
        pa = 0xD2511F53 * x[0]
        pb = 0xCD9E8D57 * x[2]
        x = [(pb >> 32) ^ x[1] ^ k[0], pb & M, (pa >> 32) ^ x[3] ^ k[1], pa & M]
    return x


def block(seed, seed2, step, index):
    key = [seed & M, seed >> 32]
    w2 = (seed2 & M) ^ (step >> 32)
    w3 = (seed2 >> 32) ^ (step & M)
    return philox4x32_10([index & M, index >> 32, w2, w3], key)


def uniform_float(word):
    bits = (127 << 23) | (word & 0x7FFFFF)
    return struct.unpack("<f", struct.pack("<I", bits))[0] - 1.0  # exact in double


def uniform_double(hi, lo):
    bits = (1023 << 52) | ((hi & 0xFFFFF) << 32) | lo
    return struct.unpack("<d", struct.pack("<Q", bits))[0] - 1.0


def f32(x):
    """Rounds a Python float to float32 (what a C++ float expression stores)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def box_muller_float(x0, x1):
    u1 = max(uniform_float(x0), f32(1e-7))
    angle = f32(2.0 * math.pi * uniform_float(x1))
    radius = _libm.sqrtf(f32(-2.0 * _libm.logf(u1)))
    return f32(_libm.sinf(angle) * radius), f32(_libm.cosf(angle) * radius)


def box_muller_double(x0, x1, x2, x3):
    u1 = max(uniform_double(x0, x1), 1e-7)
    angle = 2.0 * math.pi * uniform_double(x2, x3)
    radius = math.sqrt(-2.0 * math.log(u1))
    return math.sin(angle) * radius, math.cos(angle) * radius


def main():
    for ctr, key in [([0, 0, 0, 0], [0, 0]), ([M] * 4, [M, M]),
                     ([0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344], [0xA4093822, 0x299F31D0])]:
        print("KAT", ["0x%08x" % w for w in philox4x32_10(ctr, key)])
    # RandomUniform float, seed=7, seed2=11: steps 0 and 1, elements 0..5.
    for step in (0, 1):
        words = block(7, 11, step, 0) + block(7, 11, step, 1)
        print("uniform f32 step", step, ["%.9g" % uniform_float(w) for w in words[:6]])
    # RandomUniform double, seed=7, seed2=11, step 0, elements 0..2.
    b0, b1 = block(7, 11, 0, 0), block(7, 11, 0, 1)
    print("uniform f64", ["%.17g" % uniform_double(b0[0], b0[1]), "%.17g" % uniform_double(b0[2], b0[3]),
                          "%.17g" % uniform_double(b1[0], b1[1])])
    # RandomUniformInt int32 in [-5, 5), seed=7, seed2=11, step 2, elements 0..5.
    words = block(7, 11, 2, 0) + block(7, 11, 2, 1)
    print("uniform int32", [-5 + w % 10 for w in words[:6]])
    # RandomUniformInt int64 in [-2^40, 2^40), seed=3 (negative seed2 = -1), step 0, elements 0..2.
    s2 = (-1) & (2**64 - 1)
    b0, b1 = block(3, s2, 0, 0), block(3, s2, 0, 1)
    vals = []
    for b, k in ((b0, 0), (b0, 1), (b1, 0)):
        bits = b[2 * k] | (b[2 * k + 1] << 32)
        vals.append(-(2**40) + bits % (2**41))
    print("uniform int64", vals)
    # RandomStandardNormal, seed=7, seed2=11, step 0: float elements 0..5, double elements 0..2.
    b0, b1 = block(7, 11, 0, 0), block(7, 11, 0, 1)
    f = list(box_muller_float(b0[0], b0[1]) + box_muller_float(b0[2], b0[3]) +
             box_muller_float(b1[0], b1[1]))
    print("normal f32", ["%.9g" % v for v in f])
    d = list(box_muller_double(*b0) + box_muller_double(*b1))
    print("normal f64", ["%.17g" % v for v in d[:3]])
    # TruncatedNormal, seed=7, seed2=11, step 0: float elements 0..5 (group 1 starts at block
    # 256), double elements 0..2 (group 1 starts at block 128).
    def truncated(reader_start, per_pair, convert, group, count):
        out = []
        g = 0
        while len(out) < count:
            words = []
            blk = reader_start * g
            kept = []
            while len(kept) < group:
                if len(words) < per_pair:
                    words += block(7, 11, 0, blk)
                    blk += 1
                pair, words = words[:per_pair], words[per_pair:]
                for v in convert(*pair):
                    if abs(v) < 2.0 and len(kept) < group:
                        kept.append(v)
            out += kept
            g += 1
        return out[:count]
    print("truncated f32", ["%.9g" % v for v in truncated(256, 2, box_muller_float, 4, 6)])
    print("truncated f64", ["%.17g" % v for v in truncated(128, 4, box_muller_double, 2, 3)])


if __name__ == "__main__":
    main()
