#!/usr/bin/env bash
# Sets up what it needs (see setup.sh) and runs the main job on an embedded SQLite store
# seeded with demo data. Extra arguments go to `python -m publisher demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The real DAGI kommune boundaries, when the shared data lies beside this checkout.
if [ -z "${OVERBLIKSKORT_SHARED_DATA:-}" ] && [ -d ../shared/data ]; then
  export OVERBLIKSKORT_SHARED_DATA="$(cd ../shared/data && pwd)"
fi
exec .venv/bin/python -m publisher --data-dir "${OVERBLIKSKORT_DATA_DIR:-var/demo}" demo "$@"
