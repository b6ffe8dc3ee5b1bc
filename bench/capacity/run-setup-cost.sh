#!/usr/bin/env bash
# Call set-up cost (issue 15): the shared harness's cps.sh (../shared/perf/) at RATE calls/s for SECONDS s, HOLD_MS=0
# (INVITE -> 200 -> ACK -> BYE -> 200, line 3960: CNAV's IVR starts and is hung up at once), RUNS times, against one
# fresh Telephony server (Release build, 127.0.0.1:5076, RTP 10000-20000, SQLite in a temp folder, lines forced
# open, 127.0.0.1 allow-listed, as bench/overload.sh). Prints, per run, the server's CPU time per call:
#   cpu_ms_per_call  = (utime+stime of the server from the run's start to DRAIN_S after its end, less what the idle
#                      server spends in as long, measured for IDLE_S before the run) / calls; it covers each call's
#                      whole life (the record written at the end, the transactions that linger ~32 s after the BYE)
#   window_ms_per_call = utime+stime over sipp's run only / calls (what cps.sh's server_cpu_pct is made of)
# with cps.sh's failures, retransmissions and mean INVITE -> 200 time, and the load average when the run began.
#   bench/capacity/run-setup-cost.sh [RATE=400] [SECONDS=60] [RUNS=3]
# Env: SERVER_DLL (another build of telephony.dll), MEDIA_PORT (sipp's RTP port, 6200), DRAIN_S (40), IDLE_S (10), WARMUP (1: 5 s at 100/s first so the JIT is done), SERVER_ARGS, OUT.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/wait-for-no-server.sh"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
harness="$repo_root/../shared/perf/cps.sh"
rate=${1:-400} secs=${2:-60} runs=${3:-3}
drain=${DRAIN_S:-40} idle=${IDLE_S:-10}
out=${OUT:-$(mktemp -d /tmp/setup-cost.XXXX)}; mkdir -p "$out"
[[ -x "$harness" ]] || { echo "missing $harness (shared/ beside the checkout)"; exit 2; }
ulimit -n 20000
data="$(mktemp -d)"
server="" pid=""
cleanup() {
    set +e
    [[ -n $pid ]] && kill "$pid" 2>/dev/null
    [[ -n $server ]] && kill "$server" 2>/dev/null
    wait 2>/dev/null
    for _ in $(seq 1 60); do [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    rm -rf "$data"
}
trap cleanup EXIT
wait_for_no_server http://127.0.0.1:18086
(cd "$data" && exec dotnet "${SERVER_DLL:-$repo_root/src/Telephony.Server/bin/Release/net10.0/telephony.dll}" \
    --urls http://127.0.0.1:18086 --Sip:Port=5076 --Sip:BindAddress=127.0.0.1 --Sip:RtpPortRange=10000-20000 \
    --Sip:Protection:AllowList:0=127.0.0.1/32 --Shutdown:DrainSeconds=0 \
    --Ivr:ScriptsPath="$repo_root/ivr-scripts" --Ivr:ForceOpen=true --Orleans:SiloPort=21116 --Orleans:GatewayPort=31006 \
    --Storage:ConnectionString="Data Source=$data/telephony.db" --Logging:LogLevel:Default=Warning ${SERVER_ARGS:-} >"$out/server.log" 2>&1) &
server=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18086/health >/dev/null && break; sleep 0.5; done
curl -sf http://127.0.0.1:18086/health >/dev/null || { echo "server did not start"; cat "$out/server.log"; exit 1; }
pid=$(pgrep -P "$server" -f telephony.dll || echo "$server")
hz=$(getconf CLK_TCK)
ticks() { awk '{sub(/.*\) /,""); print $12+$13}' "/proc/$pid/stat"; }
if [[ ${WARMUP:-1} == 1 ]]; then
    OUT="$out/warmup" SERVER_PID=$pid HOLD_MS=0 MEDIA_PORT=${MEDIA_PORT:-6200} "$harness" 127.0.0.1 5076 3960 100 5 >/dev/null
    sleep "$drain"
fi
calls=$((rate * secs))
for run in $(seq 1 "$runs"); do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    i0=$(ticks); sleep "$idle"; i1=$(ticks)
    c0=$(ticks)
    line=$(OUT="$out/run$run" SERVER_PID=$pid HOLD_MS=0 MEDIA_PORT=${MEDIA_PORT:-6200} "$harness" 127.0.0.1 5076 3960 "$rate" "$secs" | tail -1)
    c1=$(ticks); sleep "$drain"; c2=$(ticks)
    elapsed=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^elapsed_s=/) { sub(/elapsed_s=/, "", $i); print $i } }' <<<"$line")
    awk -v i0="$i0" -v i1="$i1" -v c0="$c0" -v c1="$c1" -v c2="$c2" -v hz="$hz" -v idle="$idle" -v drain="$drain" \
        -v el="$elapsed" -v n="$calls" -v line="$line" -v load="$load" -v run="$run" 'BEGIN {
        idle_rate = (i1 - i0) / hz / idle                       # CPU s per s of the idle server
        total = ((c2 - c0) / hz - idle_rate * (el + drain)) * 1000 / n
        window = (c1 - c0) / hz * 1000 / n
        printf "run=%d cpu_ms_per_call=%.3f window_ms_per_call=%.3f idle_cpu_pct=%.1f load=\"%s\" %s\n", run, total, window, idle_rate * 100, load, line }' \
        | tee -a "$out/summary.txt"
done
