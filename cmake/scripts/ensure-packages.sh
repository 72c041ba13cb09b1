#!/usr/bin/env bash
# Installs the Debian packages given as arguments that are not installed yet
# (apt-get update first, no recommends). Needs root, or sudo when available.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "romfs: installing missing packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# Wait for a busy apt/dpkg lock (an unattended upgrade, another install)
# instead of failing.
lock=(-o DPkg::Lock::Timeout=600)
$sudo apt-get "${lock[@]}" update -qq
$sudo apt-get "${lock[@]}" install -y -qq --no-install-recommends "${missing[@]}"
