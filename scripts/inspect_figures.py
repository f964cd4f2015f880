"""Refresh what the tests hold `mlsd inspect --all` to: the layout-quality baseline (per drawing,
how many misses of each row; the tests fail when a drawing misses more) and the README's table.

    .venv/bin/python scripts/inspect_figures.py             # both, from a fresh run
    .venv/bin/python scripts/inspect_figures.py --baseline  # tests/layout_quality_baseline.json
    .venv/bin/python scripts/inspect_figures.py --readme    # README.md's table

Run it after a layout change has lowered the counts, so that they cannot rise again unseen.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "layout_quality_baseline.json"
README = ROOT / "README.md"
TABLE_START = "<!-- inspect-table -->"
TABLE_END = "<!-- /inspect-table -->"
_COLUMNS = (
    ("overlaps", "text_overlaps"),
    ("labels on", "labels_on_something_else"),
    ("through parts", "edges_through_components"),
    ("through titles", "edges_through_titles"),
    ("on outlines", "edges_ending_on_outlines"),
    ("touching", "groups_touching"),
    ("along", "edges_along_outlines"),
    ("detours", "long_detours"),
    ("crossings", "crossings"),
    ("far labels", "far_labels"),
    ("cut names", "cut_names"),
)

Row = dict[str, Any]


def baseline(rows: list[Row]) -> dict[str, Any]:
    """Each drawing's misses per row (rows without one left out), in the report's order."""
    return {
        "refresh": "python scripts/inspect_figures.py --baseline",
        "drawings": {
            row["drawing"]: {key: len(words) for key, words in row["misses"].items()}
            for row in rows
        },
    }


def _total(rows: list[Row], key: str) -> str:
    if key == "empty_area":
        return f"{sum(1 for r in rows if 'empty_area' in r['misses'])} over 35%"
    return str(sum(int(r[key]) for r in rows))


def readme_table(rows: list[Row]) -> str:
    """The README's table: each whole diagram's slide and layout-quality figures, then the
    totals of the whole diagrams and of the views."""
    head = ["design", "size (pt)", "aspect", "name pt", "text pt", *(h for h, _ in _COLUMNS)]
    lines = ["| " + " | ".join([*head, "empty"]) + " |", "|" + "---|" * (len(head) + 1)]
    whole = [r for r in rows if r["kind"] == "whole"]
    views = [r for r in rows if r["kind"] == "view"]
    for r in whole:
        cells = [
            r["design"],
            f"{r['width_pt']:.0f}x{r['height_pt']:.0f}",
            str(r["aspect"]),
            str(r["smallest_name_pt"]),
            str(r["smallest_text_pt"]),
            *(str(r[key]) for _, key in _COLUMNS),
            f"{r['empty_area']:.0%}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for name, group in ((f"{len(whole)} whole diagrams", whole), (f"{len(views)} views", views)):
        totals = ", ".join(f"{heading} {_total(group, key)}" for heading, key in _COLUMNS)
        totals += f", empty {_total(group, 'empty_area')}"
        missed = sum(1 for r in group if r["misses"])
        lines.append("")
        lines.append(f"Totals over the {name} ({missed} miss a figure): {totals}.")
    return "\n".join(lines)


def with_table(readme: str, table: str) -> str:
    """README's text with the table between its markers replaced."""
    start, end = readme.index(TABLE_START) + len(TABLE_START), readme.index(TABLE_END)
    return readme[:start] + "\n" + table + "\n" + readme[end:]


def report() -> list[Row]:
    mlsd = Path(sys.executable).parent / "mlsd"
    command = [str(mlsd), "inspect", "--all", "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    rows: list[Row] = json.loads(done.stdout)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", action="store_true", help="refresh the baseline only")
    parser.add_argument("--readme", action="store_true", help="refresh README.md's table only")
    chosen = parser.parse_args()
    both = not chosen.baseline and not chosen.readme
    rows = report()
    if chosen.baseline or both:
        BASELINE.write_text(json.dumps(baseline(rows), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE.relative_to(ROOT)}")
    if chosen.readme or both:
        text = README.read_text(encoding="utf-8")
        README.write_text(with_table(text, readme_table(rows)), encoding="utf-8")
        print(f"wrote the table in {README.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
