#!/usr/bin/env bash
# Fetches the native Vosk speech library (libvosk.so) into native/linux-x64/.
#
# The Vosk NuGet package is not reachable from this project's machines, but the npm registry
# package vosk@0.3.39 ships the same Linux x86-64 library. We pin the tarball by its sha256 so a
# changed or tampered package fails loudly instead of being loaded into the server process.
#
# Idempotent: when the library is already there and matches the checksum recorded at the last
# fetch, nothing is downloaded.
set -euo pipefail

readonly package="vosk@0.3.39"
readonly tarball_sha256="f0acfb81236e492f29193ffbd1029204cd0af7107fca4e5e5a410432b3291ad3"
readonly library_in_tarball="package/lib/linux-x86_64/libvosk.so"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="$repo_root/native/linux-x64"
target="$target_dir/libvosk.so"
# The .so's own checksum, written after a verified fetch: lets the next run check the file without the tarball.
checksum_file="$target.sha256"

fail() { echo "fetch-vosk: $*" >&2; exit 1; }

if [[ -f "$target" && -f "$checksum_file" ]]; then
    if (cd "$target_dir" && sha256sum --check --status "$(basename "$checksum_file")"); then
        echo "fetch-vosk: $target already present and verified"
        exit 0
    fi
    echo "fetch-vosk: $target does not match its recorded checksum; fetching again" >&2
fi

command -v npm >/dev/null || fail "npm is required (apt-get install npm)"

work_dir="$(mktemp -d -t fetch-vosk.XXXXXX)"
trap 'rm -rf "$work_dir"' EXIT

echo "fetch-vosk: npm pack $package"
(cd "$work_dir" && npm pack --silent "$package" >/dev/null) || fail "npm pack $package failed"

shopt -s nullglob
tarballs=("$work_dir"/vosk-*.tgz)
((${#tarballs[@]} == 1)) || fail "expected one vosk tarball from npm pack, found ${#tarballs[@]}"
tarball="${tarballs[0]}"

actual_sha256="$(sha256sum "$tarball" | cut -d' ' -f1)"
if [[ "$actual_sha256" != "$tarball_sha256" ]]; then
    fail "CHECKSUM MISMATCH for $package: expected $tarball_sha256, got $actual_sha256. Refusing to install it."
fi

tar -xzf "$tarball" -C "$work_dir" "$library_in_tarball" || fail "$library_in_tarball not found in $package"

mkdir -p "$target_dir"
# Write to a temporary name then rename, so an interrupted run never leaves a half-written library behind.
install -m 0644 "$work_dir/$library_in_tarball" "$target.partial"
mv -f "$target.partial" "$target"
(cd "$target_dir" && sha256sum libvosk.so >"$(basename "$checksum_file")")
echo "fetch-vosk: installed $target ($(cut -d' ' -f1 "$checksum_file"))"
