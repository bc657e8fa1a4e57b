#!/usr/bin/env bash
# Coverage-guided fuzzing of one loader: scripts/fuzz.sh TARGET SECONDS
#   TARGET: model (Network.Load), quantized (QuantizedNetwork.Load), onnx (OnnxImport.Load), csv (CsvDataset.Load),
#   idx (IdxDataset.Load)
# Installs what it lacks (AFL++ from Debian, the SharpFuzz.CommandLine tool from fuzz/.config),
# publishes fuzz/ to out/fuzz/TARGET/app, instruments the library assemblies there (never the
# build output), runs afl-fuzz for SECONDS from fuzz/corpus/TARGET, replays whatever broke the
# target's contract (see fuzz/LoaderContract.cs), and ends with the line
#   TARGET: N execs, C crashes, H hangs
# exiting 1 if C or H is not 0 (2 on a usage or set-up error). Crashing inputs stay in
# out/fuzz/TARGET/findings/default/crashes/ (hangs/ for hangs).
set -euo pipefail
cd "$(dirname "$0")/.."
targets="model quantized onnx csv idx"
if [ $# -ne 2 ] || ! [[ " $targets " == *" $1 "* ]] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS (TARGET one of: $targets)" >&2
  exit 2
fi
target=$1 seconds=$2
work=out/fuzz/$target

if ! command -v afl-fuzz >/dev/null; then
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
(cd fuzz && dotnet tool restore >/dev/null)

rm -rf "$work"
mkdir -p "$work"
dotnet publish fuzz/Fuzz.csproj -c Release -o "$work/app" --nologo -v quiet >/dev/null
# Only the libraries are instrumented: coverage of the runtime or of the harness would only add noise.
for assembly in Numerics.Simd.dll Nn.Dense.dll Nn.Training.dll; do
  (cd fuzz && dotnet tool run sharpfuzz "../$work/app/$assembly" >/dev/null)
done

# Unattended: no screen, no CPU-governor or core-dump checks, no CPU pinning (the cores are shared);
# the harness binary itself is not instrumented (SharpFuzz speaks the fork-server protocol instead).
# -m none because the .NET runtime reserves far more address space than it uses; the memory bound
# is the harness's own allocation check, and the GC's hard limit turns a runaway into a crash.
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_BIN_CHECK=1 \
  AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_QUIET=1
export DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredPGO=0
afl-fuzz -V "$seconds" -t 5000 -m none -i "fuzz/corpus/$target" -o "$work/findings" \
  -- "$work/app/SimdNn.Fuzz" "$target" >"$work/afl.log" 2>&1 || {
  tail -n 30 "$work/afl.log" >&2
  echo "$target: afl-fuzz failed (log above)" >&2
  exit 2
}

stats=$work/findings/default/fuzzer_stats
stat() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$stats"; }
execs=$(stat execs_done)
crashes=$(stat saved_crashes); crashes=${crashes:-$(stat unique_crashes)}
hangs=$(stat saved_hangs); hangs=${hangs:-$(stat unique_hangs)}
if [ "${crashes:-0}" -gt 0 ]; then
  echo "crashing inputs (replayed through the uninstrumented harness):"
  dotnet build fuzz/Fuzz.csproj -c Release --nologo -v quiet >/dev/null
  dotnet fuzz/bin/Release/net10.0/SimdNn.Fuzz.dll "$target" "$work"/findings/default/crashes/id* 2>&1 | grep -v ': ok$' | head -n 60 || true
fi
[ "${hangs:-0}" -gt 0 ] && ls "$work"/findings/default/hangs/id*
echo "$target: ${execs:-0} execs, ${crashes:-0} crashes, ${hangs:-0} hangs"
[ "${crashes:-0}" -eq 0 ] && [ "${hangs:-0}" -eq 0 ]
