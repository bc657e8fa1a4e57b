#!/usr/bin/python3
"""Training-mode forward and backward of two small PyTorch blocks with normalization, for simd-nn's parity test:
  batch: Linear(5, 6) -> BatchNorm1d(6) -> ReLU -> Dropout(0) -> Linear(6, 3), CrossEntropyLoss (mean)
  layer: Linear(5, 6) -> LayerNorm(6) -> GELU -> Linear(6, 3), CrossEntropyLoss (mean)
with fixed weights (γ and β drawn away from 1 and 0) and one batch of 8. Writes the inputs, targets, parameters,
loss, softmax outputs, every parameter's gradient and BatchNorm's updated running statistics (float32 values
printed with 9 significant digits, exact) to tests/Nn.Training.Tests/Reference/torch-normalization.json, which
is committed, so the tests need no torch.

Run with Debian's python3-torch (torch 1.13): /usr/bin/python3 scripts/torch-normalization.py
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Nn.Training.Tests", "Reference", "torch-normalization.json")


def values(tensor):
    return [float("%.9g" % v) for v in tensor.detach().reshape(-1).tolist()]


def case(kind):
    torch.manual_seed(23 if kind == "batch" else 29)
    norm = torch.nn.BatchNorm1d(6) if kind == "batch" else torch.nn.LayerNorm(6)
    activation = torch.nn.ReLU() if kind == "batch" else torch.nn.GELU()
    model = torch.nn.Sequential(torch.nn.Linear(5, 6), norm, activation, torch.nn.Dropout(0.0), torch.nn.Linear(6, 3))
    with torch.no_grad():
        norm.weight.uniform_(0.5, 1.5)
        norm.bias.uniform_(-0.5, 0.5)
    model.train()
    x = torch.randn(8, 5) * 2
    targets = torch.tensor([0, 2, 1, 1, 0, 2, 2, 1])
    parameters = {"w1": model[0].weight, "b1": model[0].bias, "gamma": norm.weight, "beta": norm.bias, "w2": model[4].weight, "b2": model[4].bias}
    before = {name: values(p) for name, p in parameters.items()}
    logits = model(x)
    loss = torch.nn.functional.cross_entropy(logits, targets)
    loss.backward()
    result = {
        "inputs": values(x),
        "targets": [int(t) for t in targets],
        "parameters": before,
        "loss": float("%.9g" % loss.item()),
        "probabilities": values(torch.softmax(logits, dim=1)),
        "gradients": {name: values(p.grad) for name, p in parameters.items()},
    }
    if kind == "batch":
        result["running_mean"] = values(norm.running_mean)
        result["running_var"] = values(norm.running_var)
    return result


def main():
    data = {"torch": torch.__version__, "batch": case("batch"), "layer": case("layer")}
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
