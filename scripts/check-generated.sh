#!/usr/bin/env bash
# Proves that every generated file matches its generator: runs each scripts/gen-*.py into a
# temporary folder and compares what it writes with the repository's copy, and checks that every
# file in a Kernels/ folder is written by one of them (nothing hand-written or stale lives there).
# Prints each file that differs and exits 1; exits 0 when all match. Needs python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for generator in scripts/gen-*.py; do
  python3 "$generator" --out "$out"
done

status=0
while IFS= read -r generated; do
  file=${generated#"$out"/}
  if [ ! -f "$file" ]; then
    echo "missing: $file (written by a generator, not in the repository)"
    status=1
  elif ! cmp -s "$generated" "$file"; then
    echo "differs from its generator: $file"
    diff -u "$generated" "$file" | head -20 || true
    status=1
  fi
done < <(find "$out" -type f | sort)

while IFS= read -r file; do
  if [ ! -f "$out/$file" ]; then
    echo "not generated: $file (a Kernels/ folder holds generated files only)"
    status=1
  fi
done < <(find . -path ./.git -prune -o -path '*/bin' -prune -o -path '*/obj' -prune -o -type f -path '*/Kernels/*' -print | sed 's|^\./||' | sort)

if [ "$status" -eq 0 ]; then
  echo "generated files: $(find "$out" -type f | wc -l) match their generators"
fi
exit $status
