#!/usr/bin/env bash
# Builds the NuGet packages into artifacts/packages (or $1):
#   StochasticAD (library) + .snupkg symbols,
#   StochasticAD.Models (the built-in models and the filtering code) + .snupkg symbols,
#   StochasticAD.Cli (the `stochad` .NET tool): a pointer package, one package per platform
#   (linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64) and a portable `any` package (win-arm64
#   natives only), each with .snupkg symbols.
# Then checks them as a user would (unless --no-verify): installs the tool from that folder into a
# temporary tool path and runs `stochad list`, and builds a consumer project that restores the library
# and models packages, runs the README's quickstart and estimates a built-in model's derivative.
# Prints the package and install sizes.
# The publisher sets the repository URL with REPOSITORY_URL=https://… (SourceLink reads the git remote).
# Builds use their own artifacts path, so packing never touches the bin/obj of a running build or test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

verify=1
out="$root/artifacts/packages"
for arg in "$@"; do
  case "$arg" in
    --no-verify) verify=0 ;;
    -*) echo "pack: unknown option $arg" >&2; exit 2 ;;
    *) out=$(realpath -m "$arg") ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$build" "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"

props=(-c Release --nologo -v q --artifacts-path "$build")
[ -n "${REPOSITORY_URL:-}" ] && props+=(-p:RepositoryUrl="$REPOSITORY_URL")

echo "pack: StochasticAD"
dotnet pack src/StochasticAD "${props[@]}" -o "$out"
echo "pack: StochasticAD.Models"
dotnet pack src/StochasticAD.Models "${props[@]}" -o "$out"
echo "pack: StochasticAD.Cli (one package per platform)"
dotnet pack src/StochasticAD.Cli "${props[@]}" -p:PackPerPlatform=true -o "$out"

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)

# Sizes: packed, and installed (the unpacked tool folder of the package the current platform installs).
echo
echo "packages in $out:"
for f in "$out"/*.nupkg "$out"/*.snupkg; do
  printf '  %-48s %8.1f MB packed, %8.1f MB unpacked\n' "$(basename "$f")" \
    "$(awk -v b="$(stat -c %s "$f")" 'BEGIN{print b/1048576}')" \
    "$(unzip -l "$f" | tail -n 1 | awk '{print $1/1048576}')"
done

[ "$verify" -eq 1 ] || exit 0

echo
echo "verify: install the tool from $out into a temporary tool path"
dotnet tool install StochasticAD.Cli --version "$version" --tool-path "$work/tools" --add-source "$out" \
  --ignore-failed-sources >/dev/null
installed=$(du -sm "$work/tools" | cut -f1)
files=$(du -sm --exclude='*.nupkg' "$work/tools" | cut -f1)
echo "verify: installed size $installed MB (tool path $work/tools; $files MB without the copies of the packages the .NET SDK keeps there)"
"$work/tools/stochad" list

# The tool leaves out the Roslyn assemblies that Orleans lists but never loads: run a silo from the
# installed tool and an estimate on it. Random ports, so that parallel runs do not meet.
silo_port=$((20000 + RANDOM % 20000))
gateway_port=$((silo_port + 1))
echo "verify: the installed tool runs a silo (ports $silo_port, $gateway_port) and an estimate on it"
"$work/tools/stochad" silo --silo-port "$silo_port" --gateway-port "$gateway_port" --primary "127.0.0.1:$silo_port" \
  >"$work/silo.log" 2>&1 &
silo_pid=$!
trap 'kill "$silo_pid" 2>/dev/null || true; rm -rf "$build" "$work"' EXIT
for _ in $(seq 120); do
  grep -q "Ctrl+C stops" "$work/silo.log" && break
  kill -0 "$silo_pid" 2>/dev/null || break
  sleep 0.5
done
"$work/tools/stochad" estimate random-walk --samples 2000 --seed 1 --json --cluster "localhost:$gateway_port" | sed 's/^/cluster: /'
kill "$silo_pid"
wait "$silo_pid" 2>/dev/null || true

echo
echo "verify: a consumer project restores StochasticAD and StochasticAD.Models $version from $out, runs the README quickstart and a built-in model"
mkdir -p "$work/consumer"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$out" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <!-- A private packages folder, so that a package of the same version packed earlier is never reused. -->
    <RestorePackagesPath>$work/nuget</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="StochasticAD" Version="$version" />
    <PackageReference Include="StochasticAD.Models" Version="$version" />
  </ItemGroup>
</Project>
XML
# The quickstart exactly as the README shows it (the first csharp block), plus a line that prints.
awk '/^```csharp$/{f=1; next} /^```$/{if (f) exit} f' README.md > "$work/consumer/Program.cs"
cat >> "$work/consumer/Program.cs" <<'CS'
System.Console.WriteLine(System.FormattableString.Invariant($"quickstart: x = {x}, triple = {st}, estimate = {d}"));
// The models package: the random walk from the catalog, through the estimation engine.
StochasticAD.Models.StochasticModel walk = StochasticAD.Models.ModelCatalog.Create("random-walk");
EstimationResult walkEstimate = Estimator.Derivative(walk, walk.DefaultP, EstimatorKind.Triple, new EstimationOptions { Samples = 2000, Seed = 1 });
System.Console.WriteLine(System.FormattableString.Invariant(
    $"models: {walk.Name} dE/dp = {walkEstimate.Mean} ± {walkEstimate.StandardError}, exact {walk.ExactDerivative(walk.DefaultP)}"));
CS
dotnet run --project "$work/consumer" -c Release 2>&1 | tail -n 5
echo "pack: done"
