#!/usr/bin/python3
"""Exports small nn.Sequential MLPs with each activation simd-nn imports from PyTorch (GELU exact and
tanh, SiLU, ELU, ReLU6, LogSoftmax) at opsets 13 and 17 (ReLU6 also at 9, where Clip takes attributes), with one batch of inputs and PyTorch's outputs,
in the ONNX test-data layout (model.onnx, test_data_set_0/input_0.pb, output_0.pb) under
tests/Nn.Onnx.Tests/Reference/torch/. The files are committed, so the tests need no torch.

Run with Debian's python3-torch (torch 1.13): /usr/bin/python3 scripts/torch-activations.py
"""
import os
import sys

import onnx
import torch
from onnx import numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Nn.Onnx.Tests", "Reference", "torch")


def models():
    """name -> a freshly seeded nn.Sequential: Linear(6, 16), activation, Linear(16, 4) (LogSoftmax last)."""
    hidden = {
        "gelu": lambda: torch.nn.GELU(),
        "gelu_tanh": lambda: torch.nn.GELU(approximate="tanh"),
        "silu": lambda: torch.nn.SiLU(),
        "elu": lambda: torch.nn.ELU(alpha=0.7),
        "relu6": lambda: torch.nn.ReLU6(),
    }
    for name, make in hidden.items():
        torch.manual_seed(17)
        # The first layer's weights are scaled so the pre-activations reach ±8: both tails and ReLU6's cap are exercised.
        first = torch.nn.Linear(6, 16)
        with torch.no_grad():
            first.weight.mul_(4.0)
        yield name, torch.nn.Sequential(first, make(), torch.nn.Linear(16, 4))
    torch.manual_seed(17)
    yield "logsoftmax", torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.Tanh(), torch.nn.Linear(16, 4), torch.nn.LogSoftmax(dim=1))


def main():
    torch.set_num_threads(1)
    for name, model in models():
        model.eval()
        torch.manual_seed(23)
        inputs = torch.randn(7, 6) * 1.5
        with torch.no_grad():
            outputs = model(inputs)
        for opset in (9, 13, 17) if name == "relu6" else (13, 17):
            folder = os.path.join(ROOT, f"{name}_opset{opset}")
            os.makedirs(os.path.join(folder, "test_data_set_0"), exist_ok=True)
            path = os.path.join(folder, "model.onnx")
            torch.onnx.export(model, inputs, path, opset_version=opset, input_names=["input"], output_names=["output"],
                              dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
            onnx.checker.check_model(onnx.load(path))
            for kind, tensor in (("input", inputs), ("output", outputs)):
                proto = numpy_helper.from_array(tensor.numpy(), name=kind)
                with open(os.path.join(folder, "test_data_set_0", f"{kind}_0.pb"), "wb") as stream:
                    stream.write(proto.SerializeToString())
            print(f"{name} opset {opset}: {[n.op_type for n in onnx.load(path).graph.node]}", file=sys.stderr)


if __name__ == "__main__":
    main()
