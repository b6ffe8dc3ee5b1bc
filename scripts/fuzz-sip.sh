#!/usr/bin/env bash
# Fuzzes the SIP parser for longer than CI does (CI runs the FsCheck properties in tests/Telephony.Sip.Tests).
#
#   scripts/fuzz-sip.sh [seconds]            default 600
#
# Coverage-guided (preferred) needs two tools that this script does not install by itself:
#   - AFL++:            apt-get install afl++            (provides afl-fuzz)
#   - SharpFuzz's CLI:  dotnet tool install --global SharpFuzz.CommandLine   (provides `sharpfuzz`, which
#                       instruments Telephony.Sip.dll so AFL sees branch coverage)
# With both present it runs afl-fuzz on the RFC 4475 corpus; findings land in artifacts/fuzz-sip/afl/.
# Without them it says so and runs the fallback: an in-process mutational loop without coverage feedback
# (bench/Telephony.Fuzz.Sip `loop`), much weaker but dependency-free; crashing inputs land in artifacts/fuzz-sip/crashes/.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-600}"
seeds="${SIP_TORTURE_DIR:-$root/../shared/sip-torture}"
out="$root/artifacts/fuzz-sip"
project="$root/bench/Telephony.Fuzz.Sip"
bin="$project/bin/Release/net10.0"

if [[ ! -d "$seeds" ]]; then
  echo "seed corpus not found at $seeds (set SIP_TORTURE_DIR)" >&2
  exit 2
fi

dotnet build "$project" -c Release -v quiet -nologo
mkdir -p "$out"

if command -v afl-fuzz >/dev/null && command -v sharpfuzz >/dev/null; then
  # AFL wants one flat folder of small seed files.
  mkdir -p "$out/seeds"
  find "$seeds" -name '*.dat' -exec cp {} "$out/seeds/" \;
  sharpfuzz "$bin/Telephony.Sip.dll"
  echo "afl-fuzz for ${seconds}s; findings in $out/afl"
  AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 afl-fuzz -V "$seconds" -i "$out/seeds" -o "$out/afl" -t 10000 -m none \
    -- dotnet "$bin/Telephony.Fuzz.Sip.dll" afl
  crashes=$(find "$out/afl" -path '*crashes/id*' | wc -l)
  echo "crashing inputs: $crashes"
  [[ "$crashes" -eq 0 ]]
else
  echo "afl-fuzz and/or sharpfuzz not found: coverage-guided fuzzing needs 'apt-get install afl++' and"
  echo "'dotnet tool install --global SharpFuzz.CommandLine'. Running the fallback mutational loop instead"
  echo "(no coverage feedback) for ${seconds}s."
  dotnet "$bin/Telephony.Fuzz.Sip.dll" loop "$seeds" "$out/crashes" "$seconds"
fi
