#!/usr/bin/env bash
# Regenerates each library's PublicAPI.Unshipped.txt from the current code, after an API change or
# a merge (a conflict in an Unshipped file is resolved by running this). PublicAPI.Shipped.txt is
# the released line and is kept: a public member not in it is listed in Unshipped (the analyzer's
# RS0016 fix, applied by dotnet format), a shipped member no longer in the code as
# "*REMOVED*member" (from the build's RS0017 diagnostics). Review the diff, then commit it.
#   bash scripts/update-public-api.sh [library ...]   default: Numerics.Simd Nn.Dense Nn.Training
#   bash scripts/update-public-api.sh --ship          at a release: Unshipped moves into Shipped
# Exit status: non-zero when a library still does not build with its lists afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

ship=false
if [ "${1:-}" = "--ship" ]; then ship=true; shift; fi
# Lowest first: a library's build compiles the ones below it, which must already agree with their lists.
libraries=("$@")
[ ${#libraries[@]} -gt 0 ] || libraries=(Numerics.Simd Nn.Dense Nn.Training)

# The file's first line turns on nullable annotations in the entries (string! vs string?);
# the rest sorted, so that a regenerated file differs from the last one by the real changes only.
write_sorted() { # file, entries on stdin
  # (grep finds nothing when there are no entries: that is not an error.)
  { echo '#nullable enable'; { grep -v -e '^#nullable enable$' -e '^$' || true; } | LC_ALL=C sort -u; } >"$1.new"
  mv "$1.new" "$1"
}

for library in "${libraries[@]}"; do
  shipped=$library/PublicAPI.Shipped.txt unshipped=$library/PublicAPI.Unshipped.txt
  [ -f "$shipped" ] || { echo "$shipped not found" >&2; exit 1; }
  if $ship; then
    # Shipped = Shipped - removed + added; Unshipped empty.
    removed=$(sed -n 's/^\*REMOVED\*//p' "$unshipped")
    { grep -vxF -f <(printf '%s\n' "$removed") "$shipped" || true
      grep -v '^\*REMOVED\*' "$unshipped" || true; } | write_sorted "$shipped"
    echo '#nullable enable' >"$unshipped"
    continue
  fi
  echo '#nullable enable' >"$unshipped"
  dotnet format analyzers "$library/$library.csproj" --diagnostics RS0016 --severity warn >/dev/null
  # RS0017 stays a warning here so that the build lists every one; touching an input makes the
  # compiler run (an up-to-date project would report nothing).
  touch "$shipped"
  log=$(dotnet build "$library/$library.csproj" -c Release --nologo -v quiet -p:WarningsNotAsErrors=RS0017 2>&1 || true)
  removed=$(grep -oE "warning RS0017: Symbol '.*' is part of the declared API" <<<"$log" \
    | sed -E "s/^warning RS0017: Symbol '(.*)' is part of the declared API$/*REMOVED*\1/" || true)
  { cat "$unshipped"; printf '%s\n' "$removed"; } | write_sorted "$unshipped"
  echo "$library: $(($(wc -l <"$unshipped") - 1)) unshipped entries"
done

status=0
for library in "${libraries[@]}"; do
  touch "$library/PublicAPI.Shipped.txt"
  dotnet build "$library/$library.csproj" -c Release --nologo -v quiet >/dev/null 2>&1 || {
    echo "$library does not build with its PublicAPI lists: dotnet build $library/$library.csproj -c Release" >&2
    status=1
  }
done
git status --short -- '*/PublicAPI.*.txt'
exit $status
