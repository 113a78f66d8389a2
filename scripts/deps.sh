#!/usr/bin/env bash
# Installs the Debian packages sithsctl needs, only those missing.
#   scripts/deps.sh build   - to build (libpcsclite-dev, pkg-config)
#   scripts/deps.sh test    - to build and run every test (adds pcscd,
#                             vsmartcard-vpcd, opensc, opensc-pkcs11, jq;
#                             openssl, whose `openssl ocsp` is the OCSP
#                             responder of the revocation tests, and
#                             tinyproxy, their proxy)
# vsmartcard-vpcd is installed before pcscd is started by the tests, as
# pcscd reads its reader drivers only at start.
set -euo pipefail

want=(libpcsclite-dev pkg-config)
if [ "${1:-build}" = "test" ]; then
  want+=(pcscd vsmartcard-vpcd opensc opensc-pkcs11 jq openssl tinyproxy)
fi

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "sithsctl: please install: ${missing[*]} (this is not a Debian-based system)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "sithsctl: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
