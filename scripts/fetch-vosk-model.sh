#!/usr/bin/env bash
# Fetches the French Vosk model vosk-model-small-fr-0.22 into models/ and prints the Speech:ModelPath to set.
#
# usage: scripts/fetch-vosk-model.sh [target-dir]          (default: models/ under the repository)
#        VOSK_MODEL_SHA256=<hex> scripts/fetch-vosk-model.sh  (check against another checksum)
#        scripts/fetch-vosk-model.sh --from <file.zip>       (install a zip copied in by hand: no network)
#
# The checksum pinned below is NOT published by Alpha Cephei (their model page lists none that we found). It is the
# SHA-256 that the Hugging Face mirror rhasspy/vosk-models records for its copy of vosk-model-small-fr-0.22.zip
# (42.2 MB); the same mirror's record for vosk-model-small-cn-0.22.zip matches a hash published independently, so the
# mirror keeps the original zips. It has not been checked against a download from the official site (no network
# where this script was written): if the official zip differs, the script refuses it; compare with a second source
# before overriding with VOSK_MODEL_SHA256.
set -euo pipefail

readonly model="vosk-model-small-fr-0.22"
readonly url="https://alphacephei.com/vosk/models/${model}.zip"
readonly pinned_sha256="cabf6180e177eb9b3a9a9d43a437bd5e549f3a7d09525e5d69a3fed787be12ad"
readonly expected_sha256="${VOSK_MODEL_SHA256:-$pinned_sha256}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
from_zip=""
target_dir="$repo_root/models"
while (($#)); do
    case "$1" in
        --from) from_zip="${2:?--from needs a zip file}"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) target_dir="$1"; shift ;;
    esac
done
target="$target_dir/$model"

fail() { echo "fetch-vosk-model: $*" >&2; exit 1; }

print_setting() {
    echo "fetch-vosk-model: model ready at $target"
    echo "fetch-vosk-model: set Speech:ModelPath=$target (e.g. scripts/run.sh --Speech:ModelPath=$target, or Speech__ModelPath=$target)"
}

if [[ -f "$target/am/final.mdl" && -f "$target/.sha256" && "$(cat "$target/.sha256")" == "$expected_sha256" ]]; then
    echo "fetch-vosk-model: $target already installed from a verified zip"
    print_setting
    exit 0
fi

command -v unzip >/dev/null || fail "unzip is required (apt-get install unzip)"
command -v sha256sum >/dev/null || fail "sha256sum is required (coreutils)"

work_dir="$(mktemp -d -t fetch-vosk-model.XXXXXX)"
trap 'rm -rf "$work_dir"' EXIT
zip="$work_dir/$model.zip"

if [[ -n "$from_zip" ]]; then
    [[ -f "$from_zip" ]] || fail "$from_zip not found"
    cp "$from_zip" "$zip"
else
    command -v curl >/dev/null || fail "curl is required (apt-get install curl)"
    echo "fetch-vosk-model: downloading $url"
    if ! curl --fail --location --silent --show-error --connect-timeout 20 --retry 2 -o "$zip" "$url"; then
        cat >&2 <<MSG
fetch-vosk-model: could not download $url (no route to the official model site from this machine?).
  Copy the model in by hand instead (README, "Speech"):
    1. on a machine with access, download $url
       and check: sha256sum $model.zip   (expect $expected_sha256)
    2. copy the zip here and run: scripts/fetch-vosk-model.sh --from /path/to/$model.zip
  Until then the service runs DTMF only and says so in its log and on /health.
MSG
        exit 2
    fi
fi

actual_sha256="$(sha256sum "$zip" | cut -d' ' -f1)"
if [[ "$actual_sha256" != "$expected_sha256" ]]; then
    fail "CHECKSUM MISMATCH for $model.zip: expected $expected_sha256, got $actual_sha256. Refusing to install it."
fi

unzip -q "$zip" -d "$work_dir/unpacked"
[[ -f "$work_dir/unpacked/$model/am/final.mdl" ]] || fail "$model.zip does not hold $model/am/final.mdl"
mkdir -p "$target_dir"
# Replace any previous copy whole, so a half-unpacked model never sits at the configured path.
rm -rf "$target.partial"
mv "$work_dir/unpacked/$model" "$target.partial"
echo "$actual_sha256" >"$target.partial/.sha256"
rm -rf "$target"
mv "$target.partial" "$target"
print_setting
