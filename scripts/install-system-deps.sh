#!/usr/bin/env bash
# Installs the Debian packages the tests need (see ../shared/reference/toolchain.md) when missing.
# Fails loudly when something cannot be installed: a missing tool must never turn into skipped tests.
set -euo pipefail
need=()
for pkg in chromium socat pcscd vsmartcard-vpcd libpcsclite-dev libusb-1.0-0 fonts-noto-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages: installing ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root (or sudo) to install: ${need[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
for bin in chromium socat pcscd; do
  command -v "$bin" >/dev/null || [ -x "/usr/sbin/$bin" ] || { echo "error: $bin still missing after install" >&2; exit 1; }
done
