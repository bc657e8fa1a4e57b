#!/usr/bin/env bash
# ARM64 under emulation: publishes simd-nn self-contained for linux-arm64 into out/arm64/ and runs its
# kernel checks (`verify --single`) under qemu-aarch64-static on the Vector128 (AdvSimd) and scalar
# paths, failing on any failed check or on a path other than the one asked for; then plain `verify`,
# which cannot re-launch itself there (no binfmt registration) and checks its own path in-process.
set -euo pipefail
cd "$(dirname "$0")/.."

sysroot=/usr/aarch64-linux-gnu
need=()
command -v qemu-aarch64-static >/dev/null || need+=(qemu-user-static)
[ -e "$sysroot/lib/ld-linux-aarch64.so.1" ] || need+=(libc6-arm64-cross)
# libstdc++ and libgcc_s for the runtime's native parts; ICU is not needed (InvariantGlobalization).
[ -e "$sysroot/lib/libstdc++.so.6" ] || need+=(libstdc++6-arm64-cross)
source scripts/lib/apt.sh
apt_install --no-install-recommends "${need[@]}"

out=out/arm64
rm -rf "$out"
seconds=$SECONDS
dotnet publish cli/cli.csproj -c Release -r linux-arm64 --self-contained -o "$out" --nologo -v quiet
echo "arm64: published $out/simd-nn in $((SECONDS - seconds)) s"

# QEMU_LD_PREFIX rather than -L, so that a child started through a binfmt registration (where there is
# one) finds the same libraries. W^X off: its double mapping of code pages (memfd) has crashed .NET under
# qemu-user (dotnet/runtime issue 94909; .NET does not support qemu); with Debian 12's qemu 7.2 the checks
# pass either way in the same time, so this is insurance.
# Tiered compilation off: the checks spend their time in loops, and jitting each method once, fully
# optimized, took about a quarter less CPU under qemu than tiering up (ReadyToRun saved less than it
# cost to compile).
emulate() {
  local bits=$1; shift
  QEMU_LD_PREFIX=$sysroot DOTNET_EnableWriteXorExecute=0 DOTNET_TieredCompilation=0 SIMDNN_MAX_VECTOR_BITS=$bits \
    qemu-aarch64-static "$out/simd-nn" "$@"
}

status=0
for bits in 128 0; do
  seconds=$SECONDS
  lines=$(emulate "$bits" verify --single) || { echo "arm64: verify --single on path $bits exited with $?" >&2; status=1; }
  # RESULT <name> <bits> <cases> <failures> <worst ratio> <first failure>, tab-separated.
  summary=$(awk -F'\t' -v want="$bits" '
    $1 == "RESULT" { n++; if ($3 != want || $4 == 0 || $5 != 0) { bad++; print "arm64: FAIL " $2 " on path " $3 ": " $5 " of " $4 " cases failed " $7 > "/dev/stderr" } }
    END { printf "%d checks, %d failed", n, bad + 0; exit (n == 0 || bad > 0) }' <<<"$lines") || status=1
  echo "arm64: verify --single, SIMDNN_MAX_VECTOR_BITS=$bits: $summary ($((SECONDS - seconds)) s)"
done

seconds=$SECONDS
if emulate 128 verify; then echo "arm64: plain verify passed ($((SECONDS - seconds)) s)"; else echo "arm64: plain verify failed" >&2; status=1; fi
[ "$status" -eq 0 ] && echo "arm64: passed"
exit "$status"
