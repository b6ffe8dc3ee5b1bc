#!/usr/bin/env bash
# Regenerates every IVR prompt WAV (ivr-scripts/prompts/<script>/<id>.wav) from the texts in the scripts, and the
# announcement fragments (ivr-scripts/prompts/common/fragments/*.wav) that queue/date announcements are assembled from,
# with espeak-ng (French voice) and sox (8 kHz mono 16-bit PCM). Run from anywhere; commit the WAVs it writes.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project src/Telephony.Server -- ivr prompts ivr-scripts

# Music on hold: a calm, royalty-free arpeggio synthesised by sox (no recording to license), about 8 s, looped by
# the server while a caller waits. Deterministic: same bytes every time.
moh_dir=ivr-scripts/prompts/common
mkdir -p "$moh_dir"
notes_dir="$(mktemp -d)"
trap 'rm -rf "$notes_dir"' EXIT
i=0
for note in C4 E4 G4 C5 G4 E4 A3 C4 E4 A4 E4 C4 F3 A3 C4 F4; do
    sox -D -n -r 8000 -c 1 -b 16 "$notes_dir/$(printf '%02d' $i).wav" synth 0.5 pluck "$note" fade 0 0.5 0.15 vol 0.35
    i=$((i + 1))
done
sox -D "$notes_dir"/*.wav -r 8000 -c 1 -b 16 "$moh_dir/music-on-hold.wav"
echo "wrote $moh_dir/music-on-hold.wav"

# What a citizen hears on answering a callback, before the agent (one per network, named as the network in lower
# case: the callback executor plays prompts/common/callbacks/<network>.wav). Same voice and processing as the prompts.
cb_dir=ivr-scripts/prompts/common/callbacks
mkdir -p "$cb_dir"
while IFS='|' read -r network name; do
    espeak-ng -v fr -s 165 -w "$notes_dir/cb.wav" -- "Bonjour, ici $name. Vous avez demandé à être rappelé. Nous vous mettons en relation avec un conseiller."
    sox --no-dither "$notes_dir/cb.wav" -r 8000 -c 1 -b 16 -e signed-integer "$cb_dir/$network.wav" \
        silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.05 0.2
    echo "wrote $cb_dir/$network.wav"
done <<'NETWORKS'
cnav|la CNAV, l'Assurance retraite
cpam|l'Assurance Maladie
dgfip|les Finances publiques
caf|la CAF
france_travail|France Travail
NETWORKS
