"""Time `load()` of a JSON and a YAML design file, valid and with one bad item, at 1 and 4 MB.

An invalid document should cost about what a valid one does: the E100 findings and the lines
they point at are found in time linear in the document. Prints the median of 5 runs each, in
CPU seconds (steady on a busy machine; loading is single-threaded).

    .venv/bin/python bench/bench_load_errors.py
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from mlsd_diagrams._errors import InvalidDesignError
from mlsd_diagrams._load import load

SIZES_MB = (1, 4)
REPEATS = 5


def document(megabytes: int, *, bad: bool) -> dict[str, Any]:
    """A design of about `megabytes` MB as JSON; when `bad`, one component in the middle has an
    unknown kind."""
    components: list[dict[str, Any]] = []
    flows: list[dict[str, Any]] = []
    size, index = 0, 0
    while size < megabytes * 1_000_000:
        component = {
            "id": f"service_{index}",
            "kind": "app_service",
            "label": f"Service number {index}",
            "latency_ms": 1.5,
            "notes": "a component of the benchmark design, with a sentence of notes",
        }
        components.append(component)
        if index:
            flows.append({"source": f"service_{index - 1}", "target": f"service_{index}"})
        size += len(json.dumps(component)) + 60
        index += 1
    if bad:
        components[len(components) // 2]["kind"] = "app_servcie"
    return {"id": "bench_load", "title": "Benchmark", "components": components, "flows": flows}


def median_seconds(path: Path, *, bad: bool) -> float:
    timings = []
    for _ in range(REPEATS):
        start = time.process_time()
        try:
            load(path)
        except InvalidDesignError:
            if not bad:
                raise
        else:
            if bad:
                raise AssertionError(f"{path} loaded although it has a bad item")
        timings.append(time.process_time() - start)
    return statistics.median(timings)


def main() -> int:
    print(f"{'format':>6}  {'size':>7}  {'valid':>8}  {'one bad item':>12}  (median of {REPEATS})")
    with tempfile.TemporaryDirectory() as folder:
        for suffix in ("json", "yaml"):
            for megabytes in SIZES_MB:
                row = []
                for bad in (False, True):
                    data = document(megabytes, bad=bad)
                    path = Path(folder) / f"bench_{megabytes}_{bad}.{suffix}"
                    if suffix == "json":
                        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
                    else:
                        from mlsd_diagrams._model import Design

                        text = Design.model_validate(document(megabytes, bad=False)).to_yaml()
                        if bad:
                            text = text.replace("kind: app_service", "kind: app_servcie", 1)
                        path.write_text(text, encoding="utf-8")
                    row.append(median_seconds(path, bad=bad))
                size = f"{Path(path).stat().st_size / 1e6:.1f} MB"
                print(f"{suffix:>6}  {size:>7}  {row[0]:>7.2f}s  {row[1]:>11.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
