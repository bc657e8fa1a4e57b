"""Writes the load test's request bodies for a model of N inputs: batch 1 and batch 64, as JSON
({"inputs": [[...]]}) and as float32 little-endian rows. Values are fixed (seeded) and in [-1, 1)."""
import json, random, struct, sys

inputs, folder = int(sys.argv[1]), sys.argv[2]
random.seed(1)
for batch in (1, 64):
    rows = [[random.uniform(-1, 1) for _ in range(inputs)] for _ in range(batch)]
    rows = [[struct.unpack("<f", struct.pack("<f", x))[0] for x in row] for row in rows]
    with open(f"{folder}/batch{batch}.json", "w") as out:
        json.dump({"inputs": rows}, out)
    with open(f"{folder}/batch{batch}.bin", "wb") as out:
        out.write(b"".join(struct.pack(f"<{inputs}f", *row) for row in rows))
