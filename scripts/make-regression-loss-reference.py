#!/usr/bin/python3
"""Prints PyTorch's L1Loss and HuberLoss (delta 1) values and input gradients for fixed outputs and
targets, as the C# literals of tests/Nn.Training.Tests/RegressionLossTests.cs (so the tests need no torch).

    /usr/bin/python3 scripts/make-regression-loss-reference.py
"""
import torch

# 2 rows x 4 outputs: differences y - t of 0 (L1's sign(0) = 0), exactly +-1 (Huber's seam), inside and beyond delta.
y = [[0.5, -1.25, 2.0, 3.5], [0.0, 0.75, -2.5, 10.0]]
t = [[0.5, -0.25, 1.0, 0.25], [0.3, 0.5, 1.5, -6.0]]


def run(loss, reduction):
    out = torch.tensor(y, dtype=torch.float64, requires_grad=True)
    value = loss(reduction=reduction)(out, torch.tensor(t, dtype=torch.float64))
    value.backward()
    grad = ", ".join(f"{g:.17g}" for g in out.grad.flatten().tolist())
    return f"{value.item():.17g}", grad


print(f"// torch {torch.__version__}")
for name, loss in (("L1", torch.nn.L1Loss), ("Huber", torch.nn.HuberLoss)):
    for reduction in ("mean", "sum"):
        value, grad = run(loss, reduction)
        print(f'[InlineData("{name}", Reduction.{reduction.capitalize()}, {value}, new double[] {{ {grad} }})]')
