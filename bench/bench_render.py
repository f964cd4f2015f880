"""Benchmark: rendering every built-in design, against the naive way and the floor; output sizes;
`--check`; and the edit-to-redraw time of `mlsd watch`.

    .venv/bin/python bench/bench_render.py [--quick] [--repeat N]

Runs are paired: each round runs every contender once, in an order that alternates round by
round, and each figure is the median over rounds (at least 5) of the wall time
(time.perf_counter) and the CPU time of the child processes (resource.getrusage(RUSAGE_CHILDREN)).
- cold:  `mlsd render --all -f png -f svg --force` (one process, designs in parallel)
- naive: a process per design, with the same parallelism and the same work: the design's DOT,
         one `dot` run per format with the same arguments, the same SVG post-processing
- floor: one `dot -Tpng -Tsvg` per design's DOT, in parallel on every core (Graphviz alone)
- warm:  `mlsd render --all` after a cold run (everything up to date)
- check: `mlsd render --all --check` with the manifest, and without it (a fresh clone)
- help:  `mlsd --help`
- watch: what `mlsd watch` does after a save (load + validate + write_design), for a 20-component
         design, in this process, after the file is written
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

BIN = Path(sys.executable).parent
MLSD = str(BIN / "mlsd")

# The naive way, doing the renderer's work: a fresh interpreter per design, one `dot` run per
# format with the renderer's arguments, and the same SVG post-processing.
NAIVE_SCRIPT = """
import subprocess, sys
from pathlib import Path
from mlsd_diagrams._load import load
from mlsd_diagrams.render import RenderOptions, build_scene, dot_source, resources_dir
from mlsd_diagrams.render.writers._finish import finish_svg
from mlsd_diagrams.render.layout._graphviz import PNG_DPI, PNG_MAX_PX
design = load(sys.argv[1])
source = dot_source(build_scene(design, RenderOptions())).encode()
inches = PNG_MAX_PX / PNG_DPI
for fmt, device in (("png", "png:cairo"), ("svg", "svg")):
    out = Path(f"{sys.argv[2]}/{design.id}.{fmt}")
    subprocess.run(["dot", f"-Gimagepath={resources_dir()}", f"-Gdpi={PNG_DPI}",
                    f"-Gsize={inches:g},{inches:g}", f"-T{device}", "-o", str(out)],
                   input=source, check=True, capture_output=True)
    if fmt == "svg":
        out.write_bytes(finish_svg(out.read_bytes()))
"""


def measure(action: Callable[[], None]) -> tuple[float, float]:
    """Wall seconds and the children's CPU seconds of one run of `action`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    action()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu


def paired(
    rounds: int, contenders: dict[str, Callable[[], None]]
) -> dict[str, tuple[float, float]]:
    """Median wall and CPU of each contender, run interleaved: round i runs them in order,
    round i+1 in reverse, so drift in the machine's load falls on all of them alike."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in contenders}
    names = list(contenders)
    for number in range(rounds):
        for name in names if number % 2 == 0 else names[::-1]:
            runs[name].append(measure(contenders[name]))
    return {
        name: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
        for name, r in runs.items()
    }


def run(*command: str) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sizes(folder: Path) -> dict[str, float]:
    svgs = [p.stat().st_size for p in folder.glob("*.svg")]
    pngs = [p.stat().st_size for p in folder.glob("*.png")]
    return {
        "svg_total_mb": sum(svgs) / 1e6,
        "svg_largest_kb": max(svgs) / 1e3,
        "png_total_mb": sum(pngs) / 1e6,
        "png_largest_kb": max(pngs) / 1e3,
    }


def watch_redraw(work: Path, rounds: int, formats: tuple[str, ...]) -> float:
    """Median seconds from a saved edit to the new files, on the code path of `mlsd watch`."""
    from mlsd_diagrams._load import load
    from mlsd_diagrams.render import Format, RenderOptions, write_design
    from mlsd_diagrams.rules import errors, validate

    design = load("fraud_detection")  # 20 components
    path = work / "watched.json"
    options = RenderOptions(formats=tuple(Format(f) for f in formats))
    times = []
    for number in range(rounds + 1):
        edited = design.model_copy(update={"title": f"Fraud detection, edit {number}"})
        path.write_text(edited.to_json(), encoding="utf-8")
        start = time.perf_counter()
        loaded = load(path)
        assert not errors(validate(loaded))
        write_design(loaded, work / "watch", options)
        if number:  # the first redraw also fills the icon cache and imports; a watch has done both
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds (at least 5 unless --quick)")
    parser.add_argument("--quick", action="store_true", help="3 rounds, no naive or floor")
    args = parser.parse_args()
    rounds = 3 if args.quick else max(5, args.repeat)

    from mlsd_diagrams._load import builtin_ids, load
    from mlsd_diagrams.render import RenderOptions, build_scene, dot_source, resources_dir
    from mlsd_diagrams.render.layout._graphviz import PNG_DPI, PNG_MAX_PX, graphviz_version

    ids = builtin_ids()
    work = Path(tempfile.mkdtemp(prefix="mlsd-bench-"))
    cores = os.cpu_count() or 1
    try:
        cold_dir, naive_dir, floor_dir = work / "cold", work / "naive", work / "floor"
        for folder in (naive_dir, floor_dir):
            folder.mkdir()
        sources = {i: dot_source(build_scene(load(i), RenderOptions())) for i in ids}
        inches = f"{PNG_MAX_PX / PNG_DPI:g}"

        def cold() -> None:
            run(MLSD, "render", "--all", "-f", "png", "-f", "svg", "--force", "-o", str(cold_dir))

        def naive_one(design_id: str) -> None:
            run(sys.executable, "-c", NAIVE_SCRIPT, design_id, str(naive_dir))

        def naive() -> None:
            with ThreadPoolExecutor(max_workers=cores) as pool:
                list(pool.map(naive_one, ids))

        def floor_one(design_id: str) -> None:
            command = ["dot", f"-Gimagepath={resources_dir()}", f"-Gdpi={PNG_DPI}"]
            command += [f"-Gsize={inches},{inches}", "-Tpng:cairo", "-o"]
            command += [str(floor_dir / f"{design_id}.png"), "-Tsvg", "-o"]
            command += [str(floor_dir / f"{design_id}.svg")]
            subprocess.run(command, input=sources[design_id].encode(), check=True)

        def floor() -> None:
            with ThreadPoolExecutor(max_workers=cores) as pool:
                list(pool.map(floor_one, ids))

        cold()  # fills the icon cache, as any earlier render on the machine has
        contenders = (
            {"cold": cold} if args.quick else {"cold": cold, "naive": naive, "floor": floor}
        )
        figures = paired(rounds, contenders)
        output = sizes(cold_dir)

        fresh = work / "fresh"

        def warm() -> None:
            run(MLSD, "render", "--all", "-o", str(cold_dir))

        def check() -> None:
            run(MLSD, "render", "--all", "--check", "-o", str(cold_dir))

        def check_fresh() -> None:
            shutil.rmtree(fresh, ignore_errors=True)
            shutil.copytree(cold_dir, fresh, ignore=shutil.ignore_patterns(".mlsd-manifest.json"))
            run(MLSD, "render", "--all", "--check", "-o", str(fresh))

        def help_() -> None:
            run(MLSD, "--help")

        quick_ones = {"warm": warm, "check": check, "help": help_}
        figures |= paired(
            rounds, quick_ones if args.quick else quick_ones | {"check (no manifest)": check_fresh}
        )
        watch_svg = watch_redraw(work, rounds, ("svg",))
        watch_both = watch_redraw(work, rounds, ("png", "svg"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"{time.strftime('%Y-%m-%d')}; {platform.machine()}, {cores} cores, Python "
        f"{platform.python_version()}, Graphviz {graphviz_version()}, diagrams "
        f"{version('diagrams')}, Pillow {version('Pillow')}; {len(ids)} designs, PNG and SVG; "
        f"median of {rounds} paired rounds"
    )
    print(f"  {'':<20} {'wall':>8} {'child CPU':>10}")
    for name, (wall, cpu) in figures.items():
        print(f"  {name:<20} {wall:7.3f}s {cpu:9.3f}s")
    if "naive" in figures:
        print(
            f"  cold / naive = {figures['cold'][0] / figures['naive'][0]:.2f} wall, "
            f"{figures['cold'][1] / figures['naive'][1]:.2f} CPU"
        )
        print(f"  cold / floor = {figures['cold'][0] / figures['floor'][0]:.2f} wall")
    print(f"  warm / cold  = {figures['warm'][0] / figures['cold'][0]:.2f}")
    print(f"  check / warm = {figures['check'][0] / figures['warm'][0]:.2f}")
    print(
        f"  output: SVG {output['svg_total_mb']:.2f} MB in all, largest "
        f"{output['svg_largest_kb']:.0f} KB; PNG {output['png_total_mb']:.2f} MB in all, largest "
        f"{output['png_largest_kb']:.0f} KB"
    )
    print(
        f"  watch, edit to redraw (20 components): SVG {watch_svg * 1000:.0f} ms, "
        f"PNG + SVG {watch_both * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
