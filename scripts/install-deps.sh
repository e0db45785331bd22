#!/usr/bin/env bash
# Installs every Debian package Madoguchi needs to build, run and test.
# Idempotent: skips apt when everything is already present. xvfb: the kiosk benchmark draws
# into a real X framebuffer (docs/benchmarks.md); without it, it falls back to SDL offscreen.
# cage + xwayland: the packaging test runs the kiosk under cage's headless backend; systemd:
# systemd-analyze for the unit; dpkg-dev: dpkg-shlibdeps for cpack (docs/install.md).
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config ninja-build
  libimgui-dev libsdl2-dev libstb-dev libfreetype-dev libpng-dev
  libhpdf-dev libharfbuzz-dev libcups2-dev cups-ipp-utils cups-client
  libpcsclite-dev pcscd vsmartcard-vpcd pcsc-tools
  nlohmann-json3-dev libsqlite3-dev libgtest-dev libgmock-dev
  fonts-morisawa-bizud-gothic fonts-noto-cjk
  poppler-utils dbus curl
  postgresql libpq-dev
  libqrencode-dev libssl-dev libargon2-dev openssl
  clang libclang-rt-14-dev clang-format
  xvfb
  cage xwayland systemd dpkg-dev
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
