#!/usr/bin/env bash
# Runs every test of the solution, with the real parts the tests need:
#   - installs the missing Debian packages (SIP peers, promtool for the dashboards' rules and their unit tests,
#     audio tools, packet capture, chromium for the agent console's browser test, Kannel for the SMS tests,
#     kamailio for the cluster tests, docker-compose to validate the compose file),
#   - fetches libvosk (npm registry, checksum-verified),
#   - starts a throwaway PostgreSQL (scripts/with-postgres.sh) and passes its connection string,
#   - builds the solution and runs `dotnet test` on it,
#   - prints one last line "N passed, N failed, N skipped" summed over all test projects,
#   - exits non-zero if anything failed or failed to build.
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

configuration="${CONFIGURATION:-Release}"
log_dir="$(mktemp -d -t telephony-tests.XXXXXX)"
trap 'rm -rf "$log_dir"' EXIT

say() { printf '==> %s\n' "$*"; }

install_debian_packages() {
    # package name -> a file it installs, so we only touch apt when something is missing.
    local -A wanted=(
        [sip-tester]=/usr/bin/sipp
        [baresip]=/usr/bin/baresip
        # promtool: check rules / test rules / check config in tests/Telephony.Dashboards.Tests; the same package's
        # prometheus server: the end-to-end PrometheusDashboardTests (both skipped without them).
        [prometheus]=/usr/bin/promtool
        [espeak-ng]=/usr/bin/espeak-ng
        [sox]=/usr/bin/sox
        [tcpdump]=/usr/bin/tcpdump
        # The agent console's end-to-end test drives it with Playwright (its own browser download cannot work offline).
        [chromium]=/usr/bin/chromium
        # SMS end-to-end tests: a real Kannel (bearerbox, smsbox) and its fake SMSC (fakesmsc, in kannel-extras).
        [kannel]=/usr/sbin/bearerbox
        [kannel-extras]=/usr/lib/kannel/test/fakesmsc
        # The cluster tests put Kamailio (deploy/kamailio/kamailio.cfg) in front of two nodes.
        [kamailio]=/usr/sbin/kamailio
        # The SIP protection tests attack the server with sipvicious' password guesser (svcrack).
        [sipvicious]=/usr/bin/svcrack
        # `docker-compose config` validates docker-compose.yml (no Docker daemon needed).
        [docker-compose]=/usr/bin/docker-compose
        # The short coverage-guided fuzz runs of tests/Telephony.Fuzz.Tests (SharpFuzz instruments, AFL++ drives).
        [afl++]=/usr/bin/afl-fuzz
    )
    local missing=()
    for package in "${!wanted[@]}"; do
        [[ -e "${wanted[$package]}" ]] || missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        say "Debian test tools present"
        return 0
    fi
    say "Installing Debian packages: ${missing[*]}"
    local sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q >"$log_dir/apt.log" 2>&1 &&
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log_dir/apt.log" 2>&1 ||
        { cat "$log_dir/apt.log"; echo "apt-get failed" >&2; return 1; }
}

summarise() {
    # Sums dotnet test's per-project summaries. At normal and detailed verbosity (detailed prints skip reasons) each project ends with a block
    #   Total tests: 13 /      Passed: 12 /      Failed: 1 /     Skipped: 0 / Total time: ...
    # (at minimal verbosity: "Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: 13"). Prints "passed failed skipped projects".
    awk '
        /^Total tests: [0-9]+/ { projects++; inside = 1; next }
        inside && /^ +Passed: [0-9]+ *$/ { passed += $2 }
        inside && /^ +Failed: [0-9]+ *$/ { failed += $2 }
        inside && /^ +Skipped: [0-9]+ *$/ { skipped += $2 }
        /^ *Total time:/ { inside = 0 }
        /^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
            projects++
            line = $0
            gsub(/[^0-9,]/, " ", line); split(line, n, ",")
            failed += n[1]; passed += n[2]; skipped += n[3]
        }
        END { printf "%d %d %d %d\n", passed, failed, skipped, projects }
    ' "$1"
}

install_debian_packages || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

say "Fetching libvosk"
scripts/fetch-vosk.sh || { echo "fetch-vosk failed" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

say "Restoring dotnet tools"
# SharpFuzz's instrumenter (.config/dotnet-tools.json), for the fuzz tests' AFL runs.
dotnet tool restore >"$log_dir/tools.log" 2>&1 || { cat "$log_dir/tools.log"; echo "dotnet tool restore failed" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

say "Building ($configuration)"
if ! dotnet build Telephony.sln -c "$configuration" -nologo -clp:ErrorsOnly >"$log_dir/build.log" 2>&1; then
    cat "$log_dir/build.log"
    echo "Build failed."
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

say "Running tests"
export TELEPHONY_TEST_CONFIGURATION="$configuration"
# The end-to-end tests in front, the unit projects beside them under nice (scripts/run-test-projects.sh says why).
scripts/with-postgres.sh scripts/run-test-projects.sh "$log_dir" "$configuration"
test_exit=$?
cat "$log_dir/e2e.log" "$log_dir/unit.log" >"$log_dir/test.log" 2>/dev/null

read -r passed failed skipped projects_reported < <(summarise "$log_dir/test.log")
projects_expected=$(find tests -name '*.Tests.csproj' | wc -l)
if ((test_exit != 0 && failed == 0)); then
    # A crashed test host or a failed PostgreSQL start leaves no summary line: never report that as green.
    echo "dotnet test exited with $test_exit; $projects_reported of $projects_expected test projects reported."
    failed=1
fi
if ((projects_reported < projects_expected)); then
    echo "Only $projects_reported of $projects_expected test projects reported results."
    ((failed == 0)) && failed=1
fi

if ((skipped > 0)); then
    # A skipped test is not a passed one: say which, and why (the runner prints the reason after each).
    echo "Skipped tests and why:"
    awk '/^  Skipped / { name = $2; next } name != "" && /^  Error Message:/ { getline; sub(/^ +/, ""); print "  " name ": " $0; name = "" }' "$log_dir/test.log"
fi

echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0 && test_exit == 0))
