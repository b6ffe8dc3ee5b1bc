#!/bin/sh
# Runs Kamailio in the foreground with deploy/kamailio/kamailio.cfg, the nodes' addresses put in the dispatcher list:
# KAMAILIO_NODE_ADDRESS (the Docker host's address in docker-compose.yml) replaces 127.0.0.1 in dispatcher.list.
set -eu
here="$(dirname "$0")"
list=/run/kamailio/dispatcher.list
sed "s/127\.0\.0\.1/${KAMAILIO_NODE_ADDRESS:-127.0.0.1}/g" "$here/dispatcher.list" > "$list"
chown kamailio:kamailio "$list"
export KAMAILIO_DISPATCHER_LIST="$list"
exec kamailio -f "$here/kamailio.cfg" -DD -E -Y /run/kamailio -m 64 -M 8 -u kamailio -g kamailio
