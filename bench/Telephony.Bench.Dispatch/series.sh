#!/bin/sh
# Runs each dispatch measurement RUNS times (default 3), one after the other, and prints the figure lines with the
# machine's load before each run: the figures of bench/README.md (Dispatch) come from this.
# usage: bench/Telephony.Bench.Dispatch/series.sh [RUNS] [DLL]   (DLL: another build of the bench, e.g. a baseline)
set -eu
RUNS=${1:-3}
DLL=${2:-$(dirname "$0")/bin/Release/net10.0/Telephony.Bench.Dispatch.dll}
for args in "throughput --dispatch-only" "throughput" "backlog --hold-ms 1000" "backlog"; do
  for i in $(seq 1 "$RUNS"); do
    echo "== $args, run $i, load $(cut -d' ' -f1-3 /proc/loadavg)"
    # shellcheck disable=SC2086
    dotnet "$DLL" $args 2>&1 | grep -E '^  [^ ]|^    of which'
  done
done
