"""Benchmark: rendering every built-in design, side by side with the naive way and the floor.

    .venv/bin/python bench/bench_render.py [--repeat N]

Measured in one run, each the best of N:
- cold:  `mlsd render --all -f png -f svg --force` (one process, designs in parallel)
- warm:  the same without --force, after the cold run (everything up to date)
- naive: how a `diagrams` user works: one Python process per design, one `dot` run per format
- floor: one `dot -Tpng -Tsvg` per design's DOT, run in parallel on every core (Graphviz alone)
- help:  `mlsd --help`
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MLSD = str(BIN / "mlsd")

# The naive way: a fresh interpreter per design, building the graph and letting the graphviz
# `dot` once per format, as `diagrams.Diagram.render` does.
NAIVE_SCRIPT = """
import subprocess, sys
from mlsd_diagrams._load import load
from mlsd_diagrams.render import dot_source, resources_dir
design = load(sys.argv[1])
source = dot_source(design).encode()
for fmt in ("png", "svg"):
    out = f"{sys.argv[2]}/{design.id}.{fmt}"
    subprocess.run(["dot", f"-Gimagepath={resources_dir()}", "-Gdpi=150", f"-T{fmt}", "-o", out],
                   input=source, check=True)
"""


def best_of(repeat: int, action: Callable[[], None]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def run(*command: str) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from mlsd_diagrams._load import builtin_ids, load
    from mlsd_diagrams.render import dot_source, graphviz_version, resources_dir

    ids = builtin_ids()
    work = Path(tempfile.mkdtemp(prefix="mlsd-bench-"))
    try:
        cold_dir, naive_dir, floor_dir = work / "cold", work / "naive", work / "floor"
        for folder in (naive_dir, floor_dir):
            folder.mkdir()
        sources = {i: dot_source(load(i)) for i in ids}

        def cold() -> None:
            run(MLSD, "render", "--all", "-f", "png", "-f", "svg", "--force", "-o", str(cold_dir))

        def warm() -> None:
            run(MLSD, "render", "--all", "-f", "png", "-f", "svg", "-o", str(cold_dir))

        def naive() -> None:
            for design_id in ids:
                run(sys.executable, "-c", NAIVE_SCRIPT, design_id, str(naive_dir))

        def floor_one(design_id: str) -> None:
            subprocess.run(
                [
                    "dot",
                    f"-Gimagepath={resources_dir()}",
                    "-Gdpi=150",
                    "-Tpng:cairo",
                    "-o",
                    str(floor_dir / f"{design_id}.png"),
                    "-Tsvg",
                    "-o",
                    str(floor_dir / f"{design_id}.svg"),
                ],
                input=sources[design_id].encode(),
                check=True,
            )

        def floor() -> None:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                list(pool.map(floor_one, ids))

        def help_() -> None:
            run(MLSD, "--help")

        figures = {
            "cold": best_of(args.repeat, cold),
            "warm": best_of(args.repeat, warm),
            "naive": best_of(args.repeat, naive),
            "floor": best_of(args.repeat, floor),
            "help": best_of(args.repeat, help_),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Graphviz {graphviz_version()}; {len(ids)} designs, "
        f"best of {args.repeat}"
    )
    for name, seconds in figures.items():
        print(f"  {name:<6} {seconds:7.3f} s")
    print(f"  cold / naive = {figures['cold'] / figures['naive']:.2f}   (target <= 0.60)")
    print(f"  cold / floor = {figures['cold'] / figures['floor']:.2f}   (target <= 1.50)")
    print(f"  warm / cold  = {figures['warm'] / figures['cold']:.2f}   (target <= 0.25)")
    print(f"  mlsd --help  = {figures['help']:.3f} s (target < 0.5 s)")


if __name__ == "__main__":
    main()
