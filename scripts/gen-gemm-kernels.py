#!/usr/bin/env python3
"""Writes the Vector512/256/128 GEMM microkernels (Numerics.Simd/Gemm/Kernels/GemmKernel{512,256,128}.cs).

The kernels are one shape repeated with named accumulators (the JIT keeps only named locals in
registers), so they are generated rather than written by hand. Run from anywhere:
python3 scripts/gen-gemm-kernels.py [--out FOLDER]   (FOLDER instead of the repository: scripts/check-generated.sh)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gemm_codegen import KERNELS, accumulators, epilogue, header, write

KB = 16  # GemmPack.KBlock: packed A is stored in blocks of 16 k steps, each row's 16 values contiguous

def opening(summary, name, a_params, vec, mr, nv):
    """A kernel's summary, attribute, signature and zeroed accumulators; a_params names how A is passed."""
    return [f"    /// <summary>{summary}</summary>",
            "    [MethodImpl(MethodImplOptions.AggressiveOptimization)]",
            f"    internal static unsafe void {name}(int kc, {a_params}, float* b, float* c, nint ldc, float alpha, float beta, bool loadC, float* bias)",
            "    {"] + accumulators(vec, mr, nv)

def kernel(name, vec, lanes, mr, nv, width_doc, astride=None, bstride=None):
    astride = astride or mr
    nr = lanes*nv
    bstride = bstride or nr
    L = opening(f"{mr}×{nr} tile: C[0..{mr}, 0..{nr}] = alpha·Σ_p A(i, p)·b[p·{bstride} + j] + (loadC ? beta·C : bias[j]), A(i, p) = a[(p / {KB})·{astride * KB} + i·{KB} + p mod {KB}].",
                name, "float* a", vec, mr, nv)
    L.append(f"        for (int p0 = 0; p0 < kc; p0 += {KB})")
    L.append("        {")
    L.append(f"            int steps = kc - p0 < {KB} ? kc - p0 : {KB};")
    L.append("            float* ap = a;")
    L.append("            for (int q = 0; q < steps; q++)")
    L.append("            {")
    for v in range(nv):
        L.append(f"                var b{v} = {vec}.LoadAligned(b + {v*lanes});")
    for i in range(mr):
        L.append(f"                var a{i} = {vec}.Create(ap[{i * KB}]);")
        for v in range(nv):
            L.append(f"                c{i}_{v} = {vec}.FusedMultiplyAdd(a{i}, b{v}, c{i}_{v});")
    L.append("                ap++;")
    L.append(f"                b += {bstride};")
    L.append("            }")
    L.append("")
    L.append(f"            a += {astride * KB};")
    L.append("        }")
    L.append("")
    L += epilogue(vec, lanes, mr, nv)
    return "\n".join(L)

def direct_kernel(name, vec, lanes, mr, nv, bstride=None):
    """A kernel that broadcasts A where it lies, row-major with row stride lda (no packing of A):
    the same fused multiply-adds in the same order as the packed kernel of its shape."""
    nr = lanes*nv
    bstride = bstride or nr
    L = opening(f"{mr}×{nr} tile over A where it lies: C[0..{mr}, 0..{nr}] = alpha·Σ_p a[i·lda + p]·b[p·{bstride} + j] + (loadC ? beta·C : bias[j]).",
                name, "float* a, nint lda", vec, mr, nv)
    # Rows 4g..4g+3 are addressed from one pointer per group of four: [row], [row + lda], [row + 2·lda],
    # [row + 3·lda] are each one x86 address (base + index·scale), so the loop keeps few registers.
    if mr > 1:
        L.append("        nint lda2 = lda * 2, lda3 = lda * 3;")
    groups = (mr + 3) // 4
    for g in range(1, groups):
        L.append(f"        float* a{4*g}Row = a + {4*g} * lda;")
    L.append("        for (int p = 0; p < kc; p++)")
    L.append("        {")
    for v in range(nv):
        L.append(f"            var b{v} = {vec}.LoadAligned(b + {v*lanes});")
    offsets = ["0", "lda", "lda2", "lda3"]
    for i in range(mr):
        base = "a" if i < 4 else f"a{4*(i//4)}Row"
        L.append(f"            var a{i} = {vec}.Create({base}[{offsets[i % 4]}]);")
        for v in range(nv):
            L.append(f"            c{i}_{v} = {vec}.FusedMultiplyAdd(a{i}, b{v}, c{i}_{v});")
    L.append("            a++;")
    for g in range(1, groups):
        L.append(f"            a{4*g}Row++;")
    L.append(f"            b += {bstride};")
    L.append("        }")
    L.append("")
    L += epilogue(vec, lanes, mr, nv)
    return "\n".join(L)

specs = {
 "512": ("Vector512", 16, 12, 2),
 "256": ("Vector256", 8, 6, 2),
 "128": ("Vector128", 4, 6, 2),
}
for bits,(vec,lanes,mr,nv) in specs.items():
    nr = lanes*nv
    body = kernel("Kernel", vec, lanes, mr, nv, bits)
    if bits == "512":
        body += "\n\n" + kernel("Kernel8", vec, lanes, 8, nv, bits, astride=mr).replace("/// <summary>8×", "/// <summary>Edge kernel over the first 8 rows of a 12-row packed A sliver. 8×")
        body += "\n\n" + kernel("Kernel4", vec, lanes, 4, nv, bits, astride=mr).replace("/// <summary>4×", "/// <summary>Edge kernel over the first 4 rows of a 12-row packed A sliver. 4×")
        body += "\n\n" + kernel("Kernel16", vec, lanes, mr, 1, bits, bstride=nr).replace("/// <summary>12×", "/// <summary>Edge kernel over the first 16 columns of a 32-column packed B sliver (n ≤ 16: a 10-class output layer). 12×")
        body += "\n\n" + direct_kernel("DirectKernel", vec, lanes, mr, nv)
        body += "\n\n" + direct_kernel("DirectKernel8", vec, lanes, 8, nv)
        body += "\n\n" + direct_kernel("DirectKernel4", vec, lanes, 4, nv)
        body += "\n\n" + direct_kernel("DirectKernel16", vec, lanes, mr, 1, bstride=nr)
    src = header("gen-gemm-kernels.py") + f'''using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

/// <summary>
/// The {vec} GEMM microkernel: a {mr}×{nr} block of C held in {mr*nv} named accumulators
/// ({mr} broadcasts of packed A and {nv} loads of packed B per k step). Packed A comes in blocks
/// of {KB} k steps with each row's {KB} values contiguous (<see cref="GemmPack"/>), so packing a
/// row-major A is a copy, not a transpose. Named locals, not arrays,
/// and no calls anywhere in the method, so that the JIT keeps every accumulator in a register.
/// </summary>
internal static class GemmKernel{bits}
{{
    /// <summary>Rows of C per microkernel call.</summary>
    public const int MR = {mr};

    /// <summary>Columns of C per microkernel call.</summary>
    public const int NR = {nr};

{body}
}}
'''
    write(f"{KERNELS}/GemmKernel{bits}.cs", src)
