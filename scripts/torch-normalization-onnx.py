#!/usr/bin/python3
"""Exports small PyTorch MLPs with BatchNorm1d, LayerNorm, Dropout, Reshape and float64 parameters, the blocks
simd-nn's ONNX importer reads (Linear -> normalization -> activation -> dropout), at opsets 13 and 17, with one batch
of inputs, PyTorch's eval-mode outputs and the parameters as JSON (for the tests' double-precision reference), in the
ONNX test-data layout (model.onnx, parameters.json, test_data_set_0/input_0.pb, output_0.pb) under
tests/Nn.Onnx.Tests/Reference/torch/. The files are committed, so the tests need no torch.

Batch normalization gets non-trivial running statistics from a few training-mode forward passes first. Some models
are exported with do_constant_folding=False or in training mode (training=TrainingMode.TRAINING) so that the
BatchNormalization node, and Dropout's train form (ratio and training_mode inputs, a mask output), really appear.
Models whose names start with "refuse_" are ones the importer must refuse (they have no outputs).

Run with Debian's python3-torch (torch 1.13): /usr/bin/python3 scripts/torch-normalization-onnx.py
"""
import json
import os
import sys

import onnx
import torch
from onnx import numpy_helper
from torch import nn
from torch.onnx import TrainingMode

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Nn.Onnx.Tests", "Reference", "torch")
DYNAMIC = {"input": {0: "batch"}, "output": {0: "batch"}}


class ViewBatch(nn.Module):
    """x.view(x.size(0), -1): with a fixed-batch export and constant folding, Reshape(x, [7, -1]); with a dynamic
    batch, Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1]))."""

    def forward(self, x):
        return x.view(x.size(0), -1)


class ViewFeatures(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.features = features

    def forward(self, x):
        return x.reshape(-1, self.features)


def randomize(model):
    """Non-trivial γ, β and running statistics: random affine parameters, then training-mode passes on shifted data."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (nn.BatchNorm1d, nn.LayerNorm)) and module.weight is not None:
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.5, 0.5)
    if any(isinstance(m, nn.BatchNorm1d) for m in model.modules()):
        model.train()
        generator = torch.Generator().manual_seed(5)
        with torch.no_grad():
            for _ in range(5):
                shape = (32,) + tuple(INPUT_SHAPE.get(id(model), (6,)))
                model(torch.randn(shape, generator=generator) * 2 + 0.5)
    model.eval()
    return model


INPUT_SHAPE = {}


def block(*modules, seed=17):
    torch.manual_seed(seed)
    return nn.Sequential(*modules)


def models():
    """(name, model, input shape without the batch, opsets, export options)."""
    yield "bn_before", lambda: block(nn.Linear(6, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 4)), (6,), (13, 17), {}
    yield "bn_before_nofold", lambda: block(nn.Linear(6, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 4)), (6,), (13,), \
        {"do_constant_folding": False, "training": TrainingMode.EVAL}
    yield "bn_after", lambda: block(nn.Linear(6, 16), nn.Tanh(), nn.BatchNorm1d(16), nn.Linear(16, 4)), (6,), (13, 17), {}
    yield "bn_last", lambda: block(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 4), nn.Sigmoid(), nn.BatchNorm1d(4)), (6,), (13,), {}
    yield "ln", lambda: block(nn.Linear(6, 16), nn.LayerNorm(16), nn.GELU(), nn.Dropout(0.2), nn.Linear(16, 4)), (6,), (13, 17), {}
    yield "ln_plain", lambda: block(nn.Linear(6, 16), nn.LayerNorm(16, elementwise_affine=False), nn.ReLU(), nn.Linear(16, 4)), (6,), (13,), {}
    yield "dropout_train", lambda: block(nn.Linear(6, 16), nn.ReLU(), nn.Dropout(0.3), nn.Linear(16, 4)), (6,), (13, 17), \
        {"training": TrainingMode.TRAINING, "do_constant_folding": False}
    yield "double", lambda: block(nn.Linear(6, 16), nn.LayerNorm(16), nn.Tanh(), nn.Linear(16, 4)), (6,), (13,), {"double": True}
    yield "reshape_view", lambda: block(ViewBatch(), nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 4)), (2, 3), (13,), {"fixed_batch": True}
    # The same view with a dynamic batch: the shape is computed, Shape -> Gather 0 -> Unsqueeze -> Concat with [-1].
    yield "reshape_view_dynamic", lambda: block(ViewBatch(), nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 4)), (2, 3), (13, 17), {}
    yield "reshape_view_dynamic_nofold", lambda: block(ViewBatch(), nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 4)), (2, 3), (13,), \
        {"do_constant_folding": False}
    yield "reshape_features", lambda: block(ViewFeatures(6), nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 4)), (2, 3), (13,), {}
    yield "refuse_ln_after_activation", lambda: block(nn.Linear(6, 16), nn.ReLU(), nn.LayerNorm(16), nn.Linear(16, 4)), (6,), (13, 17), {}
    yield "refuse_bn_training", lambda: block(nn.Linear(6, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 4)), (6,), (13,), \
        {"training": TrainingMode.TRAINING, "do_constant_folding": False}
    yield "refuse_reshape_batch", lambda: block(ViewFeatures(3), nn.Linear(3, 4)), (6,), (13,), {}


def parameters(model):
    """The layers in order as steps the C# reference runs in double: linear, batchnorm, layernorm, activation, identity."""
    steps = []
    for module in model:
        if isinstance(module, nn.Linear):
            steps.append({"op": "linear", "inputs": module.in_features, "outputs": module.out_features,
                          "weight": module.weight.detach().double().flatten().tolist(), "bias": module.bias.detach().double().tolist()})
        elif isinstance(module, nn.BatchNorm1d):
            steps.append({"op": "batchnorm", "scale": module.weight.detach().double().tolist(), "shift": module.bias.detach().double().tolist(),
                          "mean": module.running_mean.double().tolist(), "variance": module.running_var.double().tolist(), "epsilon": module.eps})
        elif isinstance(module, nn.LayerNorm):
            affine = module.elementwise_affine
            size = module.normalized_shape[0]
            steps.append({"op": "layernorm", "scale": module.weight.detach().double().tolist() if affine else [1.0] * size,
                          "shift": module.bias.detach().double().tolist() if affine else [0.0] * size, "epsilon": module.eps})
        elif isinstance(module, (nn.ReLU, nn.Tanh, nn.Sigmoid, nn.GELU)):
            steps.append({"op": "activation", "name": type(module).__name__.lower()})
    return steps


def save_tensor(folder, kind, tensor):
    proto = numpy_helper.from_array(tensor.detach().numpy(), name=kind)
    with open(os.path.join(folder, "test_data_set_0", f"{kind}_0.pb"), "wb") as stream:
        stream.write(proto.SerializeToString())


def main():
    """Writes every model, or only those whose names are given as arguments (so adding one leaves the others' files alone)."""
    torch.set_num_threads(1)
    for name, make, shape, opsets, options in models():
        if len(sys.argv) > 1 and name not in sys.argv[1:]:
            continue
        options = dict(options)
        as_double = options.pop("double", False)
        fixed_batch = options.pop("fixed_batch", False)
        model = make()
        INPUT_SHAPE[id(model)] = shape
        randomize(model)
        torch.manual_seed(23)
        inputs = torch.randn((7,) + shape) * 1.5
        if as_double:
            # float32 parameters and inputs widened exactly: the float64 model computes the float32 model's function.
            model = model.double()
            inputs = inputs.double()
        with torch.no_grad():
            outputs = model(inputs)
        for opset in opsets:
            folder = os.path.join(ROOT, f"{name}_opset{opset}")
            os.makedirs(os.path.join(folder, "test_data_set_0"), exist_ok=True)
            path = os.path.join(folder, "model.onnx")
            torch.onnx.export(model, inputs, path, opset_version=opset, input_names=["input"], output_names=["output"],
                              dynamic_axes=None if fixed_batch else DYNAMIC, **options)
            onnx.checker.check_model(onnx.load(path))
            save_tensor(folder, "input", inputs)
            if not name.startswith("refuse_"):
                save_tensor(folder, "output", outputs)
                with open(os.path.join(folder, "parameters.json"), "w") as stream:
                    json.dump(parameters(model), stream)
            print(f"{name} opset {opset}: {[n.op_type for n in onnx.load(path).graph.node]}", file=sys.stderr)
        model.eval()


if __name__ == "__main__":
    main()
