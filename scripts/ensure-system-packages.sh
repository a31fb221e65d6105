#!/usr/bin/env bash
# Install the Debian packages the test suite needs (PostgreSQL server, Chromium, memcached), only if missing.
# Usage: scripts/ensure-system-packages.sh postgresql chromium
set -euo pipefail

need=()
for pkg in "$@"; do
  case "$pkg" in
    postgresql) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql) ;;
    chromium)   [ -x /usr/bin/chromium ] || need+=(chromium) ;;
    *)          dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg") ;;
  esac
done
[ ${#need[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: need root (or sudo) to install: ${need[*]}. Install them and re-run." >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
