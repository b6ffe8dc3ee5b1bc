#!/usr/bin/env bash
# Soak: a steady load for a long time, to see that nothing grows that should not.
#   bench/soak/run-soak.sh [MINUTES=30] [CALLS_PER_S=10] [HOLD_S=20]
# sipp places CALLS_PER_S calls a second to line 3960 (CNAV), each streaming audio (a looped tone) for HOLD_S seconds
# while the server plays the IVR then the queue's music (about CALLS_PER_S × HOLD_S calls up at once). Every 30 s the
# server's resident memory, open descriptors, threads and UDP sockets are sampled from /proc, with sipp's failed
# calls, and from its /metrics the managed heap: `heap_mb` (GC heap size now, the live objects plus what gen0 has
# allocated since the last collection), `live_mb` (the generations' sizes after the last collection: what survived),
# `gc_mb` (memory the GC has committed), the runtime's active timers, the caller grains activated (one per caller
# number: sipp's numbers are all different; Orleans collects one after 15 idle minutes, so they grow for the first
# 15 minutes, then level) and the collection counts (gen0/gen1/gen2). At
# the end the first sample after warm-up is compared with the last. Runs outside CI (30 minutes); a short
# run (e.g. 3 minutes) checks the script itself. Needs sipp (Debian sip-tester), sox, curl.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/wait-for-no-server.sh"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
minutes=${1:-30} rate=${2:-10} hold=${3:-20}
scenario="$repo_root/../shared/perf/uac_ivr_rtp.xml"
[[ -f "$scenario" ]] || { echo "missing $scenario (shared/ beside the checkout)"; exit 2; }
ulimit -n 20000
work="$(mktemp -d)" out=${OUT:-$(mktemp -d /tmp/soak.XXXX)}
server="" pid="" sipp_pid=""
cleanup() {
    set +e
    [[ -n $sipp_pid ]] && kill "$sipp_pid" 2>/dev/null
    [[ -n $pid ]] && kill "$pid" 2>/dev/null
    [[ -n $server ]] && kill "$server" 2>/dev/null
    wait 2>/dev/null
    for _ in $(seq 1 60); do [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    rm -rf "$work"
}
trap cleanup EXIT

# The shipped caps would send callers past 150 to the saturated goodbye; the soak keeps everyone in line.
cp -r "$repo_root/ivr-scripts" "$work/ivr-scripts"
sed -i -E 's/^( *max-waiting:) *[0-9]+/\1 100000/' "$work/ivr-scripts/queues.yaml"
wait_for_no_server http://127.0.0.1:18090
# One source (sipp): allow-listed, or the per-source limits would ban it.
(cd "$work" && exec dotnet "$repo_root/src/Telephony.Server/bin/Release/net10.0/telephony.dll" \
    --urls http://127.0.0.1:18090 --Sip:Port=5072 --Sip:BindAddress=127.0.0.1 --Sip:RtpPortRange=10000-20000 \
    --Sip:Protection:AllowList:0=127.0.0.1/32 --Shutdown:DrainSeconds=0 \
    --Ivr:ScriptsPath="$work/ivr-scripts" --Ivr:ForceOpen=true --Orleans:SiloPort=21112 --Orleans:GatewayPort=31002 \
    --Storage:ConnectionString="Data Source=$work/telephony.db" --Logging:LogLevel:Default=Warning >"$out/server.log" 2>&1) &
server=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18090/health >/dev/null && break; sleep 0.5; done
curl -sf http://127.0.0.1:18090/health >/dev/null || { echo "server did not start"; cat "$out/server.log"; exit 1; }
pid=$(pgrep -P "$server" -f telephony.dll || echo "$server")

sox -n -r 8000 -c 1 -e u-law "$out/caller.wav" synth 20 sine 440 vol 0.3
total=$((minutes * 60 * rate))
(cd "$out" && exec sipp 127.0.0.1:5072 -sf "$scenario" -s 3960 -i 127.0.0.1 -mi 127.0.0.1 -mp 6000 \
    -r "$rate" -d $((hold * 1000)) -m "$total" -l $((rate * hold * 2)) -nostdin -trace_stat -fd 30 \
    -stf "$out/sipp-stats.csv" >"$out/sipp.out" 2>&1) &
sipp_pid=$!

# A cumulative counter of sipp's statistics file, by its column name, from its last line.
sipp_count() { awk -F';' -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { if (c) print $c }' "$out/sipp-stats.csv" 2>/dev/null; }
# The managed heap from prometheus-net's runtime metrics (the System.Runtime counters appear a few seconds after the
# start; '-' until then): heap now, live after the last GC, GC committed (MB), active timers, gen0/gen1/gen2 counts.
managed() {
    curl -s --max-time 10 http://127.0.0.1:18090/metrics | awk '
        $1 == "system_runtime_gc_heap_size" { heap = $2 }
        index($1, "system_runtime_dotnet_gc_last_collection_heap_size{") == 1 { live += $2; seen = 1 }
        $1 == "system_runtime_gc_committed" { committed = $2 }
        $1 == "system_runtime_active_timer_count" { timers = $2 }
        $1 == "microsoft_orleans_orleans_catalog_activations{grain_type=\"caller\"}" { grains = $2 }
        index($1, "dotnet_collection_count_total{") == 1 { split($1, g, "\""); gcs[g[2]] = $2 }
        END {
            printf "%-8s %-8s %-8s %-7s %-7s %-10s", heap == "" ? "-" : int(heap), seen ? int(live / 1048576) : "-",
                committed == "" ? "-" : int(committed), timers == "" ? "-" : timers, grains == "" ? 0 : grains,
                gcs[0] "/" gcs[1] "/" gcs[2]
        }'
}
udp_sockets() { ls -l "/proc/$pid/fd" 2>/dev/null | grep -c socket || true; }
sample() {
    local rss fds threads
    rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
    threads=$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")
    fds=$(ls "/proc/$pid/fd" | wc -l)
    local failed
    failed=$(sipp_count 'FailedCall(C)')
    printf '%-8s %-8s %-6s %-8s %-8s %-8s %s %s\n' "$1" "$rss" "$fds" "$threads" "$(udp_sockets)" "${failed:-0}" \
        "$(managed)" "$(cut -d' ' -f1 /proc/loadavg)"
}
printf '%-8s %-8s %-6s %-8s %-8s %-8s %-8s %-8s %-8s %-7s %-7s %-10s %s\n' minute rss_mb fds threads sockets failed \
    heap_mb live_mb gc_mb timers grains gcs load | tee "$out/samples.txt"
started=$(date +%s)
for i in $(seq 1 $((minutes * 2))); do
    # On the clock (sampling takes a second or two, which would otherwise add up over an hour).
    sleep $(( started + i * 30 - $(date +%s) > 0 ? started + i * 30 - $(date +%s) : 0 ))
    kill -0 "$pid" 2>/dev/null || { echo "the server died (see $out/server.log)"; exit 1; }
    sample "$(awk -v i="$i" 'BEGIN { printf "%.1f", i / 2 }')" | tee -a "$out/samples.txt"
done
wait "$sipp_pid" || true
sipp_pid=""
sleep $((hold + 5))
sample end | tee -a "$out/samples.txt"
failed=$(sipp_count 'FailedCall(C)')
successful=$(sipp_count 'SuccessfulCall(C)')
# Warm-up: the first two minutes (JIT, pools filling). Growth from then to the last sample under load: the one before
# the last, since the last falls when sipp has placed its calls and the last HOLD_S of them are ending.
awk -v failed="$failed" -v ok="$successful" '
    NR > 1 && $1 != "end" { rows[++n] = $0 }
    END {
        split(rows[n >= 4 ? 4 : 1], first); split(rows[n > 4 ? n - 1 : n], last)
        printf "calls: %s successful, %s failed\n", ok, failed
        printf "from minute %s to %s: rss %s -> %s MB, fds %s -> %s, threads %s -> %s, sockets %s -> %s\n",
            first[1], last[1], first[2], last[2], first[3], last[3], first[4], last[4], first[5], last[5]
        printf "managed heap %s -> %s MB, live after GC %s -> %s MB, GC committed %s -> %s MB, timers %s -> %s, caller grains %s -> %s\n",
            first[7], last[7], first[8], last[8], first[9], last[9], first[10], last[10], first[11], last[11]
        for (i = 4; i <= n; i++) { split(rows[i], r); if (r[2] > maxrss) maxrss = r[2]; if (r[8] > maxlive) maxlive = r[8] }
        printf "after warm-up: max rss %s MB, max live after GC %s MB\n", maxrss, maxlive
    }' "$out/samples.txt"
echo "samples and logs in $out"
