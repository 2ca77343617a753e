#!/usr/bin/env bash
# Builds the documentation site (API reference from the XML docs + the articles in docs/, landing
# page = the README) into artifacts/site with docfx, a local .NET tool (.config/dotnet-tools.json).
# Broken links and unresolved cross-references are errors: the script fails on any docfx warning.
# Preview: dotnet docfx serve artifacts/site
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
rm -rf artifacts/site api
dotnet docfx docfx.json --warningsAsErrors
echo "docs: site written to artifacts/site ($(find artifacts/site -name '*.html' | wc -l) pages)"
