#!/usr/bin/env bash
# The main job: set up what is missing (Graphviz, fonts, the package without its dev tools),
# render every built-in design into output/, then write the gallery there (index.html,
# README.md and a study card per design).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh render
echo "rendering every built-in design into output/ ..."
.venv/bin/mlsd render --all -o output
echo "writing the gallery into output/ ..."
.venv/bin/mlsd gallery -o output
