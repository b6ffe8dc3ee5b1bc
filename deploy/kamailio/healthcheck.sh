#!/bin/bash
# Healthy when Kamailio answers an OPTIONS sent to itself (at KAMAILIO_LISTEN) with 200, as its keep-alive answer.
set -eu
host="${KAMAILIO_LISTEN%:*}"
port="${KAMAILIO_LISTEN##*:}"
exec 3<>"/dev/udp/$host/$port"
branch="z9hG4bKhealth$$"
# Built first and written at once: each write to the socket is a datagram of its own.
request="$(printf 'OPTIONS sip:%s:%s SIP/2.0\r\nVia: SIP/2.0/UDP %s:9;branch=%s;rport\r\nMax-Forwards: 70\r\nFrom: <sip:health@%s>;tag=h%s\r\nTo: <sip:%s:%s>\r\nCall-ID: health-%s\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0' \
    "$host" "$port" "$host" "$branch" "$host" "$$" "$host" "$port" "$$")"
# printf would write it line by line; cat copies it in one write.
printf '%s\r\n\r\n' "$request" | cat >&3
timeout 2 head -c 11 <&3 | grep -q "SIP/2.0 200"
