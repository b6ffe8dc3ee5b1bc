#!/usr/bin/env bash
# Memory per waiting call (issue 15): N callers wait in a queue that has no agent, hearing its music on hold, and the
# server's memory is compared with the same server holding no call. Prints, for each N, KiB per waiting call:
#   rss_kib_per_call   resident set (VmRSS) delta / N
#   heap_kib_per_call  managed heap delta / N, both sides read by dotnet-gcdump (it forces a full blocking
#                      gen 2 collection first, so the figure is live objects, not garbage); the last dump's largest types
#                      are printed too (they say what to shrink)
# and the load average. Line 3989 is the bench's own (a copy of ivr-scripts/ plus a line whose first node is the
# queue bench.waiting: no agent, no maximum wait), so nothing but the wait is measured. Callers are sipp's
# uac_ivr.xml (../shared/perf/), silent (they send no RTP: Media:InactivityTimeoutSeconds=0 keeps them). Each run has a
# fresh server (RSS never shrinks, so a second run in the same process would measure nothing) and 20 warm-up callers
# waiting on both sides of the delta.
#   bench/capacity/run-waiting-memory.sh [COUNTS=500,1000] [RUNS=3]
# The server: Release build, 127.0.0.1:5077, RTP 20000-30000, SQLite in a temp folder, 127.0.0.1 allow-listed.
# SERVER_DLL runs another build of telephony.dll. Needs sipp, curl, dotnet-gcdump (DOTNET_TOOLS, default /tmp/tools-hsetup: dotnet tool install --tool-path ...).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/wait-for-no-server.sh"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scenario="$repo_root/../shared/perf/uac_ivr.xml"
counts=${1:-500,1000} runs=${2:-3}
tools=${DOTNET_TOOLS:-/tmp/tools-hsetup}
gcdump="$tools/dotnet-gcdump"
out=${OUT:-$(mktemp -d /tmp/waiting-memory.XXXX)}; mkdir -p "$out"
[[ -f "$scenario" ]] || { echo "missing $scenario (shared/ beside the checkout)"; exit 2; }
[[ -x "$gcdump" ]] || { echo "missing $gcdump: dotnet tool install --tool-path $tools dotnet-gcdump"; exit 2; }
ulimit -n 20000
data="$(mktemp -d)"
server="" pid="" sipp_pid="" warm_pid=""
cleanup() {
    set +e
    kill $sipp_pid $warm_pid 2>/dev/null
    [[ -n $pid ]] && kill "$pid" 2>/dev/null
    [[ -n $server ]] && kill "$server" 2>/dev/null
    wait 2>/dev/null
    for _ in $(seq 1 60); do [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    rm -rf "$data"
}
trap cleanup EXIT
cp -r "$repo_root/ivr-scripts" "$data/ivr-scripts"
mkdir -p "$data/ivr-scripts/prompts/bench-wait"
cat >"$data/ivr-scripts/bench-wait.yaml" <<'YAML'
network: BENCH
numbers: ["3989"]
locale: fr-FR
start: queue
nodes:
  queue:
    kind: queue
    queue: bench.waiting
YAML
cat >>"$data/ivr-scripts/queues.yaml" <<'YAML'

  bench.waiting:
    name: "Bench attente"
    network: BENCH
YAML
# A fresh server per run: a process that has held N calls keeps the pages (RSS does not shrink), so a second run in
# it would measure almost nothing.
start_server() {
    wait_for_no_server http://127.0.0.1:18087
    (cd "$data" && rm -f telephony.db* && exec dotnet "${SERVER_DLL:-$repo_root/src/Telephony.Server/bin/Release/net10.0/telephony.dll}" \
    --urls http://127.0.0.1:18087 --Sip:Port=5077 --Sip:BindAddress=127.0.0.1 --Sip:RtpPortRange=20000-30000 --Media:InactivityTimeoutSeconds=0 \
    --Sip:Protection:AllowList:0=127.0.0.1/32 --Shutdown:DrainSeconds=0 \
    --Ivr:ScriptsPath="$data/ivr-scripts" --Ivr:ForceOpen=true --Orleans:SiloPort=21117 --Orleans:GatewayPort=31007 \
    --Storage:ConnectionString="Data Source=$data/telephony.db" --Logging:LogLevel:Default=Warning ${SERVER_ARGS:-} >>"$out/server.log" 2>&1) &
    server=$!
    for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18087/health >/dev/null && break; sleep 0.5; done
    curl -sf http://127.0.0.1:18087/health >/dev/null || { echo "server did not start"; tail -50 "$out/server.log"; exit 1; }
    pid=$(pgrep -P "$server" -f telephony.dll || echo "$server")
}
stop_server() {
    kill $sipp_pid $warm_pid 2>/dev/null; wait $sipp_pid $warm_pid 2>/dev/null || true; sipp_pid="" warm_pid=""
    kill "$pid" "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    server="" pid=""
}
waiting() { curl -s http://127.0.0.1:18087/metrics | awk '$1 ~ /^telephony_queue_waiting_calls\{/ && $1 ~ /bench.waiting/ { s += $2 } END { printf "%d", s }'; }
rss() { awk '/VmRSS/ { print $2 }' "/proc/$pid/status"; }
# Heap (bytes) of live objects after the forced collection, and the dump kept for the per-type table.
heap() {
    "$gcdump" collect -p "$pid" -o "$1" >/dev/null 2>&1
    "$gcdump" report "$1" 2>/dev/null | awk '$2 == "GC" && $3 == "Heap" && $4 == "bytes" { gsub(/,/, "", $1); print $1 }'
}
# sipp places N calls at 100/s that stay 600 s (longer than the measurement) from SIP port $2, RTP port $3.
place() {
    (cd "$out" && exec sipp 127.0.0.1:5077 -sf "$scenario" -s 3989 -i 127.0.0.1 -mi 127.0.0.1 -p "$2" -mp "$3" -r 100 -m "$1" \
        -l "$1" -d 600000 -aa -nostdin -recv_timeout 700000 -timeout 900s >"$out/sipp-$1.out" 2>&1) &
}
printf '%-6s %-4s %-8s %-8s %-18s %-18s %s\n' calls run waiting rss_mib rss_kib_per_call heap_kib_per_call load
IFS=, read -ra steps <<<"$counts"
for n in "${steps[@]}"; do
    for run in $(seq 1 "$runs"); do
        start_server
        # Warm-up: 20 callers wait on both sides of the delta, so the JIT and the queue's first allocations are not counted.
        place 20 5190 6100; warm_pid=$!
        for _ in $(seq 1 120); do (( $(waiting) >= 20 )) && break; sleep 0.5; done
        sleep 5
        h0=$(heap "$out/idle-$n-$run.gcdump"); r0=$(rss)
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        place "$n" 5192 6110; sipp_pid=$!
        for _ in $(seq 1 $((n / 50 + 120))); do (( $(waiting) >= n + 20 )) && break; sleep 0.5; done
        sleep 5   # every caller's music is playing
        w=$(( $(waiting) - 20 ))
        h1=$(heap "$out/wait-$n-$run.gcdump"); r1=$(rss)
        printf '%-6s %-4s %-8s %-8s %-18s %-18s %s\n' "$n" "$run" "$w" $((r1 / 1024)) \
            "$(awk -v a="$r0" -v b="$r1" -v n="$w" 'BEGIN { printf "%.1f", (b - a) / n }')" \
            "$(awk -v a="$h0" -v b="$h1" -v n="$w" 'BEGIN { printf "%.1f", (b - a) / 1024 / n }')" "$load" | tee -a "$out/summary.txt"
        stop_server
    done
done
echo "largest types in the last dump with $n callers (dotnet-gcdump report $out/wait-$n-$runs.gcdump):"
"$gcdump" report "$out/wait-$n-$runs.gcdump" 2>/dev/null | head -25
