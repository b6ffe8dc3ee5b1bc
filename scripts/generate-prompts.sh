#!/usr/bin/env bash
# Regenerates every IVR prompt WAV (ivr-scripts/prompts/<script>/<id>.wav) from the texts in the scripts,
# with espeak-ng (French voice) and sox (8 kHz mono 16-bit PCM). Run from anywhere; commit the WAVs it writes.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project src/Telephony.Server -- ivr prompts ivr-scripts
