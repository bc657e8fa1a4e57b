#!/usr/bin/env bash
# Runs every test project once per instruction-set cap and prints, per cap and in total,
# a closing line "N passed, N failed". Assumes a Release build (scripts/setup.sh, then
# dotnet build -c Release), or pass --build to build first.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--build" ]; then
  bash scripts/setup.sh && dotnet build simd-nn.sln -c Release --nologo -v quiet || exit 1
fi
caps=${SIMDNN_CAPS:-"512 256 128 0"}
total_passed=0; total_failed=0; status=0
for cap in $caps; do
  log=$(mktemp)
  # The grep's "no match" is swallowed inside its own group, so that PIPESTATUS[0] stays dotnet
  # test's status (an "|| true" after the pipeline would replace it with true's 0).
  SIMDNN_MAX_VECTOR_BITS=$cap dotnet test simd-nn.sln -c Release --no-build --nologo 2>&1 | tee "$log" \
    | { grep -E '^(Passed!|Failed!)|\[FAIL\]|error' || true; }
  rc=${PIPESTATUS[0]}
  passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  passed=${passed:-0}; failed=${failed:-0}
  projects=$(grep -cE '^(Passed!|Failed!)' "$log" || true)
  if [ "$rc" -ne 0 ] || [ "$projects" -eq 0 ] || [ "$failed" -gt 0 ]; then status=1; [ "$failed" -eq 0 ] && failed=1; fi
  # A failing test's message and the top of its stack, so that a CI log says what failed.
  [ "$failed" -gt 0 ] && grep -A8 'Error Message:' "$log"
  echo "SIMDNN_MAX_VECTOR_BITS=$cap: $passed passed, $failed failed"
  total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed))
  rm -f "$log"
done
echo "total: $total_passed passed, $total_failed failed"
exit $status
