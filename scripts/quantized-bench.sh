#!/usr/bin/env bash
# Quantized inference against ONNX Runtime (issue 19): runs perf's `quantized-paired` mode
# (QuantizedPairedRun: ours float32 / int8 / bfloat16 and ORT float32 / int8 interleaved in one
# process, ratios taken within each round) in QUANTIZED_PROCESSES separate processes (default 5) of
# QUANTIZED_ROUNDS rounds (default 15), since where a process's weights land in the caches moves
# batch 1 by up to 20%, and prints a markdown table: per batch the median over the processes of each
# method's median, and each targeted ratio with every process's figure and how many met the target.
# Each process's own report (the '#' lines: weight bytes, allocation per call, output differences)
# is kept beside the CSV.
# Usage: scripts/quantized-bench.sh              (build, run, table)
#        scripts/quantized-bench.sh --report-only (the table from the last run's files)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "python3 is needed to build the table" >&2; exit 1; }
results=BenchmarkDotNet.Artifacts/results
csv="$results/quantized-paired.csv"
notes="$results/quantized-paired-notes.txt"
if [ "${1:-}" != "--report-only" ]; then
  mkdir -p "$results"
  rm -f "$csv" "$notes"
  dotnet build perf/SimdNn.Perf.csproj -c Release --nologo -v quiet
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >> "$notes"
  for process in $(seq 1 "${QUANTIZED_PROCESSES:-5}"); do
    dotnet run -c Release --no-build --project perf -- quantized-paired "${QUANTIZED_ROUNDS:-15}" > "$results/quantized-paired-$process.txt"
    grep -v '^#' "$results/quantized-paired-$process.txt" | grep -v '^batch,' | sed "s/^/$process,/" >> "$csv"
    grep '^#' "$results/quantized-paired-$process.txt" | sed "s/^/process $process /" >> "$notes"
  done
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores, commit $(git rev-parse --short HEAD)" >> "$notes"
fi
[ -f "$csv" ] || { echo "no results at $csv" >&2; exit 1; }
python3 - "$csv" <<'PY'
import collections, statistics, sys
med = statistics.median
names = ["ours float32", "ours int8", "ours bfloat16", "ORT float32", "ORT int8"]
# (ours, peer, {batch: target}): "A vs B" is B's time over A's, as QuantizedPairedRun prints it.
comparisons = [(1, 3, {1: 4.0}), (1, 4, {1: 2.0, 64: 0.85, 256: 0.85}), (2, 3, {1: 2.5}),
               (1, 0, {64: 1.6, 256: 1.6}), (2, 0, {})]
runs = collections.defaultdict(lambda: collections.defaultdict(list))
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        fields = line.strip().split(",")
        runs[int(fields[1])][fields[0]].append([float(x) for x in fields[3:8]])
print("| Batch | " + " | ".join(names) + " |")
print("|---:|" + "---:|" * len(names))
for batch, per in sorted(runs.items()):
    times = [med([med([r[m] for r in rounds]) for rounds in per.values()]) for m in range(len(names))]
    print(f"| {batch} | " + " | ".join(f"{t:,.2f} µs" for t in times) + " |")
print()
print("| Batch | Ratio | Median | Per process | Target |")
print("|---:|---|---:|---|---|")
for batch, per in sorted(runs.items()):
    for ours, peer, targets in comparisons:
        ratios = [med([r[peer] / r[ours] for r in rounds]) for rounds in per.values()]
        target = targets.get(batch)
        met = "" if target is None else f"≥ {target}: met in {sum(x >= target for x in ratios)} of {len(ratios)}"
        print(f"| {batch} | {names[ours]} vs {names[peer]} | {med(ratios):.2f}x | {' / '.join(f'{x:.2f}' for x in ratios)} | {met} |")
PY
echo
grep -m1 'weight bytes' "$notes" | sed 's/^process [0-9]* # /Weight bytes: /; s/weight bytes: //'
grep 'allocated per call' "$notes" | grep 'NOT MET' || echo "Ours allocated 0 B per call at every batch in every process."
