#!/usr/bin/env bash
# Lint and format (ruff) and types (mypy: datamodel strict, publisher, and the check that both geometry
# adapters satisfy datamodel.geometry.GeometryAdapter); settings in pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
