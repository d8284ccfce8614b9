#!/usr/bin/env bash
# Sets up what the tests need (see setup.sh) and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Lint and type checks first: they take seconds and name the line.
bash scripts/lint.sh
export QT_QPA_PLATFORM=offscreen
# Data model, rulebook, publisher, deployment (nginx, units, compose) and browser tests: no QGIS.
.venv/bin/python -m pytest -p no:qgis -q tests/unit tests/publisher tests/deploy tests/web "$@"
# Plugin and end-to-end tests in real QGIS 3.22 (pytest-qgis).
.venv/bin/python -m pytest -q tests/plugin tests/e2e "$@"
