#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh <command...>
#
# Runs <command> with a throwaway PostgreSQL 15 server and its connection string in
# TELEPHONY_TEST_POSTGRES. The server lives in a fresh temporary directory, listens on a free
# port of 127.0.0.1 only (and on a unix socket inside that directory), trusts the `telephony`
# user and has a `telephony` database. Whatever happens to the command (failure, Ctrl-C), the
# server is stopped and the directory removed; the script exits with the command's exit code.
set -euo pipefail

if (($# == 0)); then
    echo "usage: $0 <command...>" >&2
    exit 2
fi

pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[[ -x "$pg_bin/initdb" && -x "$pg_bin/pg_ctl" ]] || { echo "with-postgres: PostgreSQL 15 binaries not found in $pg_bin" >&2; exit 1; }

say() { printf 'with-postgres: %s\n' "$*" >&2; }

# initdb and postgres refuse to run as root, so as root we run them as an unprivileged user:
# the Debian `postgres` account when the package created it, else a dedicated one we create.
as_db_user=()
db_user="$(id -un)"
if [[ "$(id -u)" == 0 ]]; then
    if id -u postgres >/dev/null 2>&1; then
        db_user=postgres
    else
        db_user=telephony-pg
        id -u "$db_user" >/dev/null 2>&1 ||
            useradd --system --no-create-home --shell /usr/sbin/nologin "$db_user"
    fi
    as_db_user=(runuser -u "$db_user" --)
fi

work_dir="$(mktemp -d -t with-postgres.XXXXXX)"
data_dir="$work_dir/data"
socket_dir="$work_dir/socket"
log_file="$work_dir/postgres.log"
server_started=false

cleanup() {
    local exit_code=$?
    trap - EXIT INT TERM
    if $server_started; then
        # immediate: the data is thrown away anyway, no need for a clean checkpoint.
        "${as_db_user[@]}" "$pg_bin/pg_ctl" -D "$data_dir" -m immediate -w stop >/dev/null 2>&1 ||
            say "pg_ctl stop failed; see $log_file"
    fi
    rm -rf "$work_dir"
    exit "$exit_code"
}
trap cleanup EXIT
# A signal becomes a normal exit so the EXIT trap cleans up; 128+N is the shell convention.
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$socket_dir"
chown -R "$db_user" "$work_dir"
chmod 700 "$work_dir"

"${as_db_user[@]}" "$pg_bin/initdb" -D "$data_dir" -U telephony --auth=trust -E UTF8 --no-locale >"$work_dir/initdb.log" 2>&1 ||
    { cat "$work_dir/initdb.log" >&2; say "initdb failed"; exit 1; }

port_in_use() { ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

# Another process may take a port between our check and the server's bind, so retry a few times.
port=""
for attempt in 1 2 3 4 5; do
    candidate=$((20000 + RANDOM % 30000))
    port_in_use "$candidate" && continue
    if "${as_db_user[@]}" "$pg_bin/pg_ctl" -D "$data_dir" -l "$log_file" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $candidate -k $socket_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
        port="$candidate"
        server_started=true
        break
    fi
    say "start on port $candidate failed (attempt $attempt)"
done
if [[ -z "$port" ]]; then
    [[ -f "$log_file" ]] && cat "$log_file" >&2
    say "could not start PostgreSQL"
    exit 1
fi

"${as_db_user[@]}" "$pg_bin/createdb" -h "$socket_dir" -p "$port" -U telephony telephony ||
    { say "createdb failed"; exit 1; }

export TELEPHONY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=telephony;Database=telephony;Timeout=30;Command Timeout=60"
say "PostgreSQL 15 on 127.0.0.1:$port (data in $work_dir)"

# Not exec: the trap must outlive the command to stop the server afterwards. The command runs in
# the background with our stdin so that `wait` (unlike a foreground command) is interrupted by a
# signal: a TERM or Ctrl-C aimed at this script alone is then passed on at once.
set +e
"$@" <&0 &
command_pid=$!
stop_command() {
    kill -TERM "$command_pid" 2>/dev/null
    wait "$command_pid" 2>/dev/null
    exit "$1"
}
trap 'stop_command 130' INT
trap 'stop_command 143' TERM
wait "$command_pid"
exit $?
