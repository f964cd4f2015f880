#!/usr/bin/env bash
# The main job: set up what is missing, then render every built-in design into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/mlsd render --all -o output
