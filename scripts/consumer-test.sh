#!/usr/bin/env bash
# Consumer test: builds, then packs the three libraries (dotnet pack simd-nn.sln --no-build, exactly 3 .nupkg + 3 .snupkg),
# checks what each package holds (the assembly, its XML docs, PACKAGE.md, LICENSE and the MIT
# expression, the dependency on the library below it; the .pdb in the .snupkg), then, in a folder
# outside the repository (so none of its Directory.*.props applies), makes a fresh console project
# that takes SimdNn.Nn.Training from the packed folder, which must bring the other two with it.
# Its Program compiles and runs each package's README example and trains XOR with Backprop and
# Adam, and fails unless the loss fell, XOR is learned and every output is finite.
# Packages are restored into an empty NUGET_PACKAGES, so a stale cached copy cannot hide a fault.
# Exit status: 0 when all of it holds, 1 otherwise. Usage: bash scripts/consumer-test.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
work=$(mktemp -d /tmp/simdnn-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT
feed=$work/feed app=$work/app
start=$SECONDS
fail() { echo "consumer test: FAIL: $*" >&2; exit 1; }

version=$(dotnet msbuild "$repo/Numerics.Simd/Numerics.Simd.csproj" -getProperty:Version)
# Built first, then packed without building: a pack that builds the whole solution builds a library
# once per set of global properties its many referencing projects pass, in parallel into one folder,
# and one of those builds can rewrite a .pdb while the symbol package is being zipped (CI saw
# SimdNn.Nn.Training.snupkg without its .pdb). The build is a no-op after .ci/run's own.
dotnet build "$repo/simd-nn.sln" -c Release --nologo -v quiet
dotnet pack "$repo/simd-nn.sln" -c Release --no-build -o "$feed" --nologo -v quiet

# Only the libraries are packable; any other file here is a project that forgot IsPackable false.
expected="SimdNn.Nn.Dense.$version.nupkg SimdNn.Nn.Dense.$version.snupkg SimdNn.Nn.Training.$version.nupkg SimdNn.Nn.Training.$version.snupkg SimdNn.Numerics.Simd.$version.nupkg SimdNn.Numerics.Simd.$version.snupkg"
found=$(cd "$feed" && LC_ALL=C ls | tr '\n' ' ' | sed 's/ $//')
[ "$found" = "$expected" ] || fail "packed [$found], expected [$expected]"

# package id, assembly name, the package it depends on (none for the lowest).
while read -r id assembly dependency; do
  package=$feed/$id.$version.nupkg
  listing=$(unzip -l "$package")
  for file in "lib/net10.0/$assembly.dll" "lib/net10.0/$assembly.xml" PACKAGE.md LICENSE; do
    grep -qF " $file" <<<"$listing" || fail "$id lacks $file"
  done
  nuspec=$(unzip -p "$package" "$id.nuspec")
  grep -qF '<license type="expression">MIT</license>' <<<"$nuspec" || fail "$id: no MIT license expression"
  grep -qF '<readme>PACKAGE.md</readme>' <<<"$nuspec" || fail "$id: no readme"
  if [ "$dependency" != - ]; then
    grep -qF "<dependency id=\"$dependency\" version=\"$version\"" <<<"$nuspec" || fail "$id does not depend on $dependency $version"
  fi
  unzip -l "$feed/$id.$version.snupkg" | grep -qF " lib/net10.0/$assembly.pdb" || fail "$id.snupkg lacks $assembly.pdb"
done <<EOF
SimdNn.Numerics.Simd Numerics.Simd -
SimdNn.Nn.Dense Nn.Dense SimdNn.Numerics.Simd
SimdNn.Nn.Training Nn.Training SimdNn.Nn.Dense
EOF

# The packed folder is the only source of SimdNn.* (source mapping), nuget.org of anything else.
mkdir -p "$app"
cat >"$app/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="SimdNn.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
EOF
export NUGET_PACKAGES=$work/packages
cd "$app"
dotnet new console --framework net10.0 --name Consumer --output . >/dev/null
dotnet add package SimdNn.Nn.Training --version "$version" >/dev/null
transitive=$(dotnet list package --include-transitive)
for id in SimdNn.Nn.Dense SimdNn.Numerics.Simd; do
  grep -qE "> $id +$version" <<<"$transitive" || fail "$id $version did not come with SimdNn.Nn.Training: $transitive"
done

# Each README's first C# block becomes Example<n>.Run(): its using directives above, the rest inside.
examples=()
n=0
for library in Numerics.Simd Nn.Dense Nn.Training; do
  n=$((n + 1))
  block=$(awk '/^```csharp$/ { inside = 1; next } /^```$/ && inside { exit } inside' "$repo/$library/PACKAGE.md")
  [ -n "$block" ] || fail "$library/PACKAGE.md has no C# example"
  {
    grep -E '^using [A-Za-z.]+;$' <<<"$block" || true
    echo "internal static class Example$n"
    echo "{"
    echo "    public static void Run()"
    echo "    {"
    grep -vE '^using [A-Za-z.]+;$' <<<"$block" | sed 's/^/        /'
    echo "    }"
    echo "}"
  } >"Example$n.cs"
  examples+=("Example$n.Run();")
done

cat >Program.cs <<EOF
using Nn.Dense;
using Nn.Training;

$(printf '%s\n' "${examples[@]}")

// XOR with a hand-written loop: one batch of all four samples, class indices as targets.
float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
float[] targets = [0, 1, 1, 0];
var network = new Network(new DenseLayer(2, 8, Activation.Tanh), new DenseLayer(8, 2, Activation.Softmax));
network.Initialize(seed: 7);
var loss = Loss.CrossEntropy();
var gradients = new Gradients(network);
var optimizer = new Adam(0.05f);
float firstLoss = float.NaN, lastLoss = float.NaN;
for (int step = 0; step < 300; step++)
{
    gradients.Clear();
    lastLoss = Backprop.ComputeGradients(network, inputs, targets, 4, loss, gradients);
    if (step == 0) firstLoss = lastLoss;
    optimizer.Step(network, gradients);
}
var outputs = new float[8];
network.Predict(inputs, 4, outputs);
int correct = 0;
for (int sample = 0; sample < 4; sample++)
{
    int predicted = outputs[2 * sample + 1] > outputs[2 * sample] ? 1 : 0;
    if (predicted == (int)targets[sample]) correct++;
}
bool finite = Array.TrueForAll(outputs, float.IsFinite);
Console.WriteLine($"xor: loss {firstLoss:F4} -> {lastLoss:F4}, {correct}/4 correct, outputs [{string.Join(", ", outputs)}]");
if (!finite || !(lastLoss < firstLoss / 4) || correct != 4)
{
    Console.WriteLine("xor: FAIL (want finite outputs, the loss below a quarter of its start, 4/4 correct)");
    return 1;
}
return 0;
EOF

output=$(dotnet run -c Release 2>&1) || { echo "$output"; fail "the consumer program failed"; }
echo "$output"
# The Numerics.Simd example's product, worked by hand: [1 2 3; 4 5 6]·[7 8; 9 10; 11 12].
grep -qF 'C = [58, 64, 139, 154]' <<<"$output" || fail "the Numerics.Simd example printed a wrong product"
echo "consumer test: OK (SimdNn.* $version from a local feed, $((SECONDS - start)) s)"
