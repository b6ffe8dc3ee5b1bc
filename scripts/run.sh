#!/usr/bin/env bash
# Runs the service on the embedded default: one node, Orleans localhost clustering, SQLite under ./data/,
# SIP on UDP+TCP 5060, HTTP (/metrics, /health) on 127.0.0.1:8080. Extra arguments are passed to the server,
# e.g. scripts/run.sh --Sip:Port=5070
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
# libvosk is not a NuGet package: fetch it from the npm registry (checksum-verified, once).
scripts/fetch-vosk.sh
mkdir -p data
exec dotnet run --project src/Telephony.Server -c Release -- "$@"
