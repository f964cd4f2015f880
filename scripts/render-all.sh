#!/usr/bin/env bash
# The main job: set up what is missing, render every built-in design into output/, then write
# the gallery there (index.html, README.md and a study card per design).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/mlsd render --all -o output
.venv/bin/mlsd gallery -o output
