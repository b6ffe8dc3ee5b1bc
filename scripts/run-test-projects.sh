#!/usr/bin/env bash
# Runs every test project, for scripts/test.sh (inside scripts/with-postgres.sh, which provides the database):
#   scripts/run-test-projects.sh <log-dir> <configuration>
# The end-to-end project runs in front (its classes three side by side: tests/Telephony.EndToEnd.Tests/xunit.runner.json) with its output
# shown; the unit projects run one after the other beside it, under `nice`, so they only take the CPU the end-to-end
# tests leave idle (they mostly wait on real-time audio and timers) and never the CPU those measure. Writes
# <log-dir>/e2e.log and <log-dir>/unit.log; exits non-zero when either run failed.
set -uo pipefail

log_dir="$1"
configuration="$2"
logger=(--logger "console;verbosity=detailed")
mapfile -t unit_projects < <(find tests -name '*.Tests.csproj' ! -path '*/Telephony.EndToEnd.Tests/*' | sort)

(
    status=0
    for project in "${unit_projects[@]}"; do
        nice -n 15 dotnet test "$project" -c "$configuration" --no-build -nologo "${logger[@]}" || status=1
    done
    exit $status
) >"$log_dir/unit.log" 2>&1 &
unit_pid=$!

dotnet test tests/Telephony.EndToEnd.Tests -c "$configuration" --no-build -nologo "${logger[@]}" 2>&1 | tee "$log_dir/e2e.log"
e2e_exit=${PIPESTATUS[0]}

wait "$unit_pid"
unit_exit=$?
cat "$log_dir/unit.log"
((e2e_exit == 0 && unit_exit == 0))
