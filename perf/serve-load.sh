#!/usr/bin/env bash
# Load test of `simd-nn serve` against its ONNX Runtime twin (perf/ServeTwin: the same request code,
# ONNX Runtime behind /predict) on the same model, one after the other, in the same layout: the
# server pinned to core 0, wrk pinned to core 1. For batch 1 and batch 64, as JSON and as float32
# rows, it reports requests/s, rows/s, p50/p99/p99.9 latency and the gen-2 collections during the run.
#
#   perf/serve-load.sh [SECONDS]      (default 30 per run; CONNECTIONS=16 WARMUP=5 LAYERS=256,128)
#
# Needs two cores, dotnet, curl, jq, python3 and wrk (installed with apt-get if missing). Run it on a
# quiet machine: every other process shares the cores it measures.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${1:-30}
connections=${CONNECTIONS:-16}
warmup=${WARMUP:-5}
layers=${LAYERS:-256,128}

source scripts/lib/apt.sh
command -v wrk > /dev/null || apt_install wrk

dotnet build cli/cli.csproj -c Release --nologo -v quiet
dotnet build perf/ServeTwin/ServeTwin.csproj -c Release --nologo -v quiet
tool="dotnet cli/bin/Release/net10.0/simd-nn.dll"
twin="dotnet perf/ServeTwin/bin/Release/net10.0/simd-nn-serve-twin.dll"

work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The digits data (64 inputs, 10 classes) is embedded in the tool; the model is trained briefly, its
# accuracy is beside the point. The twin serves the same weights, exported to ONNX.
$tool train --data digits --layers "$layers" --epochs 2 --out "$work/model.snn" --plot "$work/loss.png" > /dev/null
$tool export --model "$work/model.snn" --onnx "$work/model.onnx" > /dev/null
inputs=$($tool info --model "$work/model.snn" | sed -n 's/.*: \([0-9]*\) inputs, .*/\1/p' | head -n 1)
python3 perf/serve-load/bodies.py "$inputs" "$work"

# Starts a server on core 0 and a free port; sets $server (pid) and $url.
start() {
  local log="$work/server.log"
  taskset -c 0 "$@" > "$log" 2>&1 &
  server=$!
  for _ in $(seq 600); do
    url=$(sed -n 's/.*listening on \(http:[^ ,]*\).*/\1/p' "$log")
    [ -n "$url" ] && return 0
    kill -0 "$server" 2> /dev/null || { cat "$log"; exit 1; }
    sleep 0.1
  done
  echo "server did not start:"; cat "$log"; exit 1
}

stop() {
  kill -TERM "$server"
  wait "$server" || true
  server=""
}

gen2() { curl -s "$url/stats" | jq .gen2Collections; }

# One wrk run: prints a table row.
load() {
  local name=$1 body=$2 type=$3 rows=$4
  export BODY="$work/$body" CONTENT_TYPE="$type"
  taskset -c 1 wrk -t1 -c"$connections" -d"${warmup}s" -s perf/serve-load/predict.lua "$url" > /dev/null
  local before; before=$(gen2)
  local out; out=$(taskset -c 1 wrk -t1 -c"$connections" -d"${duration}s" --latency -s perf/serve-load/predict.lua "$url")
  local after; after=$(gen2)
  local rps; rps=$(echo "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
  local bad; bad=$(echo "$out" | sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p')
  read -r p50 p99 p999 <<< "$(echo "$out" | sed -n 's/^percentiles-us //p')"
  printf '| %s | %s | %d | %.0f | %.0f | %d | %d | %d | %s | %d |\n' \
    "$name" "${body#*.}" "$rows" "$rps" "$(awk "BEGIN { print $rps * $rows }")" "$p50" "$p99" "$p999" "${bad:-0}" "$((after - before))"
}

echo
echo "model: digits, $inputs inputs, hidden $layers; wrk: 1 thread, $connections connections, ${duration} s per run after ${warmup} s of warm-up"
echo
echo "| server | body | rows/request | requests/s | rows/s | p50 µs | p99 µs | p99.9 µs | non-2xx | gen-2 GCs |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for side in ours twin; do
  if [ "$side" = ours ]; then start $tool serve --model "$work/model.snn" --port 0; name="simd-nn"
  else start $twin --model "$work/model.onnx" --port 0; name="ONNX Runtime"; fi
  for batch in 1 64; do
    load "$name" "batch$batch.json" application/json "$batch"
    load "$name" "batch$batch.bin" application/octet-stream "$batch"
  done
  stop
done
