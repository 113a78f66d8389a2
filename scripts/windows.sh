#!/usr/bin/env bash
# Windows: cross-builds the release sithsctl.exe (x86_64-pc-windows-gnu) on
# Debian, packages it as target/windows/sithsctl-VERSION-x86_64-windows.zip
# and installs that zip into a Wine prefix (target/windows/wine), where
# tests/cli/windows.rs runs it (`WINDOWS_TESTS=1 scripts/test.sh`).
#
# Nothing prebuilt is downloaded. Debian's rustc-web builds Rust's
# standard library for Windows from its sources (rust-web-src) with
# cargo's -Zbuild-std, which a stable compiler allows when
# RUSTC_BOOTSTRAP=1 is set: set here, for this cross-build only. MinGW-w64
# compiles the C parts and links. A rustup toolchain, if there is one, is
# not used for this.
#
# Installs the Debian packages it needs when missing (scripts/deps.sh
# windows). Idempotent: when nothing changed it takes a few seconds.
# Prints the zip's path on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/deps.sh windows

triple=x86_64-pc-windows-gnu
out=target/windows
# Its own target folder: the Linux build in target/ is left alone.
build=target/windows-build
cargo=/usr/bin/cargo
rustc=/usr/bin/rustc
wine_dir=/usr/lib/wine
mkdir -p "$out"

# --- the compiler: Debian's, with its standard library's sources ---------
rust_minor=$("$rustc" --version | sed -n 's/^rustc 1\.\([0-9]*\)\..*/\1/p')
msrv_minor=$(sed -n 's/^rust-version = "1\.\([0-9]*\).*/\1/p' Cargo.toml)
if [ -z "$rust_minor" ] || [ "$rust_minor" -lt "$msrv_minor" ]; then
  echo "sithsctl: $("$rustc" --version) is older than the rust-version 1.$msrv_minor in Cargo.toml; rustc-web 1.96 comes from bookworm-security (add it to the apt sources)" >&2
  exit 1
fi
if [ ! -f "$("$rustc" --print sysroot)/lib/rustlib/src/rust/library/Cargo.lock" ]; then
  echo "sithsctl: the standard library's sources are missing: apt-get install rust-web-src" >&2
  exit 1
fi

# --- build ----------------------------------------------------------------
exe=$build/$triple/release/sithsctl.exe
[ -f "$exe" ] || echo "sithsctl: building sithsctl.exe for Windows (a few minutes the first time)" >&2
(
  # What a rustup toolchain, a calling cargo or the user's shell may have
  # set would mix another compiler into this build.
  unset RUSTUP_TOOLCHAIN RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS \
    CARGO_BUILD_TARGET CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR RUSTC_WRAPPER \
    RUSTC_WORKSPACE_WRAPPER CARGO
  export RUSTC=$rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
  export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
  export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
  "$cargo" build --quiet --release --locked -Zbuild-std \
    --target "$triple" --target-dir "$build" --bin sithsctl
)

# The exe shipped: without its symbol table, a third smaller (a panic
# still names its place in the source).
release_exe=$out/sithsctl.exe
if [ ! -f "$release_exe" ] || [ "$exe" -nt "$release_exe" ]; then
  x86_64-w64-mingw32-strip -o "$release_exe" "$exe"
fi

# --- the zip ---------------------------------------------------------------
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
name=sithsctl-$version-x86_64-windows
zip=$out/$name.zip
# What goes in, as "source:name in the zip".
contents=(
  "$release_exe:sithsctl.exe"
  "README.md:README.md"
  "docs/windows.md:WINDOWS.md"
  "CHANGELOG.md:CHANGELOG.md"
  "LICENSE-MIT:LICENSE-MIT"
  "LICENSE-APACHE:LICENSE-APACHE"
  "completions/_sithsctl.ps1:_sithsctl.ps1"
)
stale=0
[ -f "$zip" ] || stale=1
for entry in "${contents[@]}"; do
  src=${entry%%:*}
  [ "$src" -nt "$zip" ] && stale=1
done
if [ "$stale" -eq 1 ]; then
  stage=$out/stage
  rm -rf "$stage" "$zip"
  mkdir -p "$stage/$name"
  for entry in "${contents[@]}"; do
    cp "${entry%%:*}" "$stage/$name/${entry#*:}"
  done
  # -X: no Unix owners and permissions, which mean nothing on Windows.
  (cd "$stage" && zip -q -X -r "$root/$zip" "$name")
  rm -rf "$stage"
fi

# --- a Wine prefix to try it in (tests only) -------------------------------
# Console programs need no display; with these a first start never waits
# for a Mono or Gecko download dialogue.
export WINEPREFIX=$root/$out/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  echo "sithsctl: creating the Wine prefix $out/wine" >&2
  # Without 32-bit Wine it says it cannot run syswow64's rundll32: harmless.
  if ! "$wine_dir/wine64" wineboot --init </dev/null >"$out/wineboot.log" 2>&1; then
    cat "$out/wineboot.log" >&2
    exit 1
  fi
  # wineboot returns before the prefix is written out: wait for it.
  "$wine_dir/wineserver" -w
  [ -f "$WINEPREFIX/system.reg" ] || { cat "$out/wineboot.log" >&2; exit 1; }
fi
# Wine 8 lacks ProcessPrng, which Rust's standard library calls at start
# (Windows 10 and 11 have it): a stand-in, in the prefix only.
dll=$out/bcryptprimitives.dll
if [ ! -f "$dll" ] || [ tests/wine/bcryptprimitives.c -nt "$dll" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -Wall -Werror -s -o "$dll" \
    tests/wine/bcryptprimitives.c -ladvapi32
fi
system32=$WINEPREFIX/drive_c/windows/system32
cmp -s "$dll" "$system32/bcryptprimitives.dll" || cp "$dll" "$system32/bcryptprimitives.dll"
# Installed as the Windows note says: the zip unpacked into Program Files.
install_dir="$WINEPREFIX/drive_c/Program Files/sithsctl"
if [ ! -f "$install_dir/.installed" ] || [ "$zip" -nt "$install_dir/.installed" ]; then
  rm -rf "$install_dir"
  mkdir -p "$install_dir"
  unzip -q -j "$zip" -d "$install_dir"
  touch "$install_dir/.installed"
fi
"$wine_dir/wineserver" -w

echo "$zip ($(du -k "$zip" | cut -f1) KiB)"
