#!/usr/bin/env bash
# Offers call set-ups at several rates to a fresh server and prints, per rate, how many were carried and how many
# refused by admission control (503 with Retry-After), with sipp's counts (ok: carried to the end or refused with
# Retry-After; failed: neither) and the
# server's resident memory and descriptors after the step:
#   bench/overload.sh [RATES=100,500,1500,2500] [SECONDS=10] [HOLD_MS=3000] [MAX_CALLS=0 (derived)]
# Each admitted call lasts HOLD_MS (IVR prompt playing, no RTP from sipp) then hangs up; the server runs from the
# Release build on 127.0.0.1:5075 (RTP 10000-20000), SQLite in a temp folder, lines forced open. Needs sipp, curl.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rates=${1:-100,500,1500,2500} seconds=${2:-10} hold=${3:-3000} max_calls=${4:-0}
scenario="$repo_root/tests/Telephony.EndToEnd.Tests/Scenarios/uac_admitted_or_refused.xml"
ulimit -n 20000
data="$(mktemp -d)"
server=""
cleanup() { set +e; [[ -n $server ]] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
sed "s/<pause milliseconds=\"3000\"\/>/<pause milliseconds=\"$hold\"\/>/" "$scenario" >"$data/scenario.xml"
# The load comes from one address: allow-listed, or the per-source limits would ban it (that is their job).
(cd "$data" && exec dotnet "$repo_root/src/Telephony.Server/bin/Release/net10.0/telephony.dll" \
    --urls http://127.0.0.1:18085 --Sip:Port=5075 --Sip:BindAddress=127.0.0.1 --Sip:RtpPortRange=10000-20000 \
    --Ivr:ScriptsPath="$repo_root/ivr-scripts" --Ivr:ForceOpen=true --Orleans:SiloPort=21115 --Orleans:GatewayPort=31005 \
    --Admission:MaxCalls="$max_calls" --Sip:Protection:AllowList:0=127.0.0.1/32 --Shutdown:DrainSeconds=0 --Storage:ConnectionString="Data Source=$data/telephony.db" \
    --Logging:LogLevel:Default=Warning >"$data/server.log" 2>&1) &
server=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18085/health >/dev/null && break; sleep 0.5; done
pid=$(pgrep -P "$server" -f telephony.dll || echo "$server")
# Sum of a metric's series whose name (and labels, when given) start with $1.
metric() { curl -s http://127.0.0.1:18085/metrics | awk -v m="$1" 'index($1, m) == 1 && $1 !~ /^#/ { s += $2 } END { printf "%d", s }'; }
printf '%-8s %-8s %-8s %-8s %-10s %-8s %-8s %-8s\n' rate offered carried refused sipp_ok failed rss_mb fds
IFS=, read -ra steps <<<"$rates"
for rate in "${steps[@]}"; do
    calls=$((rate * seconds))
    carried0=$(metric 'telephony_calls_offered_total{')
    refused0=$(metric 'telephony_call_setups_refused_total{')
    (cd "$data" && sipp -sf "$data/scenario.xml" -s 3960 -i 127.0.0.1 -r "$rate" -rp 1000 -m "$calls" -l 30000 \
        -nostdin -timeout $((seconds + 60))s -trace_stat -fd 1 -stf "$data/stat-$rate.csv" 127.0.0.1:5075 >/dev/null 2>&1) || true
    column() { awk -F';' -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i } END { print $c }' "$data/stat-$rate.csv"; }
    ok=$(column "SuccessfulCall(C)") failed=$(column "FailedCall(C)")
    sleep 2
    carried=$(( $(metric 'telephony_calls_offered_total{') - carried0 ))
    refused=$(( $(metric 'telephony_call_setups_refused_total{') - refused0 ))
    rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
    fds=$(ls "/proc/$pid/fd" | wc -l)
    printf '%-8s %-8s %-8s %-8s %-10s %-8s %-8s %-8s\n' "$rate" "$calls" "$carried" "$refused" "${ok:-?}" "${failed:-?}" "$rss" "$fds"
    sleep $(( hold / 1000 + 35 ))   # the calls end, and hung-up dialogs' transactions drain (~32 s)
done
