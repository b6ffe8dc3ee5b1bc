#!/usr/bin/env bash
# Attacks a fresh Telephony server as the internet would and prints what got through (README, "SIP protection"):
#   bench/sip-attacks/run.sh
#   1. svcrack (sipvicious) guesses agent2's password from 127.0.0.1, the password 41st in its dictionary;
#      meanwhile agent1's phone (sipp) registers from 127.0.0.2.
#   2. An INVITE flood from 127.0.0.5 (INVITES, default 1000, at RATE a second, default 200, never acknowledged);
#      meanwhile CALLS citizens (default 50) call line 3960 from 127.0.0.6.
#   3. A flood of TCP_FLOOD connections (default 1100) from 127.0.0.7; then a TCP call from 127.0.0.8.
# Uses the Release build (dotnet build -c Release), sipp (sip-tester), sipvicious and python3; ports 5080, 18090.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
invites=${INVITES:-1000} rate=${RATE:-200} calls=${CALLS:-50} tcp_flood=${TCP_FLOOD:-1100}
sip_port=5080 http=http://127.0.0.1:18090 key=bench-admin-key-0123456789
for tool in sipp svcrack python3; do command -v "$tool" >/dev/null || { echo "missing $tool"; exit 2; }; done
ulimit -n 20000
work="$(mktemp -d /tmp/sip-attacks.XXXX)"
server=""
cleanup() {
    set +e
    [[ -n $server ]] && pkill -P "$server" 2>/dev/null; [[ -n $server ]] && kill "$server" 2>/dev/null
    wait 2>/dev/null
}
trap cleanup EXIT
(cd "$work" && exec dotnet "$repo_root/src/Telephony.Server/bin/Release/net10.0/telephony.dll" \
    --urls "$http" --Sip:Port=$sip_port --Sip:BindAddress=127.0.0.1 --Sip:RtpPortRange=42000-42399 \
    --Ivr:ScriptsPath="$repo_root/ivr-scripts" --Ivr:ForceOpen=true --Orleans:SiloPort=21211 --Orleans:GatewayPort=31100 \
    --Storage:ConnectionString="Data Source=$work/telephony.db" --Admin:ApiKey=$key \
    --Agents:Accounts:0:Username=agent1 --Agents:Accounts:0:Password=correct-horse \
    --Agents:Accounts:1:Username=agent2 --Agents:Accounts:1:Password=battery-staple >"$work/server.log" 2>&1) &
server=$!
for _ in $(seq 1 120); do curl -sf "$http/health" >/dev/null && break; sleep 0.5; done
curl -sf "$http/health" >/dev/null || { echo "server did not start"; cat "$work/server.log"; exit 1; }
metric() { curl -s "$http/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }

echo "== 1. password guessing (svcrack from 127.0.0.1) while agent1 registers from 127.0.0.2"
{ for i in $(seq 1 40); do echo "guess$i"; done; echo battery-staple; for i in $(seq 41 200); do echo "guess$i"; done; } >"$work/dictionary.txt"
start=$(date +%s.%N)
svcrack -u agent2 -d "$work/dictionary.txt" -p $sip_port --maximumtime=5 127.0.0.1 >"$work/svcrack.log" 2>&1 &
crack=$!
cat >"$work/register.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="register">
  <send retrans="500"><![CDATA[

REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:agent1@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
To: <sip:agent1@[remote_ip]>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:agent1@[local_ip]:[local_port]>
Expires: 300
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="401" auth="true" />
  <send retrans="500"><![CDATA[

REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:agent1@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
To: <sip:agent1@[remote_ip]>
Call-ID: [call_id]
CSeq: 2 REGISTER
Contact: <sip:agent1@[local_ip]:[local_port]>
[authentication username=agent1 password=correct-horse]
Expires: 300
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200" />
</scenario>
XML
sleep 1
(cd "$work" && sipp -sf register.xml -i 127.0.0.2 -p 15082 -m 1 -nostdin -timeout 10s -timeout_error 127.0.0.1:$sip_port >/dev/null 2>&1) && registered=yes || registered=no
wait "$crack" || true
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
checked=$(grep -c "REGISTER for sip:agent2@127.0.0.1 from Udp:127.0.0.1:" "$work/server.log" || true)
found=$(grep -c "battery-staple" "$work/svcrack.log" || true)
echo "   guesses checked before the ban: $checked (dictionary: 201, password 41st); password found: $([[ $found -gt 0 ]] && echo YES || echo no)"
echo "   svcrack gave up after ${elapsed%.*} s; messages dropped unanswered: $(metric 'telephony_sip_refused_total{reason="banned"}')"
echo "   agent1 registered from 127.0.0.2 meanwhile: $registered"

echo "== 2. INVITE flood: $invites never acknowledged at $rate/s from 127.0.0.5, $calls citizens from 127.0.0.6"
cat >"$work/flood.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="flood">
  <send><![CDATA[

INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:flood@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: <sip:flood@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=- 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 8

]]></send>
</scenario>
XML
(cd "$work" && sipp -sf flood.xml -s 3960 -i 127.0.0.5 -mi 127.0.0.5 -p 15085 -m "$invites" -r "$rate" -l "$invites" -nostdin -timeout 30s 127.0.0.1:$sip_port >/dev/null 2>&1) &
flood=$!
(cd "$work" && sipp -sn uac -s 3960 -i 127.0.0.6 -mi 127.0.0.6 -p 15086 -m "$calls" -r 10 -l 10 -d 1000 -nostdin -timeout 60s -trace_screen -screen_file citizens.screen 127.0.0.1:$sip_port >/dev/null 2>&1) || true
wait "$flood" || true
let_in=$(grep "Incoming call" "$work/server.log" | grep -c "Udp:127.0.0.5:" || true)
answered=$(awk -F'|' '/Successful call/ { gsub(/ /, "", $3); n = $3 } END { print n + 0 }' "$work/citizens.screen" 2>/dev/null || echo 0)
echo "   flood INVITEs let in before the ban: $let_in of $invites; citizens answered: $answered/$calls"

echo "== 3. TCP flood: $tcp_flood connections from 127.0.0.7, then a TCP call from 127.0.0.8"
kept=$(python3 - "$sip_port" "$tcp_flood" <<'PY'
import socket, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
held = []
for _ in range(count):
    s = socket.socket(); s.bind(("127.0.0.7", 0)); s.connect(("127.0.0.1", port)); held.append(s)
time.sleep(2)
alive = 0
for s in held:
    s.setblocking(False)
    try:
        alive += 0 if s.recv(1) == b"" else 1
    except BlockingIOError:
        alive += 1
    except OSError:
        pass
print(alive)
PY
)
(cd "$work" && sipp -sn uac -t t1 -s 3960 -i 127.0.0.8 -mi 127.0.0.8 -p 15088 -m 1 -d 1000 -nostdin -timeout 20s -timeout_error 127.0.0.1:$sip_port >/dev/null 2>&1) && tcp_call=answered || tcp_call=FAILED
echo "   connections kept open from one address: $kept of $tcp_flood; TCP caller from another address: $tcp_call"

echo "== metrics"
curl -s "$http/metrics" | grep -E '^telephony_sip_(bans|refused)_total'
echo "(server log: $work/server.log)"
