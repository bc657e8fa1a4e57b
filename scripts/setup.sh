#!/usr/bin/env bash
# One-time machine set-up: Debian data packages the tests and the CLI read, AFL++ for scripts/fuzz.sh,
# then NuGet restore and the fuzz project's local tool (SharpFuzz.CommandLine, fuzz/.config).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
[ -d /usr/share/datasets/fashion-mnist ] || need+=(dataset-fashion-mnist)
[ -d /usr/share/libonnx-testdata ] || need+=(libonnx-testdata)
command -v afl-fuzz >/dev/null || need+=(afl++)
source scripts/lib/apt.sh
apt_install "${need[@]}"
dotnet restore simd-nn.sln --nologo -v quiet
(cd fuzz && dotnet tool restore >/dev/null)
