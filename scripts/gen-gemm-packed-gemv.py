#!/usr/bin/env python3
"""Writes Numerics.Simd/Gemm/Kernels/GemmPackedGemv.Kernels.cs: the kernels of one row of A times
a prepacked B, per vector width, named accumulators (see gen-gemm-kernels.py). Which kernel runs
on which panels is chosen by hand-written code (Numerics.Simd/Gemm/GemmPackedGemv.cs), not here.
Run from anywhere: python3 scripts/gen-gemm-packed-gemv.py [--out FOLDER]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gemm_codegen import KERNELS, header, write


def reduce(terms):
    """The phases' sums added pairwise: s0; s0 + s1; (s0 + s1) + (s2 + s3)."""
    while len(terms) > 2:
        terms = [f"({terms[i]} + {terms[i + 1]})" for i in range(0, len(terms), 2)]
    return " + ".join(terms)


def panel_pointer(panel):
    """Panel s of a group is read at b + s·panelStride: one base per four panels plus 1, 2 and 3 strides."""
    base = "b" if panel < 4 else "b4"
    return base + ["", " + panelStride", " + panelStride2", " + panelStride3"][panel % 4]


def plus(offset):
    return f" + {offset}" if offset else ""


def kernel_name(bits, panels, phases):
    return f"Panels{panels}Phases{phases}Vector{bits}"


def group_bases(panels):
    """The group's first panel b, the panel strides, and b4 = the fifth panel for groups of eight."""
    bases = "        float* b = packed + (nint)j * k;\n        nint panelStride = (nint)nr * k"
    if panels > 2:
        bases += ", panelStride2 = 2 * panelStride, panelStride3 = 3 * panelStride"
    bases += ";"
    if panels > 4:
        bases += "\n        float* b4 = b + 4 * panelStride;"
    return bases


def group_stores(bits, panels, phases):
    """One Store per panel of the phases' sums, added pairwise."""
    return "\n".join(
        f"        Store{bits}({reduce([f's{s}p{q}a' for q in range(phases)])}, {reduce([f's{s}p{q}b' for q in range(phases)])}, "
        f"j{plus(f'{s} * nr' if s > 1 else 'nr' if s else 0)}, n, alpha, beta, c, bias, sums);" for s in range(panels))


def group_kernel(bits, lanes, panels, phases):
    V = f"Vector{bits}"
    L = lanes
    accumulators = "\n".join(
        f"        var s{s}p{q}a = {V}<float>.Zero; var s{s}p{q}b = {V}<float>.Zero;"
        for s in range(panels) for q in range(phases))
    x_index = ["xp[0]", "xp[xStep]", "xp[2 * xStep]", "xp[3 * xStep]"]
    broadcasts = "\n".join(f"            var x{q} = {V}.Create({x_index[q]});" for q in range(phases))
    fmas = "\n".join(
        f"            s{s}p{q}{half} = {V}.FusedMultiplyAdd(x{q}, {V}.LoadAligned({panel_pointer(s)}{plus((2 * q + h) * L)}), s{s}p{q}{half});"
        for q in range(phases) for s in range(panels) for h, half in enumerate("ab"))
    bases = group_bases(panels)
    advance_b4 = " b4 += {0};" if panels > 4 else ""
    stores = group_stores(bits, panels, phases)
    if phases == 1:
        loop_limit, tail_loop = "k", ""
    else:
        loop_limit = "kPhases"
        tail = "\n".join(
            f"            s{s}p0{half} = {V}.FusedMultiplyAdd(xv, {V}.LoadAligned({panel_pointer(s)}{plus(h * L)}), s{s}p0{half});"
            for s in range(panels) for h, half in enumerate("ab"))
        tail_loop = f'''

        for (; p < k; p++)
        {{
            var xv = {V}.Create(xp[0]);
{tail}
            xp += xStep;
            b += nr;{advance_b4.format("nr")}
        }}'''
    plural = "s" if phases > 1 else ""

    def step(unit):
        return unit if phases == 1 else f"{phases} * {unit}"
    return f'''
    /// <summary>Panels j/NR … j/NR + {panels - 1} streamed side by side: {phases} k phase{plural}, {2 * panels * phases} accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void {kernel_name(bits, panels, phases)}(int j, int n, int k, float alpha, float* x, nint xStep, float* packed, float beta, float* c, float* bias, float* sums)
    {{
        const int nr = {2 * L};
{bases}
        float* xp = x;
{accumulators}
        int p = 0;{"" if phases == 1 else f"{chr(10)}        int kPhases = k & ~{phases - 1};"}
        for (; p < {loop_limit}; {"p++" if phases == 1 else f"p += {phases}"})
        {{
{broadcasts}
{fmas}
            xp += {step("xStep")};
            b += {step("nr")};{advance_b4.format(step("nr"))}
        }}{tail_loop}

{stores}
    }}
'''


def sparse_group_kernel(bits, lanes, panels, phases):
    """The group kernel over the compacted rows of x that are not zero (GemmPackedGemv.Sparse.cs):
    phase q's rows are rows[q·capacity …], in ascending p, so each phase's sums take the same
    terms in the same order as the dense kernel's, less the zero ones. The phases run side by
    side while all have rows left, then each finishes alone."""
    V = f"Vector{bits}"
    L = lanes
    accumulators = "\n".join(
        f"        var s{s}p{q}a = {V}<float>.Zero; var s{s}p{q}b = {V}<float>.Zero;"
        for s in range(panels) for q in range(phases))
    bases = group_bases(panels)

    def row_pointer(row, panel):
        base = row if panel < 4 else row + "h"
        return base + ["", " + panelStride", " + panelStride2", " + panelStride3"][panel % 4]

    def row_lines(q, entry, row, indent):
        lines = [f"{indent}var x{q} = {V}.Create({entry}.Value);", f"{indent}float* {row} = b + {entry}.Offset;"]
        if panels > 4:
            lines.append(f"{indent}float* {row}h = b4 + {entry}.Offset;")
        return lines

    def fmas(q, row, indent):
        return [f"{indent}s{s}p{q}{half} = {V}.FusedMultiplyAdd(x{q}, {V}.LoadAligned({row_pointer(row, s)}{plus(h * L)}), s{s}p{q}{half});"
                for s in range(panels) for h, half in enumerate("ab")]

    lists = "\n".join(f"        SparseRow* e{q} = rows{plus(f'{q} * capacity' if q > 1 else 'capacity' if q else 0)};" for q in range(phases))
    common = "counts[0]"
    for q in range(1, phases):
        common = f"Math.Min({common}, counts[{q}])"
    side_by_side = []
    for q in range(phases):
        side_by_side += row_lines(q, f"e{q}[i]", f"r{q}", "            ")
    for q in range(phases):
        side_by_side += fmas(q, f"r{q}", "            ")
    finish = ""
    if phases > 1:
        blocks = []
        for q in range(phases):
            body = "\n".join(row_lines(q, f"e{q}[t]", f"r{q}", "            ") + fmas(q, f"r{q}", "            "))
            blocks.append(f"""
        for (int t = i; t < counts[{q}]; t++)
        {{
{body}
        }}""")
        finish = "\n" + "\n".join(blocks)
    stores = group_stores(bits, panels, phases)
    capacity = f"\n        int capacity = SparsePhaseCapacity(k, {phases});" if phases > 1 else ""
    body = "\n".join(side_by_side)
    return f"""
    /// <summary>{kernel_name(bits, panels, phases)} over the rows whose x is not zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sparse{kernel_name(bits, panels, phases)}(int j, int n, int k, float alpha, float* packed, SparseRow* rows, int* counts, float beta, float* c, float* bias, float* sums)
    {{
        const int nr = {2 * L};
{bases}{capacity}
{lists}
{accumulators}
        int common = {common};
        int i = 0;
        for (; i < common; i++)
        {{
{body}
        }}{finish}

{stores}
    }}
"""


def sparse_kernels(bits, lanes, groups):
    """The zero-skipping twins of the groups' kernels; a lone panel has none (it reads every row)."""
    return "".join(sparse_group_kernel(bits, lanes, panels, phases) for panels, phases in groups if panels > 1)


def vector_kernels(bits, lanes, groups):
    """The dense kernel of every group, (panels, phases) widest first, and the store they share."""
    V = f"Vector{bits}"
    L = lanes
    kernels = "".join(group_kernel(bits, lanes, panels, phases) for panels, phases in groups)
    return f'''{kernels}
    /// <summary>Columns j … j + NR − 1 (fewer past n) of c: alpha·sums + (beta·c, or the bias).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store{bits}({V}<float> ra, {V}<float> rb, int j, int n, float alpha, float beta, float* c, float* bias, float* sums)
    {{
        if (n - j >= {2 * L})
        {{
            var va = {V}.Create(alpha);
            {V}<float> addA, addB;
            if (beta != 0)
            {{
                addA = {V}.Create(beta) * {V}.Load(c + j);
                addB = {V}.Create(beta) * {V}.Load(c + j + {L});
            }}
            else
            {{
                addA = bias != null ? {V}.Load(bias + j) : {V}<float>.Zero;
                addB = bias != null ? {V}.Load(bias + j + {L}) : {V}<float>.Zero;
            }}

            {V}.FusedMultiplyAdd(ra, va, addA).Store(c + j);
            {V}.FusedMultiplyAdd(rb, va, addB).Store(c + j + {L});
        }}
        else
        {{
            ra.Store(sums);
            rb.Store(sums + {L});
            Epilogue(sums, n - j, alpha, beta, c + j, bias == null ? null : bias + j);
        }}
    }}
'''


opening = header("gen-gemm-packed-gemv.py") + '''using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Numerics.Simd;

// The one-row product's kernels; GemmPackedGemv.cs chooses which run on which panels. Per vector
// width: PanelsGPhasesQVectorW streams G panels of B side by side with Q interleaved k phases;
// SparsePanelsGPhasesQVectorW (512 and 256 bits) reads only the rows listed by Compact; StoreW
// finishes a panel. RunScalar is the whole product on the scalar path.
internal static unsafe partial class GemmPackedGemv
{'''

footer = '''
    private static void RunScalar(int n, int k, float alpha, float* x, nint xStep, float* packed, float beta, float* c, float* bias)
    {
        const int nr = 4;
        float* sums = stackalloc float[nr];
        for (int j = 0; j < n; j += nr)
        {
            float* b = packed + (nint)j * k;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int p = 0; p < k; p++)
            {
                float xv = x[p * xStep];
                s0 = MathF.FusedMultiplyAdd(xv, b[0], s0);
                s1 = MathF.FusedMultiplyAdd(xv, b[1], s1);
                s2 = MathF.FusedMultiplyAdd(xv, b[2], s2);
                s3 = MathF.FusedMultiplyAdd(xv, b[3], s3);
                b += nr;
            }

            sums[0] = s0;
            sums[1] = s1;
            sums[2] = s2;
            sums[3] = s3;
            Epilogue(sums, Math.Min(nr, n - j), alpha, beta, c + j, bias == null ? null : bias + j);
        }
    }

    /// <summary>The vector epilogue element by element, for a panel's valid columns (inlined: no call in a kernel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Epilogue(float* sums, int cols, float alpha, float beta, float* c, float* bias)
    {
        for (int j = 0; j < cols; j++)
        {
            float add = beta != 0 ? beta * c[j] : bias != null ? bias[j] : 0f;
            c[j] = MathF.FusedMultiplyAdd(sums[j], alpha, add);
        }
    }
}
'''

# The 512-bit path's 32 registers hold 16 accumulators and the broadcasts; the narrower paths keep
# to 8 accumulators, so that they fit in the 16 registers of a machine without AVX-512.
wide = [(8, 1), (4, 2), (2, 4), (1, 4)]
narrow = [(4, 1), (2, 2), (1, 4)]
# Zero skipping is on the 512- and 256-bit paths: they compact x sixteen or eight values at a time (GemmPackedGemv.Sparse.cs).
source = (opening + vector_kernels(512, 16, wide) + sparse_kernels(512, 16, wide) + vector_kernels(256, 8, narrow)
          + sparse_kernels(256, 8, narrow) + vector_kernels(128, 4, narrow) + footer)
write(f"{KERNELS}/GemmPackedGemv.Kernels.cs", source)
