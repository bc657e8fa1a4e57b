#!/usr/bin/env bash
# Native AOT: publishes simd-nn for linux-x64 into out/aot/ with trim and AOT warnings as errors, then
# runs the binary's `verify`, a 2-epoch training run on the embedded digits and an `evaluate` of the
# model it wrote, and prints the binary's size and start-up time (for information, never a gate).
#
# Usage: scripts/aot.sh [--instruction-set SET] [more dotnet publish arguments]
# A portable AOT binary targets x86-64-v2 and compiles Vector256/512.IsHardwareAccelerated as false,
# so it runs the Vector128 kernels however wide the machine; --instruction-set x86-64-v3 (AVX2, FMA),
# x86-64-v4 (AVX-512) or native (this CPU) gives the wider paths to a binary that then refuses to
# start on a CPU without them.
set -euo pipefail
cd "$(dirname "$0")/.."

instruction_set=""
if [ "${1:-}" = "--instruction-set" ]; then instruction_set=$2; shift 2; fi

# The AOT compiler links with clang (gcc as its fallback) and strips symbols with objcopy. zlib1g-dev,
# in the usual list of prerequisites, is not needed on .NET 10: the runtime pack carries its own libz.a
# and the binary links only libc and libm dynamically.
need=()
command -v clang >/dev/null || command -v gcc >/dev/null || need+=(clang)
command -v objcopy >/dev/null || command -v llvm-objcopy >/dev/null || need+=(binutils)
source scripts/lib/apt.sh
apt_install --no-install-recommends "${need[@]}"

out=out/aot
rm -rf "$out"
seconds=$SECONDS
# Warnings as errors reach ILC through IlcTreatWarningsAsErrors (its own switch, --warnaserror, which
# defaults to TreatWarningsAsErrors); SuppressTrimAnalysisWarnings=false keeps ILC from dropping the
# trim analysis (--notrimwarn); the analyzers catch the same calls earlier, at compile time. Checked by
# adding a Type.GetType(string) call to cli/: IL2057 fails the build, and with both analyzers switched
# off (-p:EnableTrimAnalyzer=false -p:EnableAotAnalyzer=false) ILC fails on it in turn.
dotnet publish cli/cli.csproj -c Release -r linux-x64 -o "$out" --nologo -v quiet \
  -p:PublishAot=true -p:TreatWarningsAsErrors=true -p:IlcTreatWarningsAsErrors=true \
  -p:SuppressTrimAnalysisWarnings=false \
  ${instruction_set:+-p:IlcInstructionSet=$instruction_set} "$@"
echo "aot: published $out/simd-nn in $((SECONDS - seconds)) s"
binary=$PWD/$out/simd-nn

"$binary" verify

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && "$binary" train --data digits --epochs 2 --seed 1 --out digits.snn)
[ -s "$work/digits.snn" ] || { echo "aot: train wrote no model file" >&2; exit 1; }
(cd "$work" && "$binary" evaluate --model digits.snn --data digits --seed 1)

echo "aot: binary size $(du -h "$binary" | cut -f1) ($(stat -c %s "$binary") bytes)"
jit=cli/bin/Release/net10.0/simd-nn
if command -v hyperfine >/dev/null; then
  commands=("$binary --version")
  [ -x "$jit" ] && commands+=("$jit --version")
  hyperfine -N --warmup 3 --runs 20 "${commands[@]}"
else
  # Mean wall time of 20 runs of `--version` (start-up and exit), in milliseconds.
  startup() {
    local begin end
    "$@" >/dev/null
    begin=$(date +%s%N)
    for _ in $(seq 20); do "$@" >/dev/null; done
    end=$(date +%s%N)
    echo $(((end - begin) / 20000000))
  }
  echo "aot: start-up (simd-nn --version, mean of 20): $(startup "$binary" --version) ms Native AOT"
  [ -x "$jit" ] && echo "aot: start-up (simd-nn --version, mean of 20): $(startup "$jit" --version) ms JIT (apphost)"
fi
echo "aot: passed"
