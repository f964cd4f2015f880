"""Benchmark: how validating and drawing grow with a design's size, 25 to 800 components.

    .venv/bin/python bench/bench_scaling.py [--quick] [--repeat N]

The designs are copies of the built-in designs (ids prefixed, groups kept), each copy joined to
the next by one flow, cut to the size wanted: real structure, not a synthetic chain. For each
size, the median of N runs of:
- validate:  `validate(design)` in this process
- render:    `write_design(design, formats=svg)`, wall time, in this process (all its steps)
- dot:       `dot` alone on the same DOT with the same arguments the renderer passes, wall and CPU
- peak RSS:  of that `dot` process (getrusage RUSAGE_CHILDREN ru_maxrss, in a wrapper process)
and, to show where the large-design settings pay, `dot` CPU, edge crossings and drawing area
with Graphviz's default settings and with the cheaper ones (`layout_settings`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams._model import Design
from mlsd_diagrams.render import (
    Format,
    RenderOptions,
    build_scene,
    dot_source,
    graphviz_version,
    resources_dir,
    write_design,
)
from mlsd_diagrams.render.layout._graphviz import _LARGE_SETTINGS, LARGE_DESIGN, PNG_DPI
from mlsd_diagrams.rules import validate

SIZES = (25, 50, 100, 200, 400, 600, 800)
QUICK_SIZES = (25, 100, 400)

# Runs one command and reports its wall time, CPU time and peak RSS: RUSAGE_CHILDREN covers
# only the children of the process asking, so each measurement gets a fresh wrapper.
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
completed = subprocess.run(sys.argv[1:], stdin=sys.stdin, capture_output=True, check=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
crossings = [int(n) for n in __import__("re").findall(rb": (\\d+) crossings", completed.stderr)]
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": usage.ru_maxrss / 1024, "crossings": sum(crossings)}))
"""


def generate(n_components: int) -> Design:
    """Copies of the built-in designs, chained by one flow each, cut to `n_components`."""
    sources = [load(i).to_dict() for i in builtin_ids()]
    components: list[dict[str, Any]] = []
    flows: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    previous: str | None = None
    copy = 0
    while len(components) < n_components:
        source = sources[copy % len(sources)]
        prefix = f"c{copy}_"
        kept = source["components"][: n_components - len(components)]
        ids = {c["id"] for c in kept}
        components += [{**c, "id": prefix + c["id"]} for c in kept]
        flows += [
            {**f, "source": prefix + f["source"], "target": prefix + f["target"]}
            for f in source["flows"]
            if f["source"] in ids and f["target"] in ids
        ]
        for group in source["groups"]:
            parent = group.get("parent")
            groups.append(
                {
                    **group,
                    "id": prefix + group["id"],
                    "members": [prefix + m for m in group["members"] if m in ids],
                    "parent": prefix + parent if parent else None,
                }
            )
        if previous is not None:
            flows.append({"source": previous, "target": prefix + kept[0]["id"], "kind": "async"})
        previous = prefix + kept[-1]["id"]
        copy += 1
    parents = {g["parent"] for g in groups}
    groups = [g for g in groups if g["members"] or g["id"] in parents]
    return Design.model_validate(
        {
            "id": f"scale_{n_components}",
            "title": f"{n_components} components",
            "sla_ms": 1000.0,
            "components": components,
            "flows": flows,
            "groups": groups,
        }
    )


def dot_alone(source: str, extra: list[str], out: Path) -> dict[str, float]:
    command = ["dot", "-v", f"-Gimagepath={resources_dir()}", f"-Gdpi={PNG_DPI}", *extra]
    command += ["-Tsvg", "-o", str(out), "-Tjson", "-o", str(out.with_suffix(".json"))]
    completed = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        input=source.encode(),
        capture_output=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(completed.stdout)
    layout = json.loads(out.with_suffix(".json").read_text())
    x0, y0, x1, y1 = (float(v) for v in layout["bb"].split(","))
    figures["area"] = (x1 - x0) * (y1 - y0) / 1e6
    return figures


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}, one run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes, repeat = (QUICK_SIZES, 1) if args.quick else (SIZES, args.repeat)

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, Graphviz {graphviz_version()}; median of {repeat}; "
        f"large-design settings above {LARGE_DESIGN} components"
    )
    head = (
        f"{'comps':>5} {'flows':>5} {'validate':>9} {'render svg':>10} {'dot alone':>9} "
        f"{'ratio':>5} {'dot RSS':>8} | {'dot CPU default/cheap':>22} "
        f"{'crossings':>11} {'area Mpt2':>12}"
    )
    print(head)
    options = RenderOptions(formats=(Format.SVG,))
    with tempfile.TemporaryDirectory(prefix="mlsd-scaling-") as folder:
        out = Path(folder)
        for size in sizes:
            design = generate(size)
            source = dot_source(build_scene(design, options))
            cheap = list(_LARGE_SETTINGS) if size > LARGE_DESIGN else []
            validating, rendering, alone, default, cheaper = [], [], [], [], []
            for _ in range(repeat):
                start = time.perf_counter()
                validate(design)
                validating.append(time.perf_counter() - start)
                start = time.perf_counter()
                write_design(design, out / "render", options)
                rendering.append(time.perf_counter() - start)
                alone.append(dot_alone(source, cheap, out / "alone.svg"))
                default.append(dot_alone(source, [], out / "default.svg"))
                cheaper.append(dot_alone(source, list(_LARGE_SETTINGS), out / "cheap.svg"))
            dot_wall = median([a["wall"] for a in alone])
            render_wall = median(rendering)
            print(
                f"{size:>5} {len(design.flows):>5} {median(validating) * 1000:>7.1f}ms "
                f"{render_wall:>9.2f}s {dot_wall:>8.2f}s {render_wall / dot_wall:>5.2f} "
                f"{max(a['rss_mb'] for a in alone):>6.0f}MB | "
                f"{median([d['cpu'] for d in default]):>10.2f}s /"
                f"{median([c['cpu'] for c in cheaper]):>7.2f}s "
                f"{default[0]['crossings']:>5.0f}/{cheaper[0]['crossings']:<5.0f} "
                f"{default[0]['area']:>5.1f}/{cheaper[0]['area']:<6.1f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
