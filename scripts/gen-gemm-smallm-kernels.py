#!/usr/bin/env python3
"""Writes the direct small-m GEMM kernels (Numerics.Simd/Gemm/Kernels/GemmSmallMKernel{512,256,128}.cs):
1 to 4 rows of C over an unpacked row-major B, named accumulators (see gen-gemm-kernels.py).
Run from anywhere: python3 scripts/gen-gemm-smallm-kernels.py [--out FOLDER]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gemm_codegen import KERNELS, accumulators, epilogue, header, write

def gen(vec, lanes, bits):
    out=[]
    for R in range(1,5):
        # One row gets 8 vectors (8 FMA chains, and B's rows read 8 vectors at a time); more rows 4.
        NV = 8 if R == 1 else 4
        L=[]
        L.append(f"    /// <summary>C[0..{R}, j..j+{NV*lanes}] = alpha·Σ_p a[r·lda + p]·b[p·ldb + j..] + (loadC ? beta·C : bias), {NV} vectors wide.</summary>")
        L.append("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]")
        L.append(f"    internal static unsafe void Rows{R}(int k, float* a, nint aRowStep, nint aColStep, float* b, nint ldb, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)")
        L.append("    {")
        L += accumulators(vec, R, NV)
        L.append("        for (int p = 0; p < k; p++)")
        L.append("        {")
        L.append("            float* row = b + p * ldb;")
        for v in range(NV):
            L.append(f"            var b{v} = {vec}.Load(row + {v*lanes});")
        for r in range(R):
            L.append(f"            var a{r} = {vec}.Create(a[{r} * aRowStep + p * aColStep]);")
            for v in range(NV):
                L.append(f"            c{r}_{v} = {vec}.FusedMultiplyAdd(a{r}, b{v}, c{r}_{v});")
        L.append("        }")
        L.append("")
        L += epilogue(vec, lanes, R, NV)
        out.append("\n".join(L))
    body="\n\n".join(out)
    src = header("gen-gemm-smallm-kernels.py") + f'''using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// Direct (unpacked) {vec} kernels for 1 to 4 rows of C over a row-major B (k×n): each load of
/// a B row segment ({4*lanes} floats, {8*lanes} for one row) feeds every row's fused multiply-add, so B streams once for
/// all rows. Named accumulators and no calls, so that the JIT keeps every accumulator in a register.
/// </summary>
internal static class GemmSmallMKernel{bits}
{{
    /// <summary>Columns of C per call of Rows2 to Rows4.</summary>
    public const int Width = {4*lanes};

    /// <summary>Columns of C per call of Rows1.</summary>
    public const int Width1 = {8*lanes};

{body}
}}
'''
    write(f"{KERNELS}/GemmSmallMKernel{bits}.cs", src)
gen("Vector512",16,"512"); gen("Vector256",8,"256"); gen("Vector128",4,"128")
