#!/usr/bin/env bash
# The test job: set up what is missing, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/install-export-readers.sh
.venv/bin/python -m pytest -q "$@"
