#!/usr/bin/env bash
# Memory per waiting call (issue 15): N callers wait in a queue that has no agent, hearing its music on hold, and the
# server's memory is compared with the same server holding no call. Prints, for each N, KiB per waiting call:
#   rss_kib_per_call   resident set (VmRSS) delta / N
#   heap_kib_per_call  managed heap delta / N, both sides read by dotnet-gcdump (it forces a full, compacting-free
#                      gen 2 collection first, so the figure is live objects, not garbage); the dump's largest types
#                      per call are printed too (they say what to shrink)
# and the load average. Line 3989 is the bench's own (a copy of ivr-scripts/ plus a line whose first node is the
# queue bench.waiting: no agent, no maximum wait), so nothing but the wait is measured. Callers are sipp's
# uac_ivr.xml (../shared/perf/), silent (they send no RTP), so the server gives up on a caller 90 s after its last
# packet (Media:InactivityTimeoutSeconds=90): that is how the calls end once sipp is stopped.
#   bench/capacity/run-waiting-memory.sh [COUNTS=500,1000] [RUNS=3]
# The server: Release build, 127.0.0.1:5077, RTP 20000-30000, SQLite in a temp folder, 127.0.0.1 allow-listed.
# Needs sipp, curl, dotnet-gcdump (DOTNET_TOOLS, default /tmp/tools-hsetup: dotnet tool install --tool-path ...).
set -euo pipefail
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
server="" pid="" sipp_pid=""
cleanup() {
    set +e
    [[ -n $sipp_pid ]] && kill "$sipp_pid" 2>/dev/null
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
(cd "$data" && exec dotnet "$repo_root/src/Telephony.Server/bin/Release/net10.0/telephony.dll" \
    --urls http://127.0.0.1:18087 --Sip:Port=5077 --Sip:BindAddress=127.0.0.1 --Sip:RtpPortRange=20000-30000 --Media:InactivityTimeoutSeconds=90 \
    --Sip:Protection:AllowList:0=127.0.0.1/32 --Shutdown:DrainSeconds=0 \
    --Ivr:ScriptsPath="$data/ivr-scripts" --Ivr:ForceOpen=true --Orleans:SiloPort=21117 --Orleans:GatewayPort=31007 \
    --Storage:ConnectionString="Data Source=$data/telephony.db" --Logging:LogLevel:Default=Warning ${SERVER_ARGS:-} >"$out/server.log" 2>&1) &
server=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18087/health >/dev/null && break; sleep 0.5; done
curl -sf http://127.0.0.1:18087/health >/dev/null || { echo "server did not start"; cat "$out/server.log"; exit 1; }
pid=$(pgrep -P "$server" -f telephony.dll || echo "$server")
waiting() { curl -s http://127.0.0.1:18087/metrics | awk '$1 ~ /^telephony_queue_waiting_calls\{/ && $1 ~ /bench.waiting/ { s += $2 } END { printf "%d", s }'; }
rss() { awk '/VmRSS/ { print $2 }' "/proc/$pid/status"; }
# Heap (bytes) of live objects after the forced collection, and the dump kept for the per-type table.
heap() {
    "$gcdump" collect -p "$pid" -o "$1" >/dev/null 2>&1
    "$gcdump" report "$1" 2>/dev/null | awk '$2 == "GC" && $3 == "Heap" && $4 == "bytes" { gsub(/,/, "", $1); print $1 }'
}
# sipp places N calls at 100/s that stay HOLD s (longer than the measurement), then hang up when killed.
place() {
    (cd "$out" && exec sipp 127.0.0.1:5077 -sf "$scenario" -s 3989 -i 127.0.0.1 -mi 127.0.0.1 -p 5190 -mp 6100 -r 100 -m "$1" \
        -l "$1" -d 600000 -aa -nostdin -recv_timeout 700000 -timeout 900s >"$out/sipp-$1.out" 2>&1) &
    sipp_pid=$!
}
# Warm-up: a few calls wait and leave, so the JIT and the queue's first allocations are on both sides of the delta.
place 20; for _ in $(seq 1 120); do (( $(waiting) >= 20 )) && break; sleep 0.5; done
kill "$sipp_pid" 2>/dev/null; wait "$sipp_pid" 2>/dev/null || true; sipp_pid=""
for _ in $(seq 1 300); do (( $(waiting) == 0 )) && break; sleep 0.5; done
sleep 40   # the calls' transactions and sockets linger ~32 s
printf '%-6s %-4s %-8s %-8s %-18s %-18s %s\n' calls run waiting rss_mib rss_kib_per_call heap_kib_per_call load
IFS=, read -ra steps <<<"$counts"
for n in "${steps[@]}"; do
    for run in $(seq 1 "$runs"); do
        h0=$(heap "$out/idle-$n-$run.gcdump"); r0=$(rss)
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        place "$n"
        for _ in $(seq 1 $((n / 50 + 120))); do (( $(waiting) >= n )) && break; sleep 0.5; done
        sleep 5   # every caller's music is playing
        w=$(waiting)
        h1=$(heap "$out/wait-$n-$run.gcdump"); r1=$(rss)
        printf '%-6s %-4s %-8s %-8s %-18s %-18s %s\n' "$n" "$run" "$w" $((r1 / 1024)) \
            "$(awk -v a="$r0" -v b="$r1" -v n="$w" 'BEGIN { printf "%.1f", (b - a) / n }')" \
            "$(awk -v a="$h0" -v b="$h1" -v n="$w" 'BEGIN { printf "%.1f", (b - a) / 1024 / n }')" "$load" | tee -a "$out/summary.txt"
        kill "$sipp_pid" 2>/dev/null; wait "$sipp_pid" 2>/dev/null || true; sipp_pid=""
        for _ in $(seq 1 300); do (( $(waiting) == 0 )) && break; sleep 0.5; done
        sleep 40
    done
done
echo "largest types in the last dump with $n callers (dotnet-gcdump report $out/wait-$n-$runs.gcdump):"
"$gcdump" report "$out/wait-$n-$runs.gcdump" 2>/dev/null | head -25
