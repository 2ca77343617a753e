#!/usr/bin/env bash
# The cluster's scaling and overhead, measured with real silo processes on loopback, one core each:
#   local   : the local engine on core 0 with one thread
#   1 silo  : a silo on core 0 (one thread per batch), the client on core 1
#   2 silos : silos on cores 0 and 1 (one thread each), the client unpinned
# on the random walk (default 10^6 samples) and on Game of Life (default 20 000 samples).
#
# Wall-clock times move with the machine's load (printed first and last), so each run also records
# CPU seconds (from /proc for the silos, GNU time for the local and client processes), which other
# jobs on the machine do not inflate:
#   overhead (CPU)  = (silo CPU + client CPU of the 1-silo run) / local CPU − 1
#   speed-up (CPU)  = silo CPU of the 1-silo run / the larger silo's CPU in the 2-silo run
#                     (the wall-clock speed-up when each silo has a core of its own and never waits)
#   balanced        = 2 × silo CPU of the 1-silo run / both silos' CPU in the 2-silo run (the same, if the
#                     silos had equal cores: under uneven load the silo with more core time takes more batches)
# Usage: bash eng/cluster-bench.sh [random-walk samples] [game-of-life samples]
set -euo pipefail
cd "$(dirname "$0")/.."
walk_samples=${1:-1000000}
life_samples=${2:-20000}
dotnet build src/StochasticAD.Cli -c Release --nologo -v q >/dev/null
stochad=(dotnet src/StochasticAD.Cli/bin/Release/net10.0/stochad.dll)
tick=$(getconf CLK_TCK)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

field() { sed -E "s/.*\"$1\":([0-9.eE+-]+).*/\1/"; }
cpu_of() { awk -v t="$tick" '{printf "%.3f", ($14 + $15) / t}' "/proc/$1/stat"; }
start_silo() { # core, then silo options
  local core=$1; shift
  local log; log=$(mktemp)
  taskset -c "$core" "${stochad[@]}" silo --threads 1 "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do grep -q "Ctrl+C stops" "$log" && return 0; sleep 0.5; done
  echo "cluster-bench: the silo did not start:" >&2; cat "$log" >&2; return 1
}
timed() { # runs a command; prints its stdout, then its CPU seconds on the last line
  local t; t=$(mktemp)
  /usr/bin/time -f "%U %S" -o "$t" "$@"
  awk '{printf "%.3f\n", $1 + $2}' "$t"
}
samples_of() { if [ "$1" = game-of-life ]; then echo "$life_samples"; else echo "$walk_samples"; fi; }

echo "load before: $(uptime)"
declare -A local_wall local_cpu one_wall one_cpu two_wall two_cpu
for model in random-walk game-of-life; do
  out=$(timed taskset -c 0 "${stochad[@]}" estimate "$model" --samples "$(samples_of $model)" --seed 7 --json --threads 1)
  local_wall[$model]=$(echo "$out" | head -1 | field seconds)
  local_cpu[$model]=$(echo "$out" | tail -1)
  echo "$model local (1 thread, core 0): ${local_wall[$model]} s wall, ${local_cpu[$model]} s CPU, mean $(echo "$out" | head -1 | field mean)"
done

start_silo 0
silo_a=${pids[0]}
for model in random-walk game-of-life; do
  taskset -c 1 "${stochad[@]}" estimate "$model" --samples 2000 --cluster localhost:30000 --json >/dev/null # JIT the silo
  a0=$(cpu_of "$silo_a")
  out=$(timed taskset -c 1 "${stochad[@]}" estimate "$model" --samples "$(samples_of $model)" --seed 7 --json --cluster localhost:30000)
  a1=$(cpu_of "$silo_a")
  one_wall[$model]=$(echo "$out" | head -1 | field seconds)
  one_cpu[$model]=$(awk -v a0="$a0" -v a1="$a1" 'BEGIN {printf "%.3f", a1 - a0}')
  client=$(echo "$out" | tail -1)
  echo "$model 1 silo (core 0): ${one_wall[$model]} s wall, silo ${one_cpu[$model]} s CPU + client $client s CPU, mean $(echo "$out" | head -1 | field mean)"
  awk -v m="$model" -v l="${local_cpu[$model]}" -v s="${one_cpu[$model]}" -v c="$client" -v lw="${local_wall[$model]}" -v w="${one_wall[$model]}" 'BEGIN {
    printf "%s: overhead of 1 silo vs local: CPU %+.1f%%, wall %+.1f%% (target <= 10%%)\n", m, 100 * (s + c - l) / l, 100 * (w - lw) / lw }'
done

start_silo 1 --silo-port 11112 --gateway-port 30001
silo_b=${pids[1]}
for model in random-walk game-of-life; do
  "${stochad[@]}" estimate "$model" --samples 2000 --cluster localhost:30000 --json >/dev/null # JIT the new silo
  a0=$(cpu_of "$silo_a"); b0=$(cpu_of "$silo_b")
  out=$("${stochad[@]}" estimate "$model" --samples "$(samples_of $model)" --seed 7 --json --cluster localhost:30000)
  a1=$(cpu_of "$silo_a"); b1=$(cpu_of "$silo_b")
  two_wall[$model]=$(echo "$out" | field seconds)
  read -r ca cb < <(awk -v a0="$a0" -v a1="$a1" -v b0="$b0" -v b1="$b1" 'BEGIN {printf "%.3f %.3f\n", a1 - a0, b1 - b0}')
  echo "$model 2 silos (cores 0, 1): ${two_wall[$model]} s wall, silo CPU $ca s + $cb s, mean $(echo "$out" | field mean)"
  awk -v m="$model" -v one="${one_cpu[$model]}" -v ca="$ca" -v cb="$cb" -v w1="${one_wall[$model]}" -v w2="${two_wall[$model]}" 'BEGIN {
    printf "%s: speed-up of 2 silos vs 1: CPU %.2fx (balanced: %.2fx), wall %.2fx (target >= 1.8)\n", m, one / (ca > cb ? ca : cb), 2 * one / (ca + cb), w1 / w2 }'
done
echo "load after: $(uptime)"
