"""The Python authoring API: `>>` chains, fan-out, link specs, nested groups, duplicates refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from mlsd_diagrams._catalog import FlowKind
from mlsd_diagrams._diagnostics import schema_findings
from mlsd_diagrams.compose import Blueprint, link

from .conftest import ROOT


def pairs(bp: Blueprint) -> list[tuple[str, str]]:
    return [(f.source, f.target) for f in bp.build().flows]


def test_a_chain_adds_one_flow_per_hop() -> None:
    bp = Blueprint("chain", "Chain")
    a, b, c = bp.add("a", "client"), bp.add("b", "api_gateway"), bp.add("c", "app_service")
    result = a >> b >> c
    assert result.id == "c"
    assert pairs(bp) == [("a", "b"), ("b", "c")]


def test_a_list_fans_out_and_fans_in() -> None:
    bp = Blueprint("fan", "Fan")
    a = bp.add("a", "client")
    b, c = bp.add("b", "app_service"), bp.add("c", "app_service")
    d = bp.add("d", "cache")
    a >> [b, c]
    [b, c] >> d
    assert pairs(bp) == [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]


def test_link_sets_kind_label_and_latency() -> None:
    bp = Blueprint("links", "Links")
    a, b, c = bp.add("a", "app_service"), bp.add("b", "message_queue"), bp.add("c", "data_lake")
    a >> link("async", "events", latency_ms=3) >> b >> link(FlowKind.BATCH) >> c
    first, second = bp.build().flows
    assert (first.kind, first.label, first.latency_ms) == (FlowKind.ASYNC, "events", 3)
    assert (second.kind, second.label, second.latency_ms) == (FlowKind.BATCH, None, None)


def test_a_list_through_a_link() -> None:
    bp = Blueprint("many", "Many")
    a, b, c = bp.add("a", "app_service"), bp.add("b", "app_service"), bp.add("c", "monitoring")
    [a, b] >> link("observe") >> c
    flows = bp.build().flows
    assert [(f.source, f.target, f.kind) for f in flows] == [
        ("a", "c", FlowKind.OBSERVE),
        ("b", "c", FlowKind.OBSERVE),
    ]


def test_to_is_the_long_form_of_rshift() -> None:
    bp = Blueprint("to", "To")
    a, b = bp.add("a", "client"), bp.add("b", "event_logging")
    a.to(b, "feedback", "clicks", latency_ms=1)
    (flow,) = bp.build().flows
    assert (flow.kind, flow.label, flow.latency_ms) == (FlowKind.FEEDBACK, "clicks", 1)


def test_an_unknown_flow_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        link("telepathy")


def test_groups_nest_and_collect_their_own_members() -> None:
    bp = Blueprint("nest", "Nest")
    bp.add("outside", "client")
    with bp.group("outer", "Outer"):
        bp.add("a", "app_service")
        with bp.group("inner", "Inner"):
            bp.add("b", "cache")
        bp.add("c", "app_service")
    groups = {g.id: g for g in bp.build().groups}
    assert groups["outer"].members == ["a", "c"] and groups["outer"].parent is None
    assert groups["inner"].members == ["b"] and groups["inner"].parent == "outer"


def test_a_group_closes_even_when_its_block_raises() -> None:
    bp = Blueprint("raise", "Raise")
    with pytest.raises(RuntimeError), bp.group("g", "G"):
        raise RuntimeError("boom")
    bp.add("after", "client")
    assert bp.build().groups[0].members == []


def test_duplicate_component_and_group_ids_are_refused() -> None:
    bp = Blueprint("dup", "Dup")
    bp.add("a", "client")
    with pytest.raises(ValueError, match="'a' is declared twice"):
        bp.add("a", "cache")
    with bp.group("g", "G"):
        pass
    with pytest.raises(ValueError, match="'g' is declared twice"), bp.group("g", "Again"):
        pass


def test_node_finds_declared_components_only() -> None:
    bp = Blueprint("nodes", "Nodes")
    bp.add("a", "client")
    assert bp.node("a").id == "a" and bp.has("a") and not bp.has("b")
    with pytest.raises(KeyError, match="known: a"):
        bp.node("b")


def test_build_checks_the_schema() -> None:
    bp = Blueprint("Bad Id", "Bad")
    with pytest.raises(ValidationError, match="id"):
        bp.build()


def test_a_misspelt_kind_fails_at_the_call_with_its_place_in_the_design() -> None:
    bp = Blueprint("ok", "Ok")
    bp.add("user", "client")
    with pytest.raises(ValidationError, match=r"components\.1\.kind") as caught:
        bp.add("x", "api_gatway")  # type: ignore[arg-type]
    (finding,) = schema_findings(caught.value)
    assert finding.subject == "components[1].kind"
    assert "did you mean `api_gateway`?" in finding.hint
    assert not bp.has("x")


def test_a_bad_latency_fails_at_the_call() -> None:
    with pytest.raises(ValidationError, match=r"components\.0\.latency_ms"):
        Blueprint("ok", "Ok").add("x", "client", latency_ms=-1)


def test_a_misspelt_flow_kind_names_the_nearest() -> None:
    with pytest.raises(ValueError, match="unknown flow kind 'bacth': did you mean `batch`"):
        link("bacth")  # type: ignore[arg-type]


def test_blueprints_share_nothing() -> None:
    first, second = Blueprint("one", "One"), Blueprint("two", "Two")
    first.add("a", "client") >> first.add("b", "app_service")
    second.add("a", "client")
    assert len(first.build().flows) == 1 and second.build().flows == []


def test_the_type_checker_catches_typos_at_the_call(tmp_path: Path) -> None:
    # What an author sees in the editor before running anything.
    source = tmp_path / "typos.py"
    source.write_text(
        "from mlsd_diagrams import Blueprint, link\n"
        "bp = Blueprint('t', 'T')\n"
        "bp.add('x', kind='api_gatway')\n"
        "bp.add('y', 'client', latncy_ms=3)\n"
        "link('bacth')\n"
        "bp.add('z', 'api_gateway', 'API', latency_ms=3, tech='Kong')\n",
        encoding="utf-8",
    )
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(source)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["3", "4", "5"], checked.stdout
    assert 'Argument "kind" to "add"' in errors[0] and "api_gatway" in errors[0]
    assert '"latncy_ms"' in errors[1]
    assert 'Argument 1 to "link"' in errors[2] and "bacth" in errors[2]
