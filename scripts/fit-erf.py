#!/usr/bin/python3
"""Fits the two polynomials of Numerics.Simd/Operators/ErfKernel.cs and prints them as float constants.

  Q: erf(t) = t + t*Q(t^2) on [0, 0.875], degree 5;
  R: erfc(t)*exp(t^2) = R(1/t - 1/2) on t in [0.875, 10.61], degree 10.

Both for relative error, by least squares at Chebyshev nodes with Lawson-style reweighting (towards
minimax), in double. Prints the fit's relative error in units of 2^-24 and each coefficient as the shortest
decimal that round-trips to the same float, with its hex spelling. Needs numpy (Debian: python3-numpy).
"""
import math
import struct

import numpy as np


def fit(function, basis, low, high, degree, iterations=30, points=4000):
    x = (low + high) / 2 + (high - low) / 2 * np.cos(np.pi * (np.arange(points) + 0.5) / points)
    y = np.array([function(v) for v in x])
    matrix = np.stack([basis(x, k) for k in range(degree + 1)], 1)
    weights = np.ones(points)
    for _ in range(iterations):
        scale = weights / np.abs(y)
        coefficients, *_ = np.linalg.lstsq(matrix * scale[:, None], y * scale, rcond=None)
        error = np.abs(matrix @ coefficients - y) / np.abs(y)
        weights = weights * (error / error.max()) ** 0.5 + 1e-12
    return coefficients, error.max()


def as_float(value):
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(6, 12):
        text = f"{single:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            return text, single.hex()


def main():
    def small(w):
        return math.erf(math.sqrt(w)) / math.sqrt(w) - 1 if w > 0 else 2 / math.sqrt(math.pi) - 1

    q, q_error = fit(small, lambda x, k: x ** k, 1e-12, 0.875 ** 2, 5)
    r, r_error = fit(lambda s: math.erfc(1 / s) * math.exp(1 / s ** 2), lambda x, k: (x - 0.5) ** k, 1 / 10.61, 1 / 0.875, 10)
    print(f"Q: relative error of Q {q_error:.3g} (erf within {q_error * 0.13 / 1.13 / 2 ** -24:.2f}*2^-24)")
    for i, c in enumerate(q):
        print(f"Q{i} = {as_float(c)[0]}f  // {as_float(c)[1]}")
    print(f"R: relative error {r_error / 2 ** -24:.2f}*2^-24")
    for i, c in enumerate(r):
        print(f"R{i} = {as_float(c)[0]}f  // {as_float(c)[1]}")


if __name__ == "__main__":
    main()
