#!/usr/bin/env bash
# Installs every Debian package Madoguchi needs to build, run and test.
# Idempotent: skips apt when everything is already present. xvfb: the kiosk benchmark draws
# into a real X framebuffer (docs/benchmarks.md); without it, it falls back to SDL offscreen.
# libxtst-dev + libxdamage-dev: kiosk_peer_benchmark presses and watches the screen through them.
# cage + xwayland: the packaging test runs the kiosk under cage's headless backend; systemd:
# systemd-analyze for the unit; dpkg-dev: dpkg-shlibdeps for cpack (docs/install.md).
# espeak-ng + mecab (the programs): the speech tests' oracles beside the libraries (docs/speech.md).
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config ninja-build
  libimgui-dev libsdl2-dev libx11-dev libstb-dev libfreetype-dev libpng-dev
  libhpdf-dev libharfbuzz-dev libcups2-dev cups-ipp-utils cups-client
  libpcsclite-dev pcscd vsmartcard-vpcd pcsc-tools
  opensc opensc-pkcs11 libp11-kit-dev
  nlohmann-json3-dev libsqlite3-dev libgtest-dev libgmock-dev
  fonts-morisawa-bizud-gothic fonts-noto-cjk fonts-noto-core
  poppler-utils dbus curl
  libespeak-ng-dev espeak-ng-data libmecab-dev mecab-ipadic-utf8 espeak-ng mecab
  postgresql libpq-dev
  libqrencode-dev libssl-dev libargon2-dev openssl
  libcurl4-openssl-dev libcpp-httplib-dev libpoppler-cpp-dev
  clang libclang-rt-14-dev clang-format
  xvfb xdotool libxtst-dev libxdamage-dev
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

# For the tests only (scripts/test.sh passes --tests): Adyen's own Node library, pinned, from
# npm, into .deps/npm (MADOGUCHI_NPM_DIR elsewhere). A test seals and opens nexo messages with
# it and with the kiosk's code, both ways (tests/payment/adyen_interop.js, docs/payment.md).
if [ "${1:-}" = "--tests" ]; then
  ROOT="$(cd "$(dirname "$0")/.." && pwd)"
  NPM_DIR="${MADOGUCHI_NPM_DIR:-$ROOT/.deps/npm}"
  ADYEN_LIBRARY="@adyen/api-library@32.1.0"
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  if [ ! -f "$NPM_DIR/node_modules/@adyen/api-library/package.json" ]; then
    mkdir -p "$NPM_DIR"
    npm install --prefix "$NPM_DIR" --no-audit --no-fund --no-save --loglevel=error \
      "$ADYEN_LIBRARY"
  fi
fi
