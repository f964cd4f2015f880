"""The public API: the names in `mlsd_diagrams.__all__`, their origins, and a light import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import mlsd_diagrams
import mlsd_diagrams.blocks
from mlsd_diagrams import (
    _diagnostics,
    _errors,
    _facade,
    _load,
    _model,
    compose,
    load,
    render,
    rules,
)
from mlsd_diagrams.compose import _blocks
from mlsd_diagrams.render import Format, RenderOptions

EXPECTED = {
    "Blueprint": compose.Blueprint,
    "Card": _model.Card,
    "Component": _model.Component,
    "DebtRow": _model.DebtRow,
    "Design": _model.Design,
    "Estimate": _model.Estimate,
    "Evidence": _model.Evidence,
    "FailureMode": _model.FailureMode,
    "Figure": _model.Figure,
    "FigureBlock": _model.FigureBlock,
    "FigureGroup": _model.FigureGroup,
    "FigureLink": _model.FigureLink,
    "Finding": _diagnostics.Finding,
    "Flow": _model.Flow,
    "Group": _model.Group,
    "InvalidDesignError": _errors.InvalidDesignError,
    "LoadError": _errors.LoadError,
    "MlsdError": _errors.MlsdError,
    "RenderError": _errors.RenderError,
    "RenderOptions": RenderOptions,
    "RubricPoint": _model.RubricPoint,
    "Tradeoff": _model.Tradeoff,
    "View": _model.View,
    "link": compose.link,
    "load": _load.load,
    "load_text": _load.load_text,
    "png_bytes": _facade.png_bytes,
    "render": _facade.render,
    "svg_text": _facade.svg_text,
    "validate": rules.validate,
}

BLOCKS = [
    "FeaturePlatform",
    "IndexingPipeline",
    "InteractionLog",
    "MonitoringStack",
    "TrainingLoop",
    "TwoStageRecommender",
    "continual_training",
    "feature_platform",
    "indexing_pipeline",
    "interaction_log",
    "monitoring_stack",
    "two_stage_recommender",
]


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(mlsd_diagrams.__all__) == sorted(EXPECTED)
    assert mlsd_diagrams.__all__ == sorted(mlsd_diagrams.__all__, key=lambda n: (n.islower(), n))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_name_is_the_object_from_its_home_module(name: str) -> None:
    assert getattr(mlsd_diagrams, name) is EXPECTED[name]
    assert name in dir(mlsd_diagrams)


def test_blocks_lists_exactly_the_building_blocks() -> None:
    assert mlsd_diagrams.blocks.__all__ == BLOCKS
    for name in BLOCKS:
        assert getattr(mlsd_diagrams.blocks, name) is getattr(_blocks, name)


def test_load_and_render_are_the_functions_not_their_modules() -> None:
    # `from mlsd_diagrams import load, render` at the top of this file came after the render
    # package was imported, the case where Python would otherwise bind the package instead.
    assert callable(load) and load.__module__ == "mlsd_diagrams._load"
    assert callable(render) and render.__module__ == "mlsd_diagrams._facade"


def test_functions_survive_their_modules_being_imported_later() -> None:
    # A notebook: load a design, show it inline (which imports the render module), render it.
    code = (
        "import mlsd_diagrams as m\n"
        "m.load\n"
        "import mlsd_diagrams.render, mlsd_diagrams._load\n"
        "from mlsd_diagrams.render import write_design\n"
        "assert m.render.__name__ == 'render' and callable(m.render), m.render\n"
        "assert m.load.__name__ == 'load' and callable(m.load), m.load\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent)


def test_importing_the_package_is_light() -> None:
    code = (
        "import sys, mlsd_diagrams\n"
        "heavy = [m for m in ('pydantic', 'diagrams', 'graphviz', 'yaml', 'typer') "
        "if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = mlsd_diagrams.Nope  # type: ignore[attr-defined]


def test_the_api_works_without_the_cli(tmp_path: Path) -> None:
    bp = mlsd_diagrams.Blueprint("api_demo", "API demo")
    user = bp.add("user", "client")
    api = bp.add("api", "api_gateway")
    user >> mlsd_diagrams.link(label="call") >> api
    design = bp.build()
    assert isinstance(design, mlsd_diagrams.Design)
    findings = mlsd_diagrams.validate(design)
    assert all(isinstance(f, mlsd_diagrams.Finding) for f in findings)
    assert mlsd_diagrams.load("ml_system_framework").id == "ml_system_framework"
    with pytest.raises(mlsd_diagrams.MlsdError):
        mlsd_diagrams.load("no_such_design_anywhere")


@pytest.mark.exe
def test_render_writes_files_from_python(tmp_path: Path) -> None:
    design = mlsd_diagrams.load("ml_system_framework")
    options = mlsd_diagrams.RenderOptions(formats=(Format.SVG,))
    result = mlsd_diagrams.render(design, tmp_path, options)
    assert result.paths == [tmp_path / "ml_system_framework.svg"]
    assert result.paths[0].read_text(encoding="utf-8").lstrip().startswith("<?xml")
