"""Benchmark: `grade` and `card` on designs of 500 to 20,000 components, against `validate`.

    .venv/bin/python bench/bench_grade.py [--quick] [--repeat N] [--sizes 500,2000]

Two shapes of design: `builtins`, those of `bench_scaling.py` (copies of the built-in designs,
chained, cut to the size wanted), and `cells`, those of `bench_validate.py` (a serving-and-
training cell of ten components repeated, so every kind occurs a tenth of the time: the worst
case for matching roles, and a client per cell for the narration). `grade` grades a renamed copy
(new ids and labels, the same structure, so every role is matched on kind and neighbourhood
rather than on its name) against the design; `card` writes the study card (its narration read
off the graph); `validate` is the floor both are measured against, since each reads the
design's graph once. Runs are paired: each round runs every contender once, in an order that
alternates round by round; each figure is the median over rounds of the wall time
(time.perf_counter) and the CPU time of this process (time.process_time), with the peak memory
of the process at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scaling
import bench_validate

from mlsd_diagrams._model import Design
from mlsd_diagrams.rules import validate
from mlsd_diagrams.study import card_markdown, grade

SIZES = (500, 2_000, 5_000, 20_000)
QUICK_SIZES = (500, 2_000)


def renamed(design: Design) -> Design:
    """The same components and flows under new ids and labels (`part_7`, "Part 7")."""
    ids = {c.id: f"part_{n}" for n, c in enumerate(design.components, 1)}
    data = design.to_dict()
    data["id"] = "renamed"
    data["components"] = [
        {**c, "id": ids[c["id"]], "label": f"Part {n}"} for n, c in enumerate(data["components"], 1)
    ]
    data["flows"] = [
        {**f, "source": ids[f["source"]], "target": ids[f["target"]]} for f in data["flows"]
    ]
    data["groups"] = [{**g, "members": [ids[m] for m in g["members"]]} for g in data["groups"]]
    return Design.model_validate(data)


def paired(
    rounds: int, contenders: dict[str, Callable[[], object]]
) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each contender, run interleaved round by round."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
    names = list(contenders)
    for number in range(rounds):
        for name in names if number % 2 == 0 else names[::-1]:
            wall, cpu = time.perf_counter(), time.process_time()
            contenders[name]()
            runs[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {
        name: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
        for name, r in runs.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}, one run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", help="comma-separated sizes instead of the default ones")
    parser.add_argument("--shape", choices=("builtins", "cells"), default="builtins")
    parser.add_argument("--only", help="comma-separated contenders (validate, grade, card)")
    args = parser.parse_args()
    sizes, repeat = (QUICK_SIZES, 1) if args.quick else (SIZES, args.repeat)
    if args.sizes:
        sizes = tuple(int(s) for s in args.sizes.split(","))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {args.shape} designs; median of {repeat} paired rounds, "
        "wall / CPU"
    )
    print(f"{'comps':>6} {'flows':>6} {'validate':>17} {'grade':>17} {'card':>17} {'peak RSS':>9}")
    for size in sizes:
        generate = bench_scaling.generate if args.shape == "builtins" else bench_validate.generate
        design = generate(size)
        mine = renamed(design)
        contenders: dict[str, Callable[[], object]] = {
            "validate": lambda design=design: validate(design),
            "grade": lambda mine=mine, design=design: grade(mine, design),
            "card": lambda design=design: card_markdown(design),
        }
        chosen = args.only.split(",") if args.only else list(contenders)
        figures = paired(repeat, {name: contenders[name] for name in chosen})
        cells = " ".join(
            f"{figures[n][0]:>7.2f}s /{figures[n][1]:>6.2f}s" if n in figures else f"{'-':>17}"
            for n in contenders
        )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:>6} {len(design.flows):>6} {cells} {rss:>7.0f}MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
