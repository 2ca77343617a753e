#!/usr/bin/env bash
# Runs the default test suite (set-up included) and ends with one line "N passed, N failed".
# Long statistical sweeps are tagged [Trait("Category", "Long")] and run with: eng/test.sh --long
set -uo pipefail
cd "$(dirname "$0")/.."
bash eng/setup.sh || exit 1

filter="Category!=Long"
[ "${1:-}" = "--long" ] && filter="Category=Long"

log=$(mktemp)
dotnet test StochasticAD.slnx -c Release --nologo --filter "$filter" \
  --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test project, e.g.
#   Passed!  - Failed:     0, Passed:    85, Skipped:     0, Total:    85, Duration: 3 s
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the runner failed before any test could
fi
echo "$passed passed, $failed failed"
exit "$status"
