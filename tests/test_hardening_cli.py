"""Hardening of the command line: version, completion, suggestions, ordering, signals."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from mlsd_diagrams.render import Format
from mlsd_diagrams.render.writers._finish import finish_pdf

from .conftest import ROOT, one_line, run, small_design

MLSD = str(Path(sys.executable).with_name("mlsd"))


def test_version_prints_the_distribution_version() -> None:
    result = run("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"mlsd {version('mlsd-diagrams')}"


def test_shell_completion_options_are_offered() -> None:
    result = run("--help")
    assert "--install-completion" in result.output
    assert "--show-completion" in result.output


def test_a_near_miss_value_names_the_nearest_one() -> None:
    cases = [
        (["export", "ml_system_framework", "--to", "ymal"], "`yaml`"),
        (["render", "ml_system_framework", "--theme", "drak"], "`dark`"),
        (["render", "ml_system_framework", "--icons", "gpc"], "`gcp`"),
        (["render", "ml_system_framework", "-f", "svgg"], "`svg`"),
    ]
    for args, nearest in cases:
        result = run(*args)
        assert result.exit_code == 2 and result.stdout == ""
        line = one_line(result)
        assert line.endswith(f"did you mean {nearest}?"), line


def test_export_accepts_yml_as_yaml() -> None:
    result = run("export", "ml_system_framework", "--to", "yml")
    assert result.exit_code == 0, result.output
    assert result.stdout == run("export", "ml_system_framework", "--to", "yaml").stdout


@pytest.mark.exe
def test_a_pdf_is_the_same_in_every_time_zone(tmp_path: Path) -> None:
    pdfs = []
    for zone in ("UTC", "Asia/Kolkata"):
        out = tmp_path / zone.replace("/", "_")
        env = {**os.environ, "TZ": zone}
        command = [MLSD, "render", "ml_system_framework", "-f", "pdf", "-o", str(out)]
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)
        pdfs.append((out / "ml_system_framework.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]
    assert b"(D:00000000000000Z)" in pdfs[0]


def test_finish_pdf_pins_the_time_zone_offset_at_the_same_length() -> None:
    data = b"<< /CreationDate (D:20261130120000+01'00') >>"
    pinned = finish_pdf(data)
    assert len(pinned) == len(data)
    assert b"2026" not in pinned and b"+01" not in pinned
    assert pinned.startswith(b"<< /CreationDate (D:00000000000000Z")


@pytest.mark.exe
def test_icons_render_from_a_folder_whose_path_holds_a_colon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached_graphviz: None
) -> None:
    from mlsd_diagrams.render import RenderOptions, resources_dir, write_design
    from mlsd_diagrams.render.layout import _engine as _api

    folder = tmp_path / "venv:3.12"
    folder.mkdir()
    (folder / "resources").symlink_to(resources_dir(), target_is_directory=True)
    monkeypatch.setattr(_api, "resources_dir", lambda: folder / "resources")
    result = write_design(small_design(), tmp_path / "out", RenderOptions(formats=(Format.SVG,)))
    assert not [w for w in result.warnings if "image" in w.lower()], result.warnings
    svg = (tmp_path / "out" / "tiny.svg").read_text(encoding="utf-8")
    assert "<image" in svg


def test_outcomes_are_reported_in_design_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from mlsd_diagrams import _batch
    from mlsd_diagrams.render import RenderResult

    designs = [small_design(f"d{i}") for i in range(4)]

    def slow_write(design: Any, out: Path, options: Any) -> RenderResult:
        time.sleep(0.1 * (4 - int(design.id[1:])))  # the first design finishes last
        path = out / f"{design.id}.svg"
        path.write_text(design.id, encoding="utf-8")
        return RenderResult(design.id, [path])

    monkeypatch.setattr(_batch, "write_design", slow_write)
    reported: list[str] = []
    _batch.render_many(designs, tmp_path, jobs=4, on_done=lambda o: reported.append(o.design_id))
    assert reported == ["d0", "d1", "d2", "d3"]


def test_html_in_a_design_is_shown_as_text_on_its_card() -> None:
    from mlsd_diagrams._load import load_data
    from mlsd_diagrams.study import card_markdown

    data = small_design().to_dict()
    data["title"] = "Ranker <!-- hidden"
    data["summary"] = "<script>alert(1)</script> & `code"
    data["components"][0]["label"] = "<img src=x onerror=alert(1)>"
    data.setdefault("card", {})["requirements"] = ["<script>steal()</script>"]
    data["card"]["tradeoffs"] = [
        {"topic": "<b>t</b>", "options": ["a & b", "<i>"], "choice": "a", "why": "x"}
    ]
    card = card_markdown(load_data(data))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\`code" in card
    assert "- &lt;script&gt;steal()&lt;/script&gt;" in card
    assert "a &amp; b; &lt;i&gt;" in card
    for raw in ("<script", "<!--", "<img", "<b>", "<i>"):
        assert raw not in card, raw


def test_new_prints_the_next_command_as_it_was_invoked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", [".venv/bin/mlsd", "new", "my_ranker"])
    result = run("new", "my_ranker", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = tmp_path / "my_ranker.py"
    assert f"next: .venv/bin/mlsd validate {path} --strict && .venv/bin/mlsd render {path}" in (
        result.stdout
    )
    monkeypatch.setattr(sys, "argv", ["mlsd", "new", "other"])
    result = run("new", "other", "--dir", str(tmp_path))
    assert f"next: mlsd validate {tmp_path / 'other.py'}" in result.stdout


def test_the_readme_names_the_command_where_the_checkout_installs_it() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        "Save it as `my_ranker.py`, then `.venv/bin/mlsd validate my_ranker.py` and "
        "`.venv/bin/mlsd render my_ranker.py`." in text
    )


def test_rendering_a_design_of_ones_own_into_the_built_in_outputs_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlsd_diagrams.cli import _draw

    calls: list[str] = []
    monkeypatch.setattr("mlsd_diagrams._batch.render_many", lambda *a, **k: calls.append("r"))
    shared = tmp_path / "output"
    shared.mkdir()
    (shared / "ml_system_framework.svg").write_text("<svg/>", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        run("export", "ml_system_framework", "--to", "yaml").stdout.replace(
            "id: ml_system_framework", "id: mine"
        ),
        encoding="utf-8",
    )
    result = run("render", str(mine), "-o", str(shared))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"mlsd: note: writing into {shared}, which holds the built-in designs' files; "
        "pass -o to keep yours apart\n"
    )
    for args in (["ml_system_framework", "-o", str(shared)], [str(mine), "-o", str(tmp_path)]):
        assert run("render", *args).stderr == ""
    assert calls == ["r", "r", "r"] and _draw is not None


def test_two_renders_into_one_folder_keep_both_manifest_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import threading

    from mlsd_diagrams import _batch
    from mlsd_diagrams.render import RenderResult

    both_read = threading.Barrier(2, timeout=10)

    def write(design: Any, out: Path, options: Any) -> RenderResult:
        both_read.wait()  # each batch has read the manifest before either saves it
        path = out / f"{design.id}.svg"
        path.write_text(design.id, encoding="utf-8")
        return RenderResult(design.id, [path])

    monkeypatch.setattr(_batch, "write_design", write)
    batches = [
        threading.Thread(target=_batch.render_many, args=([small_design(name)], tmp_path))
        for name in ("first", "second")
    ]
    for batch in batches:
        batch.start()
    for batch in batches:
        batch.join()
    manifest = json.loads((tmp_path / _batch.MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(manifest) == ["first", "second"]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended


def test_sigterm_mid_render_stops_dot_and_exits_with_one_line(tmp_path: Path) -> None:
    import signal
    import time

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pids = tmp_path / "pids"
    fake = bin_dir / "dot"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = -V ]; then echo "dot - graphviz version 9.9.9" >&2; exit 0; fi\n'
        f"echo $$ >> {pids}\n"
        "exec sleep 60\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    command = [MLSD, "render", "ml_system_framework", "rag_pipeline", "-j", "2", "-f", "svg"]
    process = subprocess.Popen(
        [*command, "-o", str(tmp_path / "out")], env=env, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(_started(pids)) < 2:
        time.sleep(0.05)
    assert len(_started(pids)) == 2
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode in (130, 143)
    assert stderr.strip().splitlines() == ["mlsd: interrupted"]
    time.sleep(0.2)
    assert not [pid for pid in _started(pids) if _alive(pid)]


def _started(pids: Path) -> list[int]:
    return [int(n) for n in pids.read_text().split()] if pids.exists() else []
