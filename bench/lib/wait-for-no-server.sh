# Sourced by the bench scripts before they start a server: a server still draining from an earlier run on the same
# HTTP port answers /health, so the new one's start-up failure ("Address already in use") would go unnoticed and the
# run would measure the old server until it exits. Waits up to 90 s for that port to stop answering, else gives up.
#   wait_for_no_server http://127.0.0.1:18086
wait_for_no_server() {
    local url=$1
    for _ in $(seq 1 90); do
        curl -sf -m 1 "$url/health" >/dev/null 2>&1 || return 0
        sleep 1
    done
    echo "a server still answers on $url after 90 s (an earlier bench's?): stop it first" >&2
    exit 2
}
