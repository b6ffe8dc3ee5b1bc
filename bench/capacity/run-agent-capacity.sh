#!/usr/bin/env bash
# A contact centre's media load through the shared sipp harness (../shared/perf/ivr_capacity.sh, two-way media):
#   bench/capacity/run-agent-capacity.sh [AGENTS=250] [WAITING=1000] [RUNS=1] [HOLD_S=70]
# AGENTS desk phones (registered with digest auth, one sipp UAS answering every call the server places to them and
# speaking a tone) serve queue bench.agents; AGENTS + WAITING callers dial line 3990, which sends
# them straight to that queue: the first AGENTS are bridged to an agent (the bridge relays both ways), the others
# wait with music on hold. The harness captures what the callers receive and prints its summary line per run.
# Needs root (dumpcap), sipp, tshark, sox, curl; ulimit -n >= 10000.
# Env: SERVER_DLL (another build of telephony.dll, to compare trees), OUT.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/wait-for-no-server.sh"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
harness="$repo_root/../shared/perf/ivr_capacity.sh"
agents=${1:-250} waiting=${2:-1000} runs=${3:-1} hold=${4:-70}
out=${OUT:-$(mktemp -d /tmp/agentcap.XXXX)}
key=bench-admin-key-0123456789 http=http://127.0.0.1:18080 password=mot-de-passe-bench
[[ -x "$harness" ]] || { echo "missing $harness (shared/ beside the checkout)"; exit 2; }
ulimit -n 20000
work="$(mktemp -d)"
server="" pid=""
cleanup() {
    set +e
    pkill -f "sipp -sf answer.xml" 2>/dev/null
    # The subshell and the server it started (bash may fork before exec): stop both.
    [[ -n $pid ]] && kill "$pid" 2>/dev/null
    [[ -n $server ]] && kill "$server" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# A line that queues at once, its queue (1 ms wrap-up: the load stays steady), and the music on hold it plays.
mkdir -p "$work/scripts/prompts/common"
cp "$repo_root/ivr-scripts/prompts/common/music-on-hold.wav" "$work/scripts/prompts/common/"
cat > "$work/scripts/bench.yaml" <<'YAML'
network: BENCH
numbers: ["3990"]
locale: fr-FR
start: queue
nodes:
  queue: { kind: queue, queue: bench.agents }
YAML
cat > "$work/scripts/queues.yaml" <<'YAML'
queues:
  bench.agents: { name: "Bench agents", network: BENCH, ring-timeout: 20s, wrap-up: 1ms }
YAML

wait_for_no_server "$http"
# The load comes from 127.0.0.1, one source as a trunk is: allow-listed, or the per-source limits would ban it.
(cd "$work" && exec dotnet "${SERVER_DLL:-$repo_root/src/Telephony.Server/bin/Release/net10.0/telephony.dll}" \
    --urls "$http" --Sip:Port=5070 --Sip:BindAddress=127.0.0.1 --Sip:RtpPortRange=10000-20000 \
    --Sip:Protection:AllowList:0=127.0.0.1/32 --Shutdown:DrainSeconds=0 \
    --Ivr:ScriptsPath="$work/scripts" --Ivr:ForceOpen=true --Orleans:SiloPort=21111 --Orleans:GatewayPort=31000 \
    --Storage:ConnectionString="Data Source=$work/telephony.db" --Admin:ApiKey=$key \
    --Logging:LogLevel:Default=Warning >"$out/server.log" 2>&1) &
server=$!
for _ in $(seq 1 120); do curl -sf "$http/health" >/dev/null && break; sleep 0.5; done
curl -sf "$http/health" >/dev/null || { echo "server did not start"; cat "$out/server.log"; exit 1; }
pid=$(pgrep -P "$server" -f telephony.dll || echo "$server")

api() { curl -sS --fail-with-body -H "X-Api-Key: $key" -H 'Content-Type: application/json' "$@"; }
ids=()
echo "SEQUENTIAL" > "$work/agents.csv"
for i in $(seq 1 "$agents"); do
    ext=$((4000 + i))
    ids+=("$(api -X POST "$http/admin/agents" -d "{\"displayName\":\"Agent $ext\",\"sipUsername\":\"$ext\",\"password\":\"$password\",\"skills\":[{\"queue\":\"bench.agents\",\"level\":1}]}" | sed -E 's/.*"id":"([^"]+)".*/\1/')")
    echo "$ext;$password" >> "$work/agents.csv"
done

# The desk phones, all behind one address: each extension registers from that address with its own short sipp run
# (sipp 3.6 cannot take a digest username from an injection file), then one sipp process binds it and answers, as a
# UAS, every call the server places there (the calls follow the registrations' flows: all to that address).
sox -n -r 8000 -c 1 -e a-law "$work/agent.wav" synth 30 sine 1000 vol 0.3
scenarios="$repo_root/tests/Telephony.EndToEnd.Tests/Scenarios"
phones_port=5090
for i in $(seq 1 "$agents"); do
    ext=$((4000 + i))
    # Register and stop there: the scenario up to the first 200, without the hold and the unregistration.
    sed -e "s/{{AGENT}}/$ext/g; s/{{PASSWORD}}/$password/g" "$scenarios/agent_register.xml" \
        | awk '{ print } /<recv response="200" \/>/ { print "</scenario>"; exit }' > "$work/register-$ext.xml"
    (cd "$work" && sipp -sf "register-$ext.xml" -i 127.0.0.1 -p $phones_port -m 1 -l 1 -nostdin -timeout 10s 127.0.0.1:5070 \
        >>"$out/register.log" 2>&1) || echo "registration of $ext failed (see $out/register.log)"
done
sed -e "s/{{AGENT}}/agent/g; s|{{TONE}}|$work/agent.wav|g; s/{{CODEC_PT}}/8/g; s/{{CODEC_NAME}}/PCMA/g; s/{{ANSWER_AFTER_MS}}/200/g" \
    -e "s/{{RR_EREG}}//g; s/{{RECORD_ROUTE}}//g; s/{{ROUTE}}//g" \
    "$scenarios/agent_answer_waits_for_bye.xml" > "$work/answer.xml"
# A placeholder left unfilled (the scenario gained one) makes sipp's phone silently never answer: refuse to run.
if grep -o '{{[A-Z_]*}}' "$work/answer.xml" | grep -v '{{PLACEHOLDERS}}' | sort -u | grep .; then
    echo "unfilled placeholders in the phones' scenario (above): update this script"; exit 2
fi
(cd "$work" && sipp -sf answer.xml -i 127.0.0.1 -mi 127.0.0.1 -p $phones_port -mp 7000 -m 1000000 -nostdin -bg \
    >"$out/phones.log" 2>&1) || true   # sipp -bg exits non-zero once detached
for _ in $(seq 1 120); do
    registered=$(api "$http/admin/agents" | { grep -o '"registered":true' || true; } | wc -l)
    ((registered >= agents)) && break
    sleep 0.5
done
echo "agents registered: $registered of $agents"
for id in "${ids[@]}"; do api -X POST "$http/admin/agents/$id/queues/bench.agents/login" >/dev/null; done

for run in $(seq 1 "$runs"); do
    # Sample the queue every 5 s during the run: proof that the agents were on call and the others waiting meanwhile.
    (for _ in $(seq 1 $((hold / 5))); do api "$http/admin/queues/bench.agents" >> "$out/queue-run$run.jsonl" || true; echo >> "$out/queue-run$run.jsonl"; sleep 5; done) &
    sampler=$!
    OUT="$out/run$run" SERVER_PID=$pid MEDIA=wav "$harness" 127.0.0.1 5070 3990 $((agents + waiting)) "$hold" | tail -1
    kill "$sampler" 2>/dev/null || true
    on_call=$(grep -o '"on_call":[0-9]*' "$out/queue-run$run.jsonl" | cut -d: -f2 | sort -n | tail -1)
    most_waiting=$(grep -o '"waiting":[0-9]*' "$out/queue-run$run.jsonl" | cut -d: -f2 | sort -n | tail -1)
    echo "run $run: at most ${on_call:-0} agents on call and ${most_waiting:-0} callers waiting at once (samples in $out/queue-run$run.jsonl)"
    # A run where the phones never answered measures music on hold only: say so rather than let it pass as a figure.
    ((${on_call:-0} >= agents * 9 / 10)) || echo "run $run: INVALID, fewer than 90 % of the $agents agents were on call (see $out/server.log, $out/phones.log)"
    sleep 35   # hung-up dialogs and their sockets linger ~32 s: let the next run start clean
done
