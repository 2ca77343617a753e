#!/usr/bin/env bash
# The cluster's scaling and overhead, measured with real silo processes on loopback, one core each:
#   local   : the local engine on core 0 with one thread
#   1 silo  : a silo on core 0 (one thread per batch), the client on core 1
#   2 silos : silos on cores 0 and 1 (one thread each), the client unpinned
# on the random walk (default 10^6 samples) and on Game of Life (default 20 000 samples).
# Prints each run's seconds and samples/second, the 2-silo speed-up and the 1-silo overhead.
# The machine's load (uptime) is printed first and last: on a shared machine the numbers move with it.
# Usage: bash eng/cluster-bench.sh [random-walk samples] [game-of-life samples]
set -euo pipefail
cd "$(dirname "$0")/.."
walk_samples=${1:-1000000}
life_samples=${2:-20000}
dotnet build src/StochasticAD.Cli -c Release --nologo -v q >/dev/null
stochad=(dotnet src/StochasticAD.Cli/bin/Release/net10.0/stochad.dll)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

seconds() { sed -E 's/.*"seconds":([0-9.eE+-]+).*/\1/'; }
mean() { sed -E 's/.*"mean":([0-9.eE+-]+).*/\1/'; }
start_silo() { # core, then silo options
  local core=$1; shift
  local log; log=$(mktemp)
  taskset -c "$core" "${stochad[@]}" silo --threads 1 "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do grep -q "Ctrl+C stops" "$log" && return 0; sleep 0.5; done
  echo "cluster-bench: the silo did not start:" >&2; cat "$log" >&2; return 1
}
estimate() { # model samples [extra options]
  local model=$1 samples=$2; shift 2
  "${stochad[@]}" estimate "$model" --samples "$samples" --seed 7 --json "$@"
}

echo "load before: $(uptime)"
declare -A local_s one_s two_s
for model in random-walk game-of-life; do
  n=$walk_samples; [ "$model" = game-of-life ] && n=$life_samples
  local_json=$(taskset -c 0 "${stochad[@]}" estimate "$model" --samples "$n" --seed 7 --json --threads 1)
  local_s[$model]=$(echo "$local_json" | seconds)
  echo "$model local (1 thread, core 0): ${local_s[$model]} s, mean $(echo "$local_json" | mean)"
done

start_silo 0
for model in random-walk game-of-life; do
  n=$walk_samples; [ "$model" = game-of-life ] && n=$life_samples
  taskset -c 1 "${stochad[@]}" estimate "$model" --samples 2000 --cluster localhost:30000 --json >/dev/null # JIT the silo
  json=$(taskset -c 1 "${stochad[@]}" estimate "$model" --samples "$n" --seed 7 --json --cluster localhost:30000)
  one_s[$model]=$(echo "$json" | seconds)
  echo "$model 1 silo (core 0): ${one_s[$model]} s, mean $(echo "$json" | mean)"
done

start_silo 1 --silo-port 11112 --gateway-port 30001
for model in random-walk game-of-life; do
  n=$walk_samples; [ "$model" = game-of-life ] && n=$life_samples
  estimate "$model" 2000 --cluster localhost:30000 >/dev/null # JIT the new silo
  json=$(estimate "$model" "$n" --cluster localhost:30000)
  two_s[$model]=$(echo "$json" | seconds)
  echo "$model 2 silos (cores 0, 1): ${two_s[$model]} s, mean $(echo "$json" | mean)"
done

for model in random-walk game-of-life; do
  awk -v m="$model" -v l="${local_s[$model]}" -v one="${one_s[$model]}" -v two="${two_s[$model]}" 'BEGIN {
    printf "%s: speed-up 2 silos / 1 silo = %.2fx (target >= 1.8); overhead 1 silo vs local = %+.1f%% (target <= 10%%)\n", m, one / two, 100 * (one - l) / l }'
done
echo "load after: $(uptime)"
