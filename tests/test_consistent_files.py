"""Files that stay consistent: a design's files written all or none (a full disk keeps the old
set), disk-full messages that name the disk, and a cache and a manifest checked, not trusted."""

from __future__ import annotations

import errno
import hashlib
import json
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlsd_diagrams import _files
from mlsd_diagrams._batch import MANIFEST_NAME, check_many, render_many
from mlsd_diagrams._errors import RenderError
from mlsd_diagrams._model import Design
from mlsd_diagrams.render import (
    Format,
    RenderOptions,
    _api,
    drawing_bytes,
    output_names,
    write_design,
)
from mlsd_diagrams.render.layout import _engine
from mlsd_diagrams.render.writers import _finish
from mlsd_diagrams.study import write_gallery

from .conftest import one_line, run


def full_at(monkeypatch: pytest.MonkeyPatch, nth: int) -> None:
    """The disk fills up when the `nth` output file (from 1) is begun."""
    mkstemp = tempfile.mkstemp
    calls = [0]

    def begun(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if str(kwargs.get("suffix", "")).endswith(".partial"):  # an output file, not Graphviz's
            calls[0] += 1
            if calls[0] == nth:
                raise OSError(errno.ENOSPC, "No space left on device")
        return mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", begun)


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_a_full_disk_at_any_file_keeps_the_old_set_whole(
    nth: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [tmp_path / n for n in ("d.png", "d.svg", "d.pdf")]
    _files.write_files({p: b"old " + p.name.encode() for p in names})
    before = contents(tmp_path)
    full_at(monkeypatch, nth)
    with pytest.raises(RenderError) as caught:
        _files.write_files({p: b"new " + p.name.encode() for p in names})
    assert contents(tmp_path) == before  # no new file, no partial left behind
    message = str(caught.value)
    assert f"the disk holding {tmp_path}" in message and "is full" in message
    assert "mounted at /" in message


def fake_drawing(theme: str) -> Callable[..., Any]:
    def drawn(design: Design, options: RenderOptions) -> tuple[dict[str, bytes], Any]:
        files = {
            f"{design.id}.{fmt.value}": f"{theme} {fmt.value}".encode() for fmt in options.formats
        }
        return files, _api.RenderResult(design.id)

    return drawn


def test_a_rerender_that_fails_on_the_pdf_keeps_the_old_png_and_svg(
    tmp_path: Path, tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = RenderOptions(formats=(Format.PNG, Format.SVG, Format.PDF))
    monkeypatch.setattr(_api, "drawing_bytes", fake_drawing("light"))
    write_design(tiny, tmp_path, options)
    before = contents(tmp_path)
    monkeypatch.setattr(_api, "drawing_bytes", fake_drawing("dark"))
    full_at(monkeypatch, 3)
    with pytest.raises(RenderError, match="is full"):
        write_design(tiny, tmp_path, options)
    assert contents(tmp_path) == before and before["tiny.png"] == b"light png"


def test_render_on_a_full_disk_exits_3_naming_the_disk(
    tmp_path: Path, tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(tiny.to_json(), encoding="utf-8")
    monkeypatch.setattr(_api, "drawing_bytes", fake_drawing("light"))
    full_at(monkeypatch, 2)
    result = run("render", str(path), "-o", str(tmp_path / "out"), "--force")
    assert result.exit_code == 3
    assert f"the disk holding {tmp_path / 'out'}" in one_line(result)
    assert not (tmp_path / "out" / "tiny.png").exists()


def test_a_gallery_on_a_full_disk_keeps_the_old_cards_and_pages(
    tmp_path: Path, tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_gallery([tiny], tmp_path)
    before = contents(tmp_path)
    changed = tiny.model_copy(update={"summary": "A new summary."})
    full_at(monkeypatch, 3)  # the card and the page of the design staged, then the index fails
    with pytest.raises(RenderError, match="is full"):
        write_gallery([changed], tmp_path)
    assert contents(tmp_path) == before


def test_a_full_tmpdir_is_named_instead_of_graphviz_s_own_words(
    tmp_path: Path, tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: object, **kwargs: object) -> object:
        raise RenderError("Graphviz failed: gvwrite_no_z problem 1")

    monkeypatch.setattr(_engine, "draw", failing)
    monkeypatch.setattr(_api, "nearly_full", lambda folder: True)
    with pytest.raises(RenderError) as caught:
        drawing_bytes(tiny, RenderOptions(formats=(Format.PNG,)))
    message = str(caught.value)
    assert "TMPDIR" in message and "is full" in message and "gvwrite" not in message


def test_graphviz_failing_with_room_in_tmpdir_keeps_its_message(
    tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: object, **kwargs: object) -> object:
        raise RenderError("Graphviz failed: syntax error in line 3")

    monkeypatch.setattr(_engine, "draw", failing)
    monkeypatch.setattr(_api, "nearly_full", lambda folder: False)
    with pytest.raises(RenderError, match="syntax error in line 3"):
        drawing_bytes(tiny, RenderOptions(formats=(Format.PNG,)))


@pytest.mark.exe
@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database or disk is full"),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
    ids=["sqlite", "zip"],
)
def test_the_anki_deck_on_a_full_tmpdir_is_one_line_naming_it(
    error: Exception, tmp_path: Path, tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    import genanki  # type: ignore[import-untyped]

    def full(self: object, path: str) -> None:
        raise error

    monkeypatch.setattr(genanki.Package, "write_to_file", full)
    path = tmp_path / "tiny.json"
    path.write_text(tiny.to_json(), encoding="utf-8")
    result = run("flashcards", str(path), "-o", str(tmp_path / "deck.apkg"))
    assert result.exit_code == 3, result.output
    line = one_line(result)
    assert "TMPDIR" in line and "is full" in line and "OperationalError" not in line
    assert "standard output" not in line
    assert not (tmp_path / "deck.apkg").exists()


def test_a_truncated_icon_cache_entry_is_rebuilt_not_embedded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlsd_diagrams.render import resources_dir

    monkeypatch.setenv("MLSD_CACHE_DIR", str(tmp_path))
    icon = resources_dir() / "onprem" / "inmemory" / "redis.png"
    fresh = _finish.resampled_icon(icon, 48)
    (entry,) = (tmp_path / "icons").iterdir()
    entry.write_bytes(fresh[: len(fresh) // 2])  # the PNG signature survives the cut
    assert _finish.resampled_icon(icon, 48) == fresh
    (rebuilt,) = (tmp_path / "icons").iterdir()
    assert rebuilt.read_bytes() == fresh


def test_an_icon_cache_entry_changed_in_place_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlsd_diagrams.render import resources_dir

    monkeypatch.setenv("MLSD_CACHE_DIR", str(tmp_path))
    icon = resources_dir() / "onprem" / "inmemory" / "redis.png"
    fresh = _finish.resampled_icon(icon, 48)
    (entry,) = (tmp_path / "icons").iterdir()
    entry.write_bytes(fresh[:-1] + bytes([fresh[-1] ^ 1]))  # same size, other bytes
    assert _finish.resampled_icon(icon, 48) == fresh


@pytest.fixture
def rendered(tmp_path: Path, tiny: Design) -> tuple[Path, RenderOptions]:
    options = RenderOptions(formats=(Format.PNG, Format.SVG))
    render_many([tiny], tmp_path, options, jobs=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST_NAME, "tiny.png", "tiny.svg"]
    return tmp_path, options


def edit_manifest(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / MANIFEST_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["tiny"]["files"])
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.exe
def test_a_deleted_png_left_out_of_the_manifest_is_stale_and_rendered_again(
    rendered: tuple[Path, RenderOptions], tiny: Design
) -> None:
    folder, options = rendered
    (folder / "tiny.png").unlink()
    edit_manifest(folder, lambda files: files.pop("tiny.png"))
    assert check_many([tiny], folder, options, jobs=1) == [folder / "tiny.png"]
    (outcome,) = render_many([tiny], folder, options, jobs=1)
    assert not outcome.skipped and (folder / "tiny.png").is_file()


@pytest.mark.exe
def test_a_replaced_svg_is_stale_and_rendered_again(
    rendered: tuple[Path, RenderOptions], tiny: Design
) -> None:
    folder, options = rendered
    good = (folder / "tiny.svg").read_bytes()
    (folder / "tiny.svg").write_bytes(good.replace(b"</svg>", b"<!-- changed --></svg>"))
    assert check_many([tiny], folder, options, jobs=1) == [folder / "tiny.svg"]
    (outcome,) = render_many([tiny], folder, options, jobs=1)
    assert not outcome.skipped and (folder / "tiny.svg").read_bytes() == good


@pytest.mark.exe
def test_an_untouched_folder_is_up_to_date_without_rendering(
    rendered: tuple[Path, RenderOptions], tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, options = rendered
    monkeypatch.setattr(_engine, "draw", lambda *a, **k: pytest.fail("rendered"))
    assert check_many([tiny], folder, options, jobs=1) == []
    digest = hashlib.sha256((folder / "tiny.png").read_bytes()).hexdigest()
    assert json.loads((folder / MANIFEST_NAME).read_text())["tiny"]["files"]["tiny.png"] == digest


def test_output_names_are_the_files_a_render_writes(tiny: Design) -> None:
    options = RenderOptions(formats=(Format.DOT,), frames=True, all_views=True)
    files, _ = drawing_bytes(tiny, options)
    assert output_names(tiny, options) == list(files)
    assert len(files) > 3


@pytest.mark.parametrize("nth", [2, 3])
def test_a_move_that_fails_part_way_puts_the_old_set_back(
    nth: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = {tmp_path / "d.png": b"old png", tmp_path / "d.svg": b"old svg"}
    _files.write_files(old)
    before = contents(tmp_path)
    replace = _files.os.replace
    calls = [0]

    def moved(source: str, target: Any) -> None:
        calls[0] += 1
        if calls[0] == nth:
            raise OSError(errno.ENOSPC, "No space left on device")
        replace(source, target)

    monkeypatch.setattr(_files.os, "replace", moved)
    new = {p: b"new" for p in [tmp_path / "d.pdf", *old]}  # the PDF, moved first, is new here
    with pytest.raises(RenderError, match="is full"):
        _files.write_files(new)
    monkeypatch.undo()
    assert contents(tmp_path) == before  # old bytes back, the new PDF gone, no link left
