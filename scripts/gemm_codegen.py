"""Pieces the GEMM kernel generators share (gen-gemm-kernels.py, gen-gemm-smallm-kernels.py):
a rows×vectors block of named accumulators and the store that finishes it,
C = alpha·acc + (loadC ? beta·C : bias), one fused multiply-add per element.
"""

def accumulators(vec, rows, nv):
    """Lines declaring c{r}_{v} = 0 for r < rows, v < nv (named locals: the JIT keeps them in registers)."""
    return ["        " + " ".join(f"var c{r}_{v} = {vec}<float>.Zero;" for v in range(nv)) for r in range(rows)]

def epilogue(vec, lanes, rows, nv):
    """Lines storing the accumulators into C (row stride ldc), with beta·C when loadC, else the bias row."""
    L = [f"        var va = {vec}.Create(alpha);", "        if (loadC)", "        {", f"            var vb = {vec}.Create(beta);"]
    for r in range(rows):
        for v in range(nv):
            L.append(f"            {vec}.Store({vec}.FusedMultiplyAdd(c{r}_{v}, va, vb * {vec}.Load(c + {r} * ldc + {v*lanes})), c + {r} * ldc + {v*lanes});")
    L += ["        }", "        else", "        {"]
    for v in range(nv):
        L.append(f"            var bias{v} = {vec}.Load(bias + {v*lanes});")
    for r in range(rows):
        for v in range(nv):
            L.append(f"            {vec}.Store({vec}.FusedMultiplyAdd(c{r}_{v}, va, bias{v}), c + {r} * ldc + {v*lanes});")
    L += ["        }", "    }"]
    return L
