#!/usr/bin/env bash
# The test job: set up what is missing (Graphviz, fonts, Chromium and its driver, the readers of
# the export formats, the package with its dev extras), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
bash scripts/install-browser-driver.sh
bash scripts/install-export-readers.sh
echo "running the tests ..."
.venv/bin/python -m pytest -q "$@"
