#!/usr/bin/env bash
# Runs the peer suite: inference vs ONNX Runtime (perf/OnnxPeerBenchmarks.cs) and the training
# step vs the MathNet.Numerics-based trainer (perf/TrainingBenchmarks.cs). Writes the tables (ours,
# peer, speed-up ratio, allocations, targets) to perf/results/peers.md and into perf/README.md
# between its "peer-bench" markers.
# Usage: scripts/peer-bench.sh [extra BenchmarkDotNet args]   (default: --warmupCount 3 --iterationCount 15)
#        scripts/peer-bench.sh --report-only   (rewrites the tables from the last run's results)
# Runs in-process (--inProcess): BenchmarkDotNet's default out-of-process toolchain cannot find
# the perf project, whose assembly name (SimdNn.Perf) differs from its project file name.
# Then runs perf's `paired` mode (PairedPeerRun: ours and ORT interleaved in one process, the
# ratio taken within each round) in PAIRED_PROCESSES separate processes (default 5), since where
# a process's weights land in the caches moves batch 1 by up to 20%.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "python3 is needed to build the table" >&2; exit 1; }
artifacts=BenchmarkDotNet.Artifacts
run_record="$artifacts/results/peer-bench-run.txt"
paired_csv="$artifacts/results/paired.csv"
csv="$artifacts/results/SimdNn.Perf.OnnxPeerBenchmarks-report.csv"
training_csv="$artifacts/results/SimdNn.Perf.TrainingBenchmarks-report.csv"
if [ "${1:-}" = "--report-only" ]; then
  [ -f "$run_record" ] || { echo "no run recorded at $run_record" >&2; exit 1; }
  { read -r load_before; read -r load_after; read -r commit; read -r job_text; read -r run_time; } < "$run_record"
else
  job_args=("$@")
  [ ${#job_args[@]} -eq 0 ] && job_args=(--warmupCount 3 --iterationCount 15)
  rm -f "$csv" "$training_csv" "$paired_csv" "$run_record"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  dotnet run -c Release --project perf -- --filter '*OnnxPeerBenchmarks*' '*TrainingBenchmarks*' --inProcess \
    --artifacts "$artifacts" "${job_args[@]}"
  for process in $(seq 1 "${PAIRED_PROCESSES:-5}"); do
    dotnet run -c Release --no-build --project perf -- paired 15 | sed "s/^/$process,/" >> "$paired_csv"
  done
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  job_text="${job_args[*]}"
  run_time=$(date -u '+%Y-%m-%d %H:%M')
  printf '%s\n' "$load_before" "$load_after" "$commit" "$job_text" "$run_time" > "$run_record"
fi
for f in "$csv" "$training_csv" "$paired_csv"; do [ -f "$f" ] || { echo "no results at $f" >&2; exit 1; }; done
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)
python3 - "$csv" "$commit" "$cpu" "$job_text" "$load_before" "$load_after" "$(nproc)" "$training_csv" "$paired_csv" "$run_time" > perf/results/peers.md <<'PY'
import csv, sys, collections, statistics
path, commit, cpu, job, load_before, load_after, cores, training_path, paired_path, run_time = sys.argv[1:11]
units = {"ns": 1.0, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
def nanoseconds(text):
    number, unit = text.replace(",", "").split()
    return float(number) * units[unit]
def size(text):
    return "0 B" if text in ("-", "", "NA") else text
rows = collections.defaultdict(dict)
order = []
with open(path, newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        key = (r["Model"], int(r["Batch"]))
        if key not in rows: order.append(key)
        if r["Mean"] in ("NA", ""): continue
        # The median, not the mean: on a shared machine a burst of other work inflates the mean of
        # whichever benchmark it overlaps; the median of the iterations is robust to that.
        rows[key][r["Method"]] = (nanoseconds(r["Median"]), size(r["Allocated"]))
targets = {1: 1.8, 64: 1.0, 256: 1.0}
def fmt(ns):
    return f"{ns/1000:,.2f} µs"
print("# Peer suite (one thread)")
print()
print("## Inference: simd-nn vs ONNX Runtime")
print()
print(f"Written by `scripts/peer-bench.sh` from its run of {run_time} UTC, commit `{commit}`, CPU: {cpu}, "
      f"BenchmarkDotNet `{job}` in-process. ORT 1.31.1 with intra_op_num_threads = 1, sequential, all graph optimizations, "
      "running the model our OnnxExport writes. Hidden layers ReLU, last Softmax. "
      "Times are BenchmarkDotNet medians per call. **Speed-up** = ORT best / ours (above 1: we are faster). Targets: ≥ 1.8 at batch 1, ≥ 1 at batch 64 and 256.")
print()
print(f"Machine load (1, 5, 15-minute load average) before: {load_before}, after: {load_after}, on {cores} cores; "
      "a load above the core count means other work shared the CPU and the figures are noisy.")
print()
print("| Model | Batch | Ours | ORT Run | ORT IoBinding | ORT best | Speed-up | Target | Ours alloc | ORT Run alloc | IoBinding alloc |")
print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
for key in sorted(order, key=lambda k: (-len(k[0]), k[1])):
    m = rows[key]
    if "Ours" not in m or ("OrtRun" not in m and "OrtIoBinding" not in m):
        print(f"| {key[0]} | {key[1]} | failed | | | | | | | | |"); continue
    ours = m["Ours"][0]
    peer = min(v[0] for k, v in m.items() if k != "Ours")
    ratio = peer / ours
    t = targets.get(key[1])
    verdict = "" if t is None else (f"≥ {t}: met" if ratio >= t else f"≥ {t}: **missed**")
    get = lambda k, i: (fmt(m[k][0]) if i == 0 else m[k][1]) if k in m else "n/a"
    print(f"| {key[0]} | {key[1]} | {fmt(ours)} | {get('OrtRun', 0)} | {get('OrtIoBinding', 0)} | {fmt(peer)} | {ratio:.2f}x | {verdict} | "
          f"{get('Ours', 1)} | {get('OrtRun', 1)} | {get('OrtIoBinding', 1)} |")
print()
print("## Inference, interleaved in one process")
print()
med = statistics.median
processes = collections.defaultdict(lambda: collections.defaultdict(list))
rounds_seen = set()
with open(paired_path, encoding="utf-8") as f:
    for line in f:
        fields = line.strip().split(",")
        if len(fields) != 8 or fields[1] == "model": continue
        process, model, batch = fields[0], fields[1], int(fields[2])
        ours, ort_run, ort_io, floor = map(float, fields[4:8])
        processes[(model, batch)][process].append((ours, min(ort_run, ort_io), floor))
        rounds_seen.add(int(fields[3]))
count = len({p for runs in processes.values() for p in runs})
print(f"`perf -- paired` (PairedPeerRun) in {count} processes of {len(rounds_seen)} rounds: each round times ours, ORT's plain Run, ORT's IoBinding "
      "and the weights read floor back to back, a median over 51 samples of about 20 µs each, so a spell of other work on the host "
      "falls on both sides of a ratio. **Speed-up** = ORT best / ours, the median of the rounds in each process; the table gives the "
      "median over the processes and each process's figure. The **weights read floor** is a plain read of as many bytes as the packed "
      "weights, in a separate copy (`perf/WeightsReadFloor.cs`): at batch 1 it shows how much of the time is reading the weights. "
      "The copies land differently in the caches, so ours can come in under it.")
print()
print("| Model | Batch | Ours | ORT best | Speed-up | Per process | Target | Weights read floor | ORT / floor, per process |")
print("|---|---:|---:|---:|---:|---|---|---:|---|")
for key in sorted(processes, key=lambda k: (-len(k[0]), k[1])):
    per = processes[key]
    ours = med([med([r[0] for r in rounds]) for rounds in per.values()])
    peer = med([med([r[1] for r in rounds]) for rounds in per.values()])
    floor = med([med([r[2] for r in rounds]) for rounds in per.values()])
    ratios = [med([r[1] / r[0] for r in rounds]) for rounds in per.values()]
    read_ratios = [med([r[1] / r[2] for r in rounds]) for rounds in per.values()]
    t = targets.get(key[1])
    met = "" if t is None else f"≥ {t}: met in {sum(x >= t for x in ratios)} of {len(ratios)}"
    read_ratio_text = " / ".join(f"{x:.2f}" for x in read_ratios) if key[1] == 1 else ""
    print(f"| {key[0]} | {key[1]} | {fmt(ours * 1000)} | {fmt(peer * 1000)} | {med(ratios):.2f}x | {' / '.join(f'{x:.3f}' for x in ratios)} | {met} | "
          f"{fmt(floor * 1000)} | {read_ratio_text} |")
print()
print("## Training step: simd-nn vs the MathNet.Numerics-based trainer (one thread)")
print()
print("784-256-128-10 (ReLU, ReLU, Softmax + cross-entropy): forward, backward and the SGD update, "
      "with the same math written on MathNet.Numerics matrices (`perf/TrainingBaselines.cs`). Medians.")
print()
print("| Batch | Ours | MathNet | Speed-up | Ours alloc | MathNet alloc |")
print("|---:|---:|---:|---:|---:|---:|")
steps = collections.defaultdict(dict)
with open(training_path, newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["Median"] in ("NA", ""): continue
        steps[int(r["Batch"])][r["Method"]] = (nanoseconds(r["Median"]), size(r["Allocated"]))
for batch in sorted(steps):
    m = steps[batch]
    if "SimdNnStep" not in m or "MathNetStep" not in m:
        print(f"| {batch} | failed | | | | |"); continue
    ours, theirs = m["SimdNnStep"], m["MathNetStep"]
    print(f"| {batch} | {fmt(ours[0])} | {fmt(theirs[0])} | {theirs[0] / ours[0]:.1f}x | {ours[1]} | {theirs[1]} |")
PY
# The same tables, between the markers in perf/README.md (everything from the first table on).
python3 - perf/results/peers.md perf/README.md <<'PY'
import sys
tables_path, readme_path = sys.argv[1:3]
start, end = "<!-- peer-bench:start -->", "<!-- peer-bench:end -->"
# Without the title line, and one heading level down to sit under the README's own section.
body = open(tables_path, encoding="utf-8").read().split("\n", 2)[2].strip().replace("## ", "### ")
readme = open(readme_path, encoding="utf-8").read()
if start not in readme or end not in readme:
    sys.exit(f"{readme_path} has no {start} ... {end} section")
head, rest = readme.split(start, 1)
tail = rest.split(end, 1)[1]
open(readme_path + ".tmp", "w", encoding="utf-8").write(f"{head}{start}\n{body}\n{end}{tail}")
PY
mv perf/README.md.tmp perf/README.md
echo "wrote perf/results/peers.md and its section of perf/README.md"
cat perf/results/peers.md
