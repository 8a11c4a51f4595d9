#!/usr/bin/env bash
# Rewrites PublicAPI/<tfm>/PublicAPI.Unshipped.txt of every shipped library with the analyzer's own code fix, so that it
# lists exactly the public API that is not in PublicAPI.Shipped.txt. Run it after changing a public member, then review
# the diff of the listings. Usage: eng/update-public-api.sh [project.csproj ...]   (default: every shipped library in src/)
#
# - The analyzer has a code fix for RS0016 (public API not listed) but none for RS0017 (listed API gone), so each
#   Unshipped file is first cut back to its '#nullable enable' header and its deliberate '*REMOVED*' lines, then
#   `dotnet format` adds back what exists. A member removed from Shipped stays an RS0017 error until you add its
#   '*REMOVED*<line>' to Unshipped by hand: that is a breaking change, made on purpose.
# - `dotnet format` applies the fix to the first target framework of a multi-targeted project only, so each framework
#   is loaded on its own (TargetFramework from the environment makes the workspace load that one framework).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  for p in src/*/*.csproj; do
    [ "$(dotnet msbuild "$p" -getProperty:IsShippedLibrary)" = "true" ] && projects+=("$p")
  done
fi

for p in "${projects[@]}"; do
  dir=$(dirname "$p")
  tfms=$(dotnet msbuild "$p" -getProperty:TargetFrameworks)
  [ -n "$tfms" ] || tfms=$(dotnet msbuild "$p" -getProperty:TargetFramework)
  dotnet restore "$p" --verbosity quiet
  for tfm in ${tfms//;/ }; do
    mkdir -p "$dir/PublicAPI/$tfm"
    for f in Shipped Unshipped; do
      [ -f "$dir/PublicAPI/$tfm/PublicAPI.$f.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI/$tfm/PublicAPI.$f.txt"
    done
    unshipped="$dir/PublicAPI/$tfm/PublicAPI.Unshipped.txt"
    { printf '#nullable enable\n'; grep '^\*REMOVED\*' "$unshipped" || true; } > "$unshipped.new"
    mv "$unshipped.new" "$unshipped"
    echo "public API: $p ($tfm)"
    TargetFramework="$tfm" dotnet format analyzers "$p" --no-restore --diagnostics RS0016 RS0017 --severity warn
  done
done
