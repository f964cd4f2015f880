"""Time `validate()` on generated designs of 100 to 10,000 components (median of 5 runs).

.venv/bin/python bench/bench_validate.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Any

from mlsd_diagrams._model import Design
from mlsd_diagrams.rules import validate

SIZES = (100, 1_000, 5_000, 10_000)
QUICK_SIZES = (100, 1_000)
REPEATS = 5

# One serving-and-training cell of ten components; cells are chained by request flows so that
# the slowest request path grows with the design, as the latency rule's worst case.
CELL = [
    ("user", "client", None),
    ("gateway", "api_gateway", 2.0),
    ("app", "app_service", 3.0),
    ("model", "model_serving", 10.0),
    ("features", "feature_store", 1.0),
    ("log", "event_logging", None),
    ("lake", "data_lake", None),
    ("trainer", "training_pipeline", None),
    ("registry", "model_registry", None),
    ("monitor", "monitoring", None),
]
CELL_FLOWS = [
    ("user", "gateway", "request"),
    ("gateway", "app", "request"),
    ("app", "model", "request"),
    ("model", "features", "request"),
    ("model", "log", "async"),
    ("user", "log", "feedback"),
    ("log", "lake", "batch"),
    ("lake", "trainer", "batch"),
    ("trainer", "registry", "batch"),
    ("registry", "model", "deploy"),
    ("model", "monitor", "observe"),
]


def generate(n_components: int, *, broken: bool = False) -> Design:
    """A design of `n_components` (a multiple of ten) in cells of ten: valid, or when `broken`
    with four findings per cell (no deploy, no monitoring, an idle monitor, a misspelt id)."""
    components: list[dict[str, Any]] = []
    flows: list[dict[str, Any]] = []
    for cell in range(n_components // len(CELL)):
        components += [
            {"id": f"{name}_{cell}", "kind": kind, "latency_ms": latency}
            for name, kind, latency in CELL
        ]
        flows += [
            {"source": f"{a}_{cell}", "target": f"{b}_{cell}", "kind": kind}
            for a, b, kind in CELL_FLOWS
            if not (broken and kind in ("deploy", "observe"))
        ]
        if broken:
            flows.append({"source": f"app_{cell}", "target": f"modle_{cell}"})
        if cell:
            flows.append({"source": f"app_{cell - 1}", "target": f"app_{cell}", "latency_ms": 1})
    return Design.model_validate(
        {
            "id": f"bench_{n_components}",
            "title": "Benchmark",
            "sla_ms": 10.0 * n_components,
            "components": components,
            "flows": flows,
        }
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES} only")
    sizes = QUICK_SIZES if parser.parse_args().quick else SIZES
    print(f"{'components':>10}  {'flows':>6}  {'findings':>8}  {'validate (median of 5)':>22}")
    for broken in (False, True):
        for size in sizes:
            design = generate(size, broken=broken)
            timings = []
            for _ in range(REPEATS):
                start = time.perf_counter()
                findings = validate(design)
                timings.append(time.perf_counter() - start)
            middle = statistics.median(timings) * 1000
            print(f"{size:>10}  {len(design.flows):>6}  {len(findings):>8}  {middle:>19.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
