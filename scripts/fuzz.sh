#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers a caller, a phone, a trunk or an operator can feed, for longer than the
# test suite's 12-second runs (tests/Telephony.Fuzz.Tests/ShortFuzzRunTests):
#
#   scripts/fuzz.sh [target|all] [seconds]      default: all targets, 600 s each
#
# Targets (bench/Telephony.Fuzz/FuzzTargets.cs): sip (parser, round trip, TCP framer), sdp (parser, offer/answer both
# ways), rtp (a session's whole receive path: latch, RFC 4733, jitter buffer, G.711, in-band DTMF), rtcp, ivr (the
# script and queues loader). Seeds: tests/fuzz-corpus/<target> and its regressions. Needs AFL++ (apt-get install
# afl++) and SharpFuzz's instrumenter (dotnet tool restore, from .config/dotnet-tools.json). Without afl-fuzz it
# runs the in-process mutational loop instead (no coverage feedback, much weaker).
#
# Crashes land in artifacts/fuzz/<target>/afl/default/crashes; replay one with
#   dotnet bench/Telephony.Fuzz/bin/Release/net10.0/Telephony.Fuzz.dll replay <target> <file>
# then fix it and keep the input in tests/fuzz-corpus/regressions/<target>/ (the suite replays every one).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
which="${1:-all}"
seconds="${2:-600}"
targets=(sip sdp rtp rtcp ivr)
[[ "$which" == all ]] || targets=("$which")

dotnet tool restore >/dev/null
dotnet build bench/Telephony.Fuzz -c Release -v quiet -nologo
bin_built="$root/bench/Telephony.Fuzz/bin/Release/net10.0"
status=0
for target in "${targets[@]}"; do
  out="$root/artifacts/fuzz/$target"
  rm -rf "$out"
  mkdir -p "$out/seeds"
  find "tests/fuzz-corpus/$target" "tests/fuzz-corpus/regressions/$target" -type f ! -name '*.md' -exec cp {} "$out/seeds/" \; 2>/dev/null || true
  if ! command -v afl-fuzz >/dev/null; then
    echo "$target: afl-fuzz not found (apt-get install afl++): running the mutational loop for ${seconds}s"
    dotnet "$bin_built/Telephony.Fuzz.dll" loop "$target" "$out/seeds" "$out/crashes" "$seconds" || status=1
    continue
  fi
  # Instrument a copy: the build output stays as the tests and the benchmarks use it.
  cp -r "$bin_built" "$out/bin"
  for assembly in $(dotnet "$out/bin/Telephony.Fuzz.dll" assemblies "$target"); do
    dotnet tool run sharpfuzz "$out/bin/$assembly" >/dev/null
  done
  echo "$target: afl-fuzz for ${seconds}s; findings in $out/afl"
  AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    afl-fuzz -V "$seconds" -i "$out/seeds" -o "$out/afl" -t 5000 -m none -- dotnet "$out/bin/Telephony.Fuzz.dll" afl "$target" >"$out/afl.log" 2>&1 || true
  stats="$out/afl/default/fuzzer_stats"
  if [[ ! -f "$stats" ]]; then
    echo "$target: afl-fuzz did not run; see $out/afl.log"; status=1; continue
  fi
  grep -E '^(execs_done|execs_per_sec|corpus_count|edges_found|saved_crashes|saved_hangs) ' "$stats" | sed "s/^/$target: /"
  crashes=$(find "$out/afl" -path '*crashes/id*' | wc -l)
  if ((crashes > 0)); then
    echo "$target: $crashes crashing inputs in $out/afl/default/crashes"; status=1
  fi
done
exit $status
