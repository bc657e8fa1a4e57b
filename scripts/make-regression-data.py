#!/usr/bin/python3
"""Writes the regression data sets of simd-nn and prints scikit-learn's figures on the CLI's split.

    /usr/bin/python3 scripts/make-regression-data.py            # writes data/diabetes.csv, data/friedman1.csv
    /usr/bin/python3 scripts/make-regression-data.py --check    # prints the baselines only

data/diabetes.csv: scikit-learn's diabetes data (442 rows, 10 raw features: age in years, sex 1/2,
body-mass index, blood pressure, six serum measurements; scaled=False), target = disease progression
one year later (raw units, 25..346). data/friedman1.csv: make_friedman1(n_samples=2000, noise=1.0,
random_state=0), 10 features of which 5 matter, y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + noise.
Both have one header line of column names (the CLI skips it), then features and the target last.

The test split is the CLI's for a regression set (Nn.Training DatasetSplit.Shuffled, seed 1,
test fraction 0.2, the CLI defaults): row i gets the key splitmix64((seed << 32) | i); the
round(n * fraction) rows with the smallest keys (ties by index) are the test rows. The same rule is
implemented here, so Ridge and MLPRegressor are scored on exactly the rows `simd-nn train` tests on.
"""
import sys
import numpy as np
from sklearn.datasets import load_diabetes, make_friedman1
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

MASK = (1 << 64) - 1


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def test_rows(n, fraction=0.2, seed=1):
    """The CLI's regression test rows (DatasetSplit.Shuffled): a boolean mask over the n rows."""
    high = (seed & 0xFFFFFFFF) << 32
    order = sorted(range(n), key=lambda i: (splitmix64(high | i), i))
    take = int(np.floor(n * fraction + 0.5))  # round half away from zero, as C#'s MidpointRounding.AwayFromZero
    mask = np.zeros(n, dtype=bool)
    mask[order[:take]] = True
    return mask


def write(path, header, x, y):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row, target in zip(x, y):
            f.write(",".join(f"{v:.9g}" for v in row) + f",{target:.9g}\n")


def scores(name, x, y):
    test = test_rows(len(y))
    scaler = StandardScaler().fit(x[~test])
    xtr, xte = scaler.transform(x[~test]), scaler.transform(x[test])
    ytr, yte = y[~test], y[test]
    models = {
        "Ridge(alpha=1.0)": Ridge(alpha=1.0),
        "MLPRegressor(64,64)": MLPRegressor(hidden_layer_sizes=(64, 64), max_iter=2000, random_state=0),
    }
    for label, model in models.items():
        predicted = model.fit(xtr, ytr).predict(xte)
        rmse = mean_squared_error(yte, predicted) ** 0.5
        print(f"{name:10s} {label:20s} test rows {test.sum():4d}  R2 {r2_score(yte, predicted):.4f}  "
              f"RMSE {rmse:.4f}  MAE {mean_absolute_error(yte, predicted):.4f}")


def main():
    diabetes = load_diabetes(scaled=False)
    x1, y1 = diabetes.data.astype(np.float64), diabetes.target.astype(np.float64)
    x2, y2 = make_friedman1(n_samples=2000, noise=1.0, random_state=0)
    if "--check" not in sys.argv:
        write("data/diabetes.csv", list(diabetes.feature_names) + ["progression"], x1, y1)
        write("data/friedman1.csv", [f"x{i + 1}" for i in range(10)] + ["y"], x2, y2)
    # Read back what was written (9 significant digits), so the baselines see the CLI's numbers.
    for name in ("diabetes", "friedman1"):
        table = np.loadtxt(f"data/{name}.csv", delimiter=",", skiprows=1)
        scores(name, table[:, :-1], table[:, -1])


if __name__ == "__main__":
    main()
