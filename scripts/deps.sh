#!/usr/bin/env bash
# Installs the Debian packages sithsctl needs, only those missing.
#   scripts/deps.sh build   - to build (libpcsclite-dev, pkg-config)
#   scripts/deps.sh test    - to build and run every test (adds pcscd,
#                             vsmartcard-vpcd, opensc, opensc-pkcs11, jq,
#                             bsdutils for `script`, the pseudo-terminal test,
#                             chromium to render the fleet HTML report,
#                             openssl, whose `openssl ocsp` is the OCSP
#                             responder of the revocation tests, and
#                             tinyproxy, their proxy)
#   scripts/deps.sh windows - to cross-build the Windows program and try it
#                             under Wine (scripts/windows.sh): Debian's Rust
#                             1.96 with its standard library's sources, the
#                             MinGW-w64 compiler and linker, Wine, zip
# vsmartcard-vpcd is installed before pcscd is started by the tests, as
# pcscd reads its reader drivers only at start.
set -euo pipefail

case "${1:-build}" in
  build) want=(libpcsclite-dev pkg-config) ;;
  test) want=(libpcsclite-dev pkg-config pcscd vsmartcard-vpcd opensc opensc-pkcs11 jq bsdutils chromium openssl tinyproxy) ;;
  windows) want=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 wine64 zip unzip) ;;
  *)
    echo "usage: scripts/deps.sh [build|test|windows]" >&2
    exit 2
    ;;
esac

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
if [ "${1:-build}" = "windows" ]; then
  # cargo-web and rustc-web conflict with Debian's own rustc, cargo and
  # rustup packages: never let apt remove those behind the user's back.
  # (A rustup installed under ~/.cargo is no package and is not touched.)
  for pkg in rustc cargo rustup; do
    if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      echo "sithsctl: the Debian package $pkg is installed; the Windows build needs rustc-web and cargo-web, which replace it. Remove $pkg first (apt-get remove $pkg) or build on another machine." >&2
      exit 1
    fi
  done
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "sithsctl: installing ${missing[*]}" >&2
$sudo apt-get update -qq
# Waits for another apt or dpkg run to finish instead of failing at once.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
