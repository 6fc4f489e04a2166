#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/system-packages.txt that are missing.
# Usage: bash scripts/install-system-packages.sh   (root, Debian or Ubuntu)
set -euo pipefail
list="$(dirname "$0")/system-packages.txt"
mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$list")
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "all ${#wanted[@]} system packages present"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "These packages are needed but this is not a Debian/Ubuntu system: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Installing system packages needs root: sudo bash $0   (missing: ${missing[*]})" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/lab-console-apt.log 2>&1 || {
  tail -30 /tmp/lab-console-apt.log >&2
  exit 1
}
echo "installed ${#missing[@]} packages"
