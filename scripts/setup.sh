#!/usr/bin/env bash
# Installs everything Overblikskort needs on Debian 12, as root. Safe to run again.
#   bash scripts/setup.sh          system packages, .venv, Python packages, npm assets
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-qgis qgis-providers python3-venv         # QGIS 3.22 bindings for the plugin and its tests
  postgresql-15 postgresql-15-postgis-3            # the production store, started by the tests
  nginx systemd                                    # deploy/'s nginx site and units (tests/deploy)
  chromium xvfb                                    # the browser tests and the QGIS desktop under Xvfb
  qttools5-dev-tools                               # lrelease for the plugin's translations
  qgis imagemagick xauth                           # the real QGIS desktop and its screenshots (qgis_desktop_screenshots.py)
  qgis-server-wfs                                  # QGIS Server as the loopback WFS of the Plandata import test
  git
)
command -v npm >/dev/null || APT_PACKAGES+=(nodejs npm)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The QGIS bindings import only under Debian's own interpreter.
if [ ! -x .venv/bin/python ]; then
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

if [ ! -d node_modules/maplibre-gl ] || [ package.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent
fi
echo "setup: ready (.venv, node_modules)"
