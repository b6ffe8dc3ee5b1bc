#!/usr/bin/env bash
# The issue's overload target, as one run: offered 3× what the node sustains for 60 s, the node keeps serving at least
# 90 % of its sustainable rate, memory and descriptors stay bounded, and it does not crash.
#   bench/overload-3x.sh [SUSTAINABLE=find] [SECONDS=60] [HOLD_MS=3000] [MAX_CALLS=0 (derived)] [STEP_S=15]
# 1. The sustainable rate. With "find", 100, 150, 225... set-ups a second (×1.5) are offered for STEP_S each, until a
#    step is not carried whole (a 503, a failed call, or fewer than 99 % of its calls admitted); the sustainable rate
#    is the carried rate (calls admitted / the time sipp took to place them) of the last step that was. With a
#    number, that rate is offered for one step, which must be carried whole.
# 2. When those calls have drained, 3× the sustainable rate for SECONDS, sampling every second the server's resident
#    memory, descriptors and its admitted/refused counters (when /metrics answers). served/s = the calls sipp carried
#    to the end (200 to its BYE, from -trace_counts) / the time sipp took to place its calls (SECONDS, or more when
#    sipp could not keep up). PASS when served/s >= 90 % of the sustainable rate and the server still answers /health
#    after the run. Same scenario and server as bench/overload.sh (bench/overload-server.sh), except that
#    each call has its own caller number (06<call number>), as citizens do; CALLERS=one keeps the scenario's single
#    number, which puts every call on one caller grain (its history) and measures that grain, not the node.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sustainable_arg=${1:-find} seconds=${2:-60} hold=${3:-3000} max_calls=${4:-0} step_s=${5:-15}
scenario="$repo_root/tests/Telephony.EndToEnd.Tests/Scenarios/uac_admitted_or_refused.xml"
ulimit -n 20000
data="$(mktemp -d)" out=${OUT:-$(mktemp -d /tmp/overload.XXXX)}
server="" sampler=""
cleanup() {
    set +e
    [[ -n $sampler ]] && kill "$sampler" 2>/dev/null
    stop_overload_server
    wait 2>/dev/null
    cp "$data"/stat-*.csv "$data/server.log" "$out/" 2>/dev/null
    rm -rf "$data"
}
trap cleanup EXIT
sed "s/<pause milliseconds=\"3000\"\/>/<pause milliseconds=\"$hold\"\/>/" "$scenario" >"$data/scenario.xml"
[[ ${CALLERS:-distinct} == one ]] || sed -i 's/sip:0612345678@/sip:06[call_number]@/' "$data/scenario.xml"
# shellcheck source=overload-server.sh
source "$repo_root/bench/overload-server.sh"
start_overload_server
drain() { sleep $(( hold / 1000 + 35 )); }   # the calls end, and hung-up dialogs' transactions drain (~32 s)
# Seconds sipp took to place all of its calls ($2) in stat file $1: the elapsed time of the first line with them all.
placing_seconds() {
    awk -F';' -v total="$2" 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "OutgoingCall(C)") o = i; if ($i == "ElapsedTime(C)") e = i } }
        NR > 1 && $o >= total { split($e, t, ":"); print t[1] * 3600 + t[2] * 60 + t[3]; exit }' "$1"
}

# One step at $1/s for step_s: prints "carried refused failed carried_per_s" and returns 0 when carried whole.
step() {
    local rate=$1 calls=$(($1 * step_s)) carried0 refused0 carried refused failed took
    read -r carried0 refused0 < <(settled_counters)
    offer "$rate" "$calls" "step-$rate"
    sleep 2
    read -r carried refused < <(settled_counters)
    carried=$((carried - carried0)) refused=$((refused - refused0))
    failed=$(sipp_column "$data/stat-step-$rate.csv" "FailedCall(C)")
    took=$(placing_seconds "$data/stat-step-$rate.csv" "$calls")
    (( ${took:-0} < step_s )) && took=$step_s
    local per_s=$(( carried / ${took:-$step_s} ))
    printf '%-10s %-8s %-8s %-8s %-8s %-10s %-8s %s\n' "$rate" "$calls" "$carried" "$refused" "${failed:-?}" "$per_s" \
        "${took:-?}" "$(cut -d' ' -f1 /proc/loadavg)" >&2
    echo "$per_s"
    [[ ${failed:-1} == 0 && $refused == 0 && $((carried * 100)) -ge $((calls * 99)) ]]
}

echo "step: offered rate/s for ${step_s} s, carried (admitted), refused (503), sipp's failed, carried/s, seconds to place, load"
printf '%-10s %-8s %-8s %-8s %-8s %-10s %-8s %s\n' rate offered carried refused failed carried/s placing_s load >&2
sustainable=0
if [[ $sustainable_arg == find ]]; then
    rate=100
    while per_s=$(step "$rate"); do
        sustainable=$per_s
        drain
        rate=$(( rate * 3 / 2 ))
    done
    (( sustainable > 0 )) || { echo "not even 100 set-ups a second carried whole: no sustainable rate found"; exit 1; }
    echo "sustainable rate: $sustainable/s (carried whole at the last passing step; the next step, $rate/s, was not)"
else
    per_s=$(step "$sustainable_arg") || { echo "the given rate $sustainable_arg/s is not carried whole here"; exit 1; }
    sustainable=$per_s
    echo "sustainable rate: $sustainable/s (the given $sustainable_arg/s, carried whole)"
fi
drain

# 3× for $seconds, sampled every second: elapsed s, admitted and refused so far, RSS MB, descriptors.
rate=$(( sustainable * 3 )) calls=$(( sustainable * 3 * seconds ))
echo "offering $rate/s (3 × $sustainable) for $seconds s: $calls calls"
read -r carried0 refused0 < <(settled_counters)
start=$(date +%s.%N)
(
    while kill -0 "$pid" 2>/dev/null; do
        printf '%s %s %s %s %s\n' "$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }')" \
            "$(counters)" "$(rss_mb)" "$(fd_count)"
        sleep 1
    done
) >"$out/samples-3x.txt" &
sampler=$!
offer "$rate" "$calls" "3x"
sleep 10   # the last calls' BYEs
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; sampler=""
alive="no (process gone)"
if kill -0 "$pid" 2>/dev/null; then
    alive="no (process up, /health unanswered for 60 s)"
    for _ in $(seq 1 6); do curl -sf --max-time 10 http://127.0.0.1:18085/health >/dev/null && { alive=yes; break; }; done
fi
read -r served sipp_refused < <(sipp_served_refused "$data/counts-3x.csv")
failed=$(sipp_column "$data/stat-3x.csv" "FailedCall(C)")
ok=$(sipp_column "$data/stat-3x.csv" "SuccessfulCall(C)")
took=$(placing_seconds "$data/stat-3x.csv" "$calls")
# The admitted calls within the first $seconds s (the last sample at or before it), and the maxima over the whole run.
awk -v c0="$carried0" -v r0="$refused0" -v secs="$seconds" -v sus="$sustainable" -v failed="${failed:-0}" \
    -v served="${served:-0}" -v sipp_refused="${sipp_refused:-0}" \
    -v ok="${ok:-0}" -v alive="$alive" -v took="${took:-unfinished}" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
    { if ($4 > rss) rss = $4; if ($5 > fds) fds = $5 }
    $2 == "-" { unanswered++; next }
    $1 <= secs { carried = $2 - c0; refused = $3 - r0; at = $1 }
    { total = $2 - c0; total_refused = $3 - r0 }
    END {
        window = (took + 0 > secs) ? took : secs
        per_s = served / window
        printf "in the first %d s (last answered sample at %s s): %d admitted, %d refused (503); whole run: %d admitted, %d refused\n",
            secs, at, carried, refused, total, total_refused
        printf "sipp: %d ok (carried to the end, or refused with Retry-After), %d failed; placing took %s s; /metrics unanswered in %d samples\n",
            ok, failed, took, unanswered
        printf "sipp: %d calls carried to the end (200 to BYE), %d refused with 503, over %d s\n", served, sipp_refused, window
        printf "served %.0f/s against a sustainable %d/s (%.0f %%); max RSS %d MB, max descriptors %d; alive after: %s; load %s\n",
            per_s, sus, 100 * per_s / sus, rss, fds, alive, load
        verdict = (per_s >= 0.9 * sus && alive == "yes") ? "PASS" : "FAIL"
        printf "%s (target: served >= 90 %% of the sustainable rate, alive after)\n", verdict
        exit verdict == "PASS" ? 0 : 1
    }' "$out/samples-3x.txt"
