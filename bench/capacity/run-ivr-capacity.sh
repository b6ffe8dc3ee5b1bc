#!/usr/bin/env bash
# Runs the shared sipp harness (../shared/perf/ivr_capacity.sh) against a fresh Telephony server, RUNS times:
#   bench/capacity/run-ivr-capacity.sh [CONCURRENCY=1000] [RUNS=3] [HOLD_S=45]
# Two-way media (MEDIA=wav): every caller streams audio while the server plays CNAV's IVR then music on hold.
# The server runs from the Release build on 127.0.0.1:5070 (RTP 10000-20000), SQLite in a temp folder, lines
# forced open; each run's summary line is printed and kept under $OUT (default a new /tmp/ivrcap-runs.XXXX).
# Needs root (dumpcap), sipp, tshark, sox; ulimit -n >= 10000 for 2,000 calls.
# SERVER_ARGS adds server settings, e.g. the speech stand-in in every menu:
#   SERVER_ARGS="--Speech:Recognizer=scripted --Speech:ScriptedTranscripts:0=retraite" bench/capacity/run-ivr-capacity.sh 1000 3 45
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/wait-for-no-server.sh"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
harness="$repo_root/../shared/perf/ivr_capacity.sh"
conc=${1:-1000} runs=${2:-3} hold=${3:-45}
out=${OUT:-$(mktemp -d /tmp/ivrcap-runs.XXXX)}
[[ -x "$harness" ]] || { echo "missing $harness (shared/ beside the checkout)"; exit 2; }
ulimit -n 20000
data="$(mktemp -d)"
server="" pid=""
cleanup() {
    set +e
    # The subshell and the server it started (bash may fork before exec): stop both.
    [[ -n $pid ]] && kill "$pid" 2>/dev/null
    [[ -n $server ]] && kill "$server" 2>/dev/null
    wait 2>/dev/null
    # The server is not this shell's child when bash forked before exec: wait until it is gone, or the next run's
    # server finds its ports taken.
    for _ in $(seq 1 60); do [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    rm -rf "$data"
}
trap cleanup EXIT
# The shipped queues.yaml caps each queue's waiting calls (cnav.retraite 50, then cnav.general 100, then the saturated
# goodbye): right for a line, but it would hang up the harness's callers past 150. The bench measures the media path,
# so it runs a copy of the scripts with those caps raised above any concurrency it tries.
cp -r "$repo_root/ivr-scripts" "$data/ivr-scripts"
sed -i -E 's/^( *max-waiting:) *[0-9]+/\1 100000/' "$data/ivr-scripts/queues.yaml"
wait_for_no_server http://127.0.0.1:18080
# The load comes from 127.0.0.1, one source as a trunk is: allow-listed, or the per-source limits would ban it.
(cd "$data" && exec dotnet "$repo_root/src/Telephony.Server/bin/Release/net10.0/telephony.dll" \
    --urls http://127.0.0.1:18080 --Sip:Port=5070 --Sip:BindAddress=127.0.0.1 --Sip:RtpPortRange=10000-20000 \
    --Sip:Protection:AllowList:0=127.0.0.1/32 --Shutdown:DrainSeconds=0 \
    --Ivr:ScriptsPath="$data/ivr-scripts" --Ivr:ForceOpen=true --Orleans:SiloPort=21111 --Orleans:GatewayPort=31000 \
    --Storage:ConnectionString="Data Source=$data/telephony.db" --Logging:LogLevel:Default=Warning ${SERVER_ARGS:-} >"$out/server.log" 2>&1) &
server=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18080/health >/dev/null && break; sleep 0.5; done
curl -sf http://127.0.0.1:18080/health >/dev/null || { echo "server did not start"; cat "$out/server.log"; exit 1; }
pid=$(pgrep -P "$server" -f telephony.dll || echo "$server")
for run in $(seq 1 "$runs"); do
    OUT="$out/run$run" SERVER_PID=$pid MEDIA=wav "$harness" 127.0.0.1 5070 3960 "$conc" "$hold" | tail -1
    sleep 35   # hung-up dialogs and their sockets linger ~32 s: let the next run start clean
done
