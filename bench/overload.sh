#!/usr/bin/env bash
# Offers call set-ups at several rates to a fresh server and prints, per rate, how many were carried and how many
# refused by admission control (503 with Retry-After), with sipp's counts (ok: carried to the end or refused with
# Retry-After; failed: neither) and the
# server's resident memory and descriptors after the step:
#   bench/overload.sh [RATES=100,500,1500,2500] [SECONDS=10] [HOLD_MS=3000] [MAX_CALLS=0 (derived)]
# Each admitted call lasts HOLD_MS (IVR prompt playing, no RTP from sipp) then hangs up; the server runs from the
# Release build (bench/overload-server.sh). Needs sipp, curl. bench/overload-3x.sh finds the sustainable rate and offers 3×.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rates=${1:-100,500,1500,2500} seconds=${2:-10} hold=${3:-3000} max_calls=${4:-0}
scenario="$repo_root/tests/Telephony.EndToEnd.Tests/Scenarios/uac_admitted_or_refused.xml"
ulimit -n 20000
data="$(mktemp -d)"
server=""
cleanup() { set +e; stop_overload_server; wait 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
sed "s/<pause milliseconds=\"3000\"\/>/<pause milliseconds=\"$hold\"\/>/" "$scenario" >"$data/scenario.xml"
# shellcheck source=overload-server.sh
source "$repo_root/bench/overload-server.sh"
start_overload_server
printf '%-8s %-8s %-8s %-8s %-10s %-8s %-8s %-8s\n' rate offered carried refused sipp_ok failed rss_mb fds
IFS=, read -ra steps <<<"$rates"
for rate in "${steps[@]}"; do
    calls=$((rate * seconds))
    read -r carried0 refused0 < <(settled_counters)
    offer "$rate" "$calls" "$rate"
    ok=$(sipp_column "$data/stat-$rate.csv" "SuccessfulCall(C)") failed=$(sipp_column "$data/stat-$rate.csv" "FailedCall(C)")
    sleep 2
    read -r carried refused < <(settled_counters)
    carried=$((carried - carried0)) refused=$((refused - refused0))
    rss=$(rss_mb) fds=$(fd_count)
    printf '%-8s %-8s %-8s %-8s %-10s %-8s %-8s %-8s\n' "$rate" "$calls" "$carried" "$refused" "${ok:-?}" "${failed:-?}" "$rss" "$fds"
    sleep $(( hold / 1000 + 35 ))   # the calls end, and hung-up dialogs' transactions drain (~32 s)
done
