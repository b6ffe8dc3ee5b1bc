# Sourced by bench/overload.sh and bench/overload-3x.sh: starts the Release server for an overload run and reads its
# metrics. Expects repo_root, data (a temp folder) and max_calls (0: derived marks) to be set; sets server and pid.
# The server runs on 127.0.0.1:5075 (RTP 10000-20000), SQLite in $data, lines forced open, logs at Warning.
source "$(dirname "${BASH_SOURCE[0]}")/lib/wait-for-no-server.sh"

start_overload_server() {
    wait_for_no_server http://127.0.0.1:18085
    # The load comes from one address: allow-listed, or the per-source limits would ban it (that is their job).
    (cd "$data" && exec dotnet "$repo_root/src/Telephony.Server/bin/Release/net10.0/telephony.dll" \
        --urls http://127.0.0.1:18085 --Sip:Port=5075 --Sip:BindAddress=127.0.0.1 --Sip:RtpPortRange=10000-20000 \
        --Ivr:ScriptsPath="$repo_root/ivr-scripts" --Ivr:ForceOpen=true --Orleans:SiloPort=21115 --Orleans:GatewayPort=31005 \
        --Admission:MaxCalls="$max_calls" --Sip:Protection:AllowList:0=127.0.0.1/32 --Shutdown:DrainSeconds=0 \
        --Storage:ConnectionString="Data Source=$data/telephony.db" --Logging:LogLevel:Default=Warning >"$data/server.log" 2>&1) &
    server=$!
    for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18085/health >/dev/null && break; sleep 0.5; done
    curl -sf http://127.0.0.1:18085/health >/dev/null || { echo "server did not start"; cat "$data/server.log"; exit 1; }
    pid=$(pgrep -P "$server" -f telephony.dll || echo "$server")
}
# Calls admitted and set-ups refused (503) so far, from one scrape of /metrics: "admitted refused", or "- -" when the
# server does not answer within 10 s (an overloaded node's HTTP can starve; a missing figure is not a zero).
counters() {
    local scrape
    scrape=$(curl -sf --max-time 10 http://127.0.0.1:18085/metrics) || { echo "- -"; return; }
    awk 'index($1, "telephony_calls_offered_total{") == 1 { a += $2 }
        index($1, "telephony_call_setups_refused_total{") == 1 { r += $2 }
        END { printf "%d %d\n", a, r }' <<<"$scrape"
}
# The counters once the server answers again (between steps, after the calls have drained).
settled_counters() {
    local c
    for _ in $(seq 1 5); do c=$(counters); [[ $c != "- -" ]] && { echo "$c"; return; }; sleep 2; done
    echo "the server's /metrics did not answer for a minute" >&2; exit 1
}
rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null; }
fd_count() { ls "/proc/$pid/fd" 2>/dev/null | wc -l; }
# A cumulative column of a sipp statistics file ($1), by name ($2), from its last line.
sipp_column() { awk -F';' -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i } END { if (c) print $c }' "$1"; }
# Offers $2 calls at $1 set-ups a second with $data/scenario.xml; sipp's statistics go to $data/stat-$3.csv. A call
# waiting 30 s for an answer fails (-recv_timeout), and sipp is stopped 2 minutes after its last call is due (its own
# -timeout did not end a run whose calls were stuck).
offer() {
    (cd "$data" && timeout -s INT $(($2 / $1 + 120)) sipp -sf "$data/scenario.xml" -s 3960 -i 127.0.0.1 -r "$1" -rp 1000 \
        -m "$2" -l 30000 -recv_timeout 30000 -nostdin -trace_stat -fd 1 -stf "$data/stat-$3.csv" -trace_counts \
        127.0.0.1:5075 >/dev/null 2>&1) || true
    mv "$data"/scenario_*_counts.csv "$data/counts-$3.csv" 2>/dev/null || true
}
# From sipp's message counts ($1): "served refused", the 200s to BYE (calls carried to the end) and the 503s received.
sipp_served_refused() {
    awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i ~ /_200_Recv$/) ok = i; if ($i ~ /_503_Recv$/) r = i } }
        END { printf "%d %d\n", ok ? $ok : 0, r ? $r : 0 }' "$1" 2>/dev/null || echo "0 0"
}
# Stops the server: SIGTERM, then SIGKILL after 20 s (an overloaded node was seen not to exit on SIGTERM).
stop_overload_server() {
    [[ -n ${server:-} ]] || return 0
    kill "$server" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "${pid:-$server}" 2>/dev/null || break; sleep 1; done
    kill -0 "${pid:-$server}" 2>/dev/null && { echo "the server ignored SIGTERM for 20 s: killed" >&2; kill -9 "${pid:-$server}"; }
    wait "$server" 2>/dev/null
}
