#!/usr/bin/python3
"""The PyTorch side of the Fashion-MNIST parity check (perf/results/fashion-mnist-parity.md).

Reproduces `simd-nn train --data fashion-mnist --layers 256,128 --epochs 20 --batch 64`:
784-256-128-10 MLP, ReLU hidden, softmax + cross-entropy (nn.CrossEntropyLoss on logits, mean
reduction), Adam lr 1e-3 (torch.optim.Adam defaults), batch 64 reshuffled every epoch, one thread.
Data as the CLI reads it: pixels / 255, 10% of the 60k training images held out for validation
(stratified per class, as DatasetSplit.Stratified; the rows differ, the RNG is not .NET's), the
official 10k test images as the test set. Prints the per-epoch losses, the test accuracy of the
last epoch and of the epoch with the lowest validation loss (what the CLI keeps), and the time.

Options that reproduce the CLI's other choices, to find what makes the difference:
  --scaling unit      pixels / 255 (torchvision's ToTensor, the usual PyTorch recipe; default)
  --scaling standard  per-pixel standardization fitted on the training rows (the CLI before the fix)
  --scaling global    one mean and standard deviation over all pixels (the Normalize((0.2860,), (0.3530,)) recipe)
  --init pytorch      nn.Linear's default, U(±1/sqrt(fan_in)) for weights and biases (default)
  --init he           He normal (std sqrt(2/fan_in)) for ReLU layers, Xavier normal for the output, biases 0

Needs Debian's python3-torch and dataset-fashion-mnist; run with /usr/bin/python3.
"""
import argparse
import gzip
import math
import time

import numpy as np
import torch
from torch import nn

FOLDER = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder):
    train_x = read_idx(f"{folder}/train-images-idx3-ubyte.gz").reshape(60000, -1).astype(np.float32) / 255
    train_y = read_idx(f"{folder}/train-labels-idx1-ubyte.gz").astype(np.int64)
    test_x = read_idx(f"{folder}/t10k-images-idx3-ubyte.gz").reshape(10000, -1).astype(np.float32) / 255
    test_y = read_idx(f"{folder}/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    return train_x, train_y, test_x, test_y


def stratified_split(labels, fraction, rng):
    held = np.zeros(len(labels), dtype=bool)
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        rng.shuffle(members)
        held[members[: int(round(len(members) * fraction))]] = True
    return np.flatnonzero(~held), np.flatnonzero(held)


def scale(fit_x, others, how):
    if how == "unit":
        return fit_x, others
    if how == "global":
        offset, factor = fit_x.mean(dtype=np.float64), 1 / fit_x.std(dtype=np.float64)
    else:
        offset = fit_x.mean(axis=0, dtype=np.float64)
        deviation = fit_x.std(axis=0, dtype=np.float64)
        factor = np.where(deviation > 0, 1 / np.where(deviation > 0, deviation, 1), 1)
    f = lambda x: ((x - offset) * factor).astype(np.float32)
    return f(fit_x), [f(x) for x in others]


def build(sizes, init):
    layers = []
    for i in range(len(sizes) - 1):
        linear = nn.Linear(sizes[i], sizes[i + 1])  # PyTorch's default init happens here
        if init == "he":
            last = i == len(sizes) - 2
            std = math.sqrt(2 / (sizes[i] + sizes[i + 1])) if last else math.sqrt(2 / sizes[i])
            nn.init.normal_(linear.weight, 0, std)
            nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def evaluate(model, x, y, loss_fn):
    with torch.no_grad():
        logits = model(x)
        return loss_fn(logits, y).item(), (logits.argmax(1) == y).float().mean().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--layers", default="256,128")
    parser.add_argument("--validation", type=float, default=0.1)
    parser.add_argument("--scaling", choices=["unit", "standard", "global"], default="unit")
    parser.add_argument("--init", choices=["pytorch", "he"], default="pytorch")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--folder", default=FOLDER)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    train_x, train_y, test_x, test_y = load(args.folder)
    fit_rows, validation_rows = stratified_split(train_y, args.validation, rng)
    fit_x, (validation_x, test_x) = scale(train_x[fit_rows], [train_x[validation_rows], test_x], args.scaling)
    fit_x, fit_y = torch.from_numpy(fit_x), torch.from_numpy(train_y[fit_rows])
    validation_x, validation_y = torch.from_numpy(validation_x), torch.from_numpy(train_y[validation_rows])
    test_x, test_y = torch.from_numpy(test_x), torch.from_numpy(test_y)

    sizes = [784] + [int(w) for w in args.layers.split(",") if w] + [10]
    model = build(sizes, args.init)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); MLP {'-'.join(map(str, sizes))}; "
          f"{len(fit_rows)} training, {len(validation_rows)} validation, {len(test_y)} test rows; "
          f"scaling {args.scaling}, init {args.init}, seed {args.seed}")

    best = (math.inf, 0, 0.0)
    started = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(fit_y))
        loss_sum, correct = 0.0, 0
        for start in range(0, len(order), args.batch):
            rows = order[start: start + args.batch]
            logits = model(fit_x[rows])
            loss = loss_fn(logits, fit_y[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(rows)
            correct += (logits.argmax(1) == fit_y[rows]).sum().item()
        model.eval()
        validation_loss, validation_accuracy = evaluate(model, validation_x, validation_y, loss_fn)
        _, test_accuracy = evaluate(model, test_x, test_y, loss_fn)
        if validation_loss < best[0]:
            best = (validation_loss, epoch, test_accuracy)
        print(f"epoch {epoch:2d}  loss {loss_sum / len(fit_y):.4f}  acc {correct / len(fit_y):.2%}  "
              f"val loss {validation_loss:.4f}  val acc {validation_accuracy:.2%}  test acc {test_accuracy:.2%}  "
              f"{time.perf_counter() - started:6.1f} s")
    print(f"final: test accuracy {test_accuracy:.4f} at epoch {args.epochs}; "
          f"{best[2]:.4f} at epoch {best[1]} (lowest validation loss {best[0]:.4f}); "
          f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
