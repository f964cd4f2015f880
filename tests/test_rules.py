"""Each validation rule fires on the smallest design that breaks it, and not on its nearest fix."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from mlsd_diagrams._catalog import COMPONENT_KINDS, FlowKind, Plane
from mlsd_diagrams._diagnostics import Finding, Severity, schema_findings
from mlsd_diagrams._errors import InvalidDesignError
from mlsd_diagrams._load import load, load_data
from mlsd_diagrams._model import Design
from mlsd_diagrams.rules import RULES, Graph, errors, rule_table, validate

from .conftest import small_design

SPEC_CODES = {
    "E100", "E101", "E102", "E103", "E104", "E105", "E110", "E120", "E121", "E130", "E131",
    "E132",
    "W200", "W201", "W210", "W211", "W220", "W230", "W231",
    "F100", "F101", "F102", "F110", "F120", "F130", "F131", "F140",
}  # fmt: skip
# The figure rules that warn rather than reject (SPEC: "findings like E/W").
FIGURE_WARNINGS = {"F131"}


def comp(cid: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": cid, "kind": kind, **fields}


def flow(source: str, target: str, kind: str = "request", **fields: Any) -> dict[str, Any]:
    return {"source": source, "target": target, "kind": kind, **fields}


def make(components: list[dict[str, Any]], flows: list[dict[str, Any]], **fields: Any) -> Design:
    data = {"id": "t", "title": "T", "components": components, "flows": flows, **fields}
    return Design.model_validate(data)


def found(design: Design, code: str) -> list[Finding]:
    return [f for f in validate(design) if f.code == code]


def tiny(
    *,
    add: tuple[dict[str, Any], ...] = (),
    drop: set[tuple[str, str]] | None = None,
    extra: tuple[dict[str, Any], ...] = (),
    change: dict[str, dict[str, Any]] | None = None,
    **fields: Any,
) -> Design:
    """`small_design()` with flows added (`add`) or dropped (`drop`, as (source, target)),
    components added (`extra`) or changed (`change`, by id), and top-level fields replaced."""
    data = small_design().to_dict()
    data["components"] = [
        {**c, **(change or {}).get(c["id"], {})} for c in data["components"]
    ] + list(extra)
    data["flows"] = [
        f for f in data["flows"] if (f["source"], f["target"]) not in (drop or set())
    ] + list(add)
    data.update(fields)
    return Design.model_validate(data)


# --- the rule set as a whole ---------------------------------------------------------------------


def test_the_rule_table_holds_every_spec_rule() -> None:
    table = rule_table()
    assert [r.code for r in table] == sorted(SPEC_CODES)
    for registered in table:
        warns = registered.code[0] == "W" or registered.code in FIGURE_WARNINGS
        assert registered.severity is (Severity.WARNING if warns else Severity.ERROR)
        assert registered.summary


def test_every_check_is_registered_and_the_schema_is_not_a_check() -> None:
    # E100 and F100 are found while a document becomes a Design; every other code has a check.
    assert set(RULES) == SPEC_CODES - {"E100", "F100"}
    assert all(callable(r.check) for r in RULES.values())


def test_small_design_has_no_findings() -> None:
    assert validate(small_design()) == []


def test_built_in_framework_design_passes_strict() -> None:
    assert errors(validate(load("ml_system_framework")), strict=True) == []


def test_findings_are_sorted_errors_first_and_every_one_has_a_hint() -> None:
    design = make(
        [comp("user", "client"), comp("lonely", "cache"), comp("db", "relational_db")],
        [flow("user", "db"), flow("user", "ghost")],
    )
    findings = validate(design)
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=lambda s: s is Severity.WARNING)
    assert {"E102", "W200", "W220"} <= {f.code for f in findings}
    assert all(f.hint for f in findings)


def test_errors_counts_warnings_only_when_strict() -> None:
    warning = Finding(code="W200", severity=Severity.WARNING, message="m")
    error = Finding(code="E103", severity=Severity.ERROR, message="m")
    assert errors([warning, error]) == [error]
    assert errors([warning, error], strict=True) == [warning, error]


# --- E100 ----------------------------------------------------------------------------------------


def test_e100_unknown_kind_names_the_path_and_the_closest_kinds() -> None:
    data = {"id": "t", "title": "T", "components": [comp("store", "feature_stor")]}
    with pytest.raises(InvalidDesignError) as caught:
        load_data(data)
    [finding] = caught.value.findings
    assert finding.code == "E100"
    assert finding.subject == "components[0].kind"
    assert "'feature_stor'" in finding.message
    assert "`feature_store`" in finding.hint


def test_e100_does_not_fire_on_the_corrected_document() -> None:
    data = {"id": "t", "title": "T", "components": [comp("store", "feature_store")]}
    assert load_data(data).components[0].kind == "feature_store"


def test_e100_unknown_field_suggests_the_field_meant() -> None:
    data = {"id": "t", "title": "T", "components": [comp("api", "app_service", lable="API")]}
    with pytest.raises(InvalidDesignError) as caught:
        load_data(data)
    [finding] = caught.value.findings
    assert finding.subject == "components[0].lable"
    assert "`label`" in finding.hint


def test_e100_bad_id_hint_offers_a_snake_case_id() -> None:
    with pytest.raises(ValidationError) as caught:
        Design.model_validate({"id": "t", "title": "T", "components": [comp("Ranker-1", "cache")]})
    [finding] = schema_findings(caught.value)
    assert "'Ranker-1' is not a valid id" in finding.message
    assert "`ranker_1`" in finding.hint


def test_e100_names_the_line_when_given_the_text() -> None:
    text = "id: t\ntitle: T\ncomponents:\n  - id: a\n    kind: cach\n"
    with pytest.raises(InvalidDesignError) as caught:
        load_data({"id": "t", "title": "T", "components": [comp("a", "cach")]}, text=text)
    assert caught.value.findings[0].line == 5


def test_e100_line_in_a_json_document() -> None:
    data = {"id": "t", "title": "T", "components": [comp("a", "cache", colour="red")]}
    text = json.dumps(data, indent=2)
    with pytest.raises(InvalidDesignError) as caught:
        load_data(data, text=text)
    [finding] = caught.value.findings
    assert finding.line == text.splitlines().index('      "colour": "red"') + 1


# --- E101-E104 -----------------------------------------------------------------------------------


def test_e101_duplicate_component_id() -> None:
    design = make([comp("a", "cache"), comp("a", "client"), comp("b", "cache")], [flow("a", "b")])
    assert [f.subject for f in found(design, "E101")] == ["a"]
    fixed = make([comp("a", "cache"), comp("c", "client"), comp("b", "cache")], [flow("a", "b")])
    assert found(fixed, "E101") == []


def test_e102_flow_to_a_missing_component_suggests_the_id() -> None:
    [finding] = found(tiny(add=(flow("api", "modle"),)), "E102")
    assert finding.subject == "api -> modle"
    assert "`model`" in finding.hint
    assert found(tiny(add=(flow("api", "monitor", "observe"),)), "E102") == []


def test_e103_self_flow() -> None:
    assert [f.subject for f in found(tiny(add=(flow("api", "api"),)), "E103")] == ["api -> api"]
    assert found(tiny(add=(flow("api", "monitor", "observe"),)), "E103") == []


def test_e104_component_in_two_groups_but_nesting_is_fine() -> None:
    data = small_design().to_dict()
    data["groups"][1]["members"].append("api")
    assert [f.subject for f in found(Design.model_validate(data), "E104")] == ["api"]
    nested = small_design().to_dict()
    nested["groups"][1]["parent"] = "serving"
    assert found(Design.model_validate(nested), "E104") == []


def test_e104_group_cycle_reported_once_with_its_loop() -> None:
    data = small_design().to_dict()
    data["groups"][0]["parent"] = "training"
    data["groups"][1]["parent"] = "serving"
    [finding] = found(Design.model_validate(data), "E104")
    assert finding.message.endswith("`serving` in `training` in `serving`")
    assert finding.subject == "serving"


# --- E110 ----------------------------------------------------------------------------------------


def test_e110_request_cycle_shows_the_loop() -> None:
    design = tiny(add=(flow("model", "api", latency_ms=1),))
    [finding] = found(design, "E110")
    assert finding.message.endswith("api -> model -> api")
    assert finding.subject == "api"
    assert found(design, "E121") == []  # no longest path through a loop


def test_e110_not_for_a_loop_closed_by_an_async_flow() -> None:
    assert found(tiny(add=(flow("model", "api", "async"),)), "E110") == []


def test_e110_one_finding_per_knot_even_on_a_long_chain() -> None:
    # Long enough that a recursive search would exceed Python's recursion limit.
    n = 3000
    components = [comp(f"s{i}", "app_service") for i in range(n)]
    flows = [flow(f"s{i}", f"s{i + 1}") for i in range(n - 1)] + [flow(f"s{n - 1}", "s0")]
    [finding] = found(make(components, flows), "E110")
    assert finding.subject == "s0"
    assert finding.message.count("->") == n


# --- E120 ----------------------------------------------------------------------------------------


def test_e120_client_request_into_an_offline_store() -> None:
    design = tiny(add=(flow("model", "logs"),))
    [finding] = found(design, "E120")
    assert finding.subject == "model -> logs"
    assert "user -> api -> model -> logs" in finding.message


def test_e120_not_when_no_client_request_reaches_the_caller() -> None:
    design = tiny(drop={("user", "api")}, add=(flow("trainer", "logs"),))
    assert found(design, "E120") == []


def test_e120_reported_once_where_the_request_crosses_into_offline() -> None:
    design = tiny(add=(flow("model", "logs"), flow("logs", "trainer")))
    assert [f.subject for f in found(design, "E120")] == ["model -> logs"]


def test_e120_follows_the_component_plane_not_the_kind() -> None:
    online_logs = tiny(change={"logs": {"plane": "online"}}, add=(flow("model", "logs"),))
    assert found(online_logs, "E120") == []


# --- E121 ----------------------------------------------------------------------------------------


def test_e121_slowest_path_shown_hop_by_hop() -> None:
    # user -10-> api 5 -> model 20 = 35 ms against a 30 ms budget.
    [finding] = found(tiny(sla_ms=30), "E121")
    assert "user -[10 ms]-> api 5 ms -> model 20 ms = 35 ms" in finding.message
    assert "over sla_ms 30" in finding.message
    assert finding.subject == "model"


def test_e121_marks_an_unknown_figure_and_counts_it_as_zero() -> None:
    [finding] = found(tiny(sla_ms=20, change={"api": {"latency_ms": None}}), "E121")
    assert "-[10 ms]-> api ? ms -> model 20 ms = 30 ms" in finding.message


def test_e121_not_when_the_path_fits_the_budget_exactly() -> None:
    assert found(tiny(sla_ms=35), "E121") == []


def test_e121_takes_the_slowest_branch() -> None:
    components = [
        comp("user", "client"),
        comp("app", "app_service", latency_ms=1),
        comp("fast", "cache", latency_ms=1),
        comp("slow", "nosql_db", latency_ms=40),
        comp("end", "feature_service", latency_ms=2),
    ]
    flows = [
        flow("user", "app"),
        flow("app", "fast", latency_ms=1),
        flow("app", "slow", latency_ms=1),
        flow("fast", "end"),
        flow("slow", "end"),
    ]
    [finding] = found(make(components, flows, sla_ms=20), "E121")
    assert "app 1 ms -[1 ms]-> slow 40 ms -> end 2 ms = 44 ms" in finding.message
    assert found(make(components, flows), "E121") == []  # no budget, no check


# --- E130 ----------------------------------------------------------------------------------------


def test_e130_model_with_no_deploy_path() -> None:
    [finding] = found(tiny(drop={("registry", "model")}), "E130")
    assert finding.subject == "model"
    assert "`registry`" in finding.hint


def test_e130_deploy_from_a_store_the_trainer_fills() -> None:
    via_store = tiny(
        extra=(comp("artifacts", "object_storage"),),
        drop={("registry", "model")},
        add=(flow("trainer", "artifacts", "batch"), flow("artifacts", "model", "deploy")),
    )
    assert found(via_store, "E130") == []


def test_e130_deploy_from_a_store_no_trainer_fills() -> None:
    unconnected = tiny(
        extra=(comp("artifacts", "object_storage"),),
        drop={("registry", "model")},
        add=(flow("artifacts", "model", "deploy"),),
    )
    assert [f.subject for f in found(unconnected, "E130")] == ["model"]


def test_e130_a_batch_flow_from_the_registry_is_not_a_deploy() -> None:
    design = tiny(drop={("registry", "model")}, add=(flow("registry", "model", "batch"),))
    assert [f.subject for f in found(design, "E130")] == ["model"]


# --- E131 ----------------------------------------------------------------------------------------


def test_e131_training_pipeline_without_data() -> None:
    design = tiny(drop={("logs", "trainer")}, add=(flow("registry", "trainer", "deploy"),))
    assert [f.subject for f in found(design, "E131")] == ["trainer"]
    assert found(small_design(), "E131") == []


# --- W200, W201 ----------------------------------------------------------------------------------


def test_w200_component_with_no_flows() -> None:
    idle = comp("idle", "dashboard")
    assert [f.subject for f in found(tiny(extra=(idle,)), "W200")] == ["idle"]
    wired = tiny(extra=(idle,), add=(flow("monitor", "idle", "observe"),))
    assert found(wired, "W200") == []


def test_w201_online_component_no_request_reaches() -> None:
    cache = (comp("cache", "cache", latency_ms=1),)
    fill = flow("trainer", "cache", "batch")
    assert [f.subject for f in found(tiny(extra=cache, add=(fill,)), "W201")] == ["cache"]
    read = tiny(extra=cache, add=(fill, flow("model", "cache")))
    assert found(read, "W201") == []


def test_w201_not_for_a_design_without_clients() -> None:
    design = make(
        [comp("job", "batch_pipeline"), comp("cache", "cache")], [flow("job", "cache", "batch")]
    )
    assert found(design, "W201") == []


# --- W210 ----------------------------------------------------------------------------------------


def test_w210_model_nobody_monitors() -> None:
    design = tiny(drop={("model", "monitor")})
    assert [f.subject for f in found(design, "W210")] == ["model"]


def test_w210_monitoring_through_a_prediction_log() -> None:
    design = tiny(
        extra=(comp("log", "event_logging"),),
        drop={("model", "monitor")},
        add=(flow("model", "log", "async"), flow("log", "monitor", "observe")),
    )
    assert found(design, "W210") == []


def test_w210_not_for_a_design_without_models() -> None:
    design = make(
        [comp("user", "client"), comp("api", "app_service", latency_ms=1)], [flow("user", "api")]
    )
    assert found(design, "W210") == []


# --- W211 ----------------------------------------------------------------------------------------


def test_w211_no_feedback_toward_training() -> None:
    [finding] = found(tiny(drop={("user", "logs")}), "W211")
    assert finding.subject == "trainer"


def test_w211_feedback_from_an_offline_source_is_not_from_serving() -> None:
    design = tiny(
        extra=(comp("annotator", "annotator"),),
        drop={("user", "logs")},
        add=(flow("annotator", "logs", "feedback"),),
    )
    assert [f.code for f in found(design, "W211")] == ["W211"]


def test_w211_not_for_a_design_without_a_serving_side() -> None:
    design = make(
        [comp("lake", "data_lake"), comp("trainer", "training_pipeline")],
        [flow("lake", "trainer", "batch")],
    )
    assert found(design, "W211") == []


# --- W220, W230 ----------------------------------------------------------------------------------


def test_w220_request_to_a_slow_store() -> None:
    read = (flow("model", "db"),)
    design = tiny(extra=(comp("db", "relational_db", latency_ms=5),), add=read)
    assert [f.subject for f in found(design, "W220")] == ["model -> db"]
    cached = tiny(extra=(comp("db", "cache", latency_ms=5),), add=read)
    assert found(cached, "W220") == []


def test_w230_component_on_request_path_without_latency() -> None:
    [finding] = found(tiny(change={"api": {"latency_ms": None}}), "W230")
    assert finding.subject == "api"
    assert found(tiny(change={"api": {"latency_ms": None}}, sla_ms=None), "W230") == []


def test_w230_exempts_the_client() -> None:
    assert small_design().component("user").latency_ms is None  # type: ignore[union-attr]
    assert found(small_design(), "W230") == []


# --- the graph view ------------------------------------------------------------------------------


def test_graph_indexes_only_well_formed_flows() -> None:
    design = make(
        [comp("a", "client"), comp("b", "app_service")],
        [flow("a", "b"), flow("a", "ghost"), flow("b", "b")],
    )
    graph = Graph.of(design)
    assert [f.ref for f in graph.out["a"]] == ["a -> b"]
    assert graph.into["b"] == graph.out["a"]
    assert graph.served == {"a": None, "b": graph.out["a"][0]}


# --- property: any design is validated without crashing ------------------------------------------

IDS = ["a", "b", "c", "d", "e", "f"]
# Half the draws come from the kinds the rules are about, so that most designs exercise them.
KINDS = st.sampled_from(list(COMPONENT_KINDS)) | st.sampled_from(
    ["client", "api_gateway", "model_serving", "training_pipeline", "data_lake", "monitoring"]
)


@st.composite
def designs(draw: st.DrawFn) -> Design:
    latency = st.none() | st.floats(min_value=0, max_value=1000, allow_nan=False)
    components = draw(
        st.lists(
            st.builds(
                dict,
                id=st.sampled_from(IDS),
                kind=KINDS,
                plane=st.none() | st.sampled_from(list(Plane)),
                latency_ms=latency,
            ),
            max_size=8,
        )
    )
    flows = draw(
        st.lists(
            st.builds(
                dict,
                source=st.sampled_from([*IDS, "zz"]),
                target=st.sampled_from([*IDS, "zz"]),
                kind=st.sampled_from(list(FlowKind)),
                latency_ms=latency,
            ),
            max_size=16,
        )
    )
    groups = draw(
        st.lists(
            st.builds(
                dict,
                id=st.sampled_from(["g", "h", "i"]),
                label=st.just("G"),
                members=st.lists(st.sampled_from(IDS), max_size=3),
                parent=st.none() | st.sampled_from(["g", "h", "i", "j"]),
            ),
            max_size=3,
        )
    )
    sla = draw(st.none() | st.floats(min_value=0, max_value=500, allow_nan=False))
    return make(components, flows, groups=groups, sla_ms=sla)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_random_designs_never_crash_and_findings_are_well_formed(design: Design) -> None:
    findings = validate(design)
    assert all(f.code in RULES and f.message and f.hint for f in findings)
    assert validate(design) == findings  # deterministic
    # The same design read back from its JSON gives the same findings.
    assert validate(Design.model_validate(design.to_dict())) == findings


def has_request_cycle(design: Design) -> bool:
    """Reference answer by repeatedly removing components with no incoming request flow."""
    ids = {c.id for c in design.components}
    edges = {
        (f.source, f.target)
        for f in design.flows
        if f.kind is FlowKind.REQUEST and f.source != f.target and {f.source, f.target} <= ids
    }
    while edges:
        heads = {target for _, target in edges}
        free = {source for source, _ in edges} - heads
        if not free:
            return True
        edges = {(a, b) for a, b in edges if a not in free}
    return False


@settings(max_examples=150, deadline=None)
@given(designs())
def test_e110_fires_exactly_when_request_flows_loop(design: Design) -> None:
    loops = found(design, "E110")
    assert bool(loops) == has_request_cycle(design)
    for finding in loops:
        cycle = finding.message.split(": ", 1)[1].split(" -> ")
        assert cycle[0] == cycle[-1]
        hops = {(f.source, f.target) for f in design.flows if f.kind is FlowKind.REQUEST}
        assert all(hop in hops for hop in pairwise(cycle))


def slowest_by_brute_force(design: Design) -> float:
    """Reference answer: the largest sum over every request path from every client."""
    first: dict[str, Any] = {}
    for c in design.components:
        first.setdefault(c.id, c)
    calls = [
        f
        for f in design.flows
        if f.kind is FlowKind.REQUEST
        and f.source != f.target
        and {f.source, f.target} <= set(first)
    ]

    def longest(cid: str) -> float:
        own = first[cid].latency_ms or 0.0
        tails = [(f.latency_ms or 0.0) + longest(f.target) for f in calls if f.source == cid]
        return own + max(tails, default=0.0)

    clients = [cid for cid, c in first.items() if c.kind == "client"]
    return max((longest(cid) for cid in clients), default=0.0)


@settings(max_examples=150, deadline=None)
@given(designs())
def test_e121_fires_exactly_when_the_slowest_path_exceeds_the_budget(design: Design) -> None:
    over = found(design, "E121")
    if has_request_cycle(design) or design.sla_ms is None:
        assert over == []
        return
    slowest = slowest_by_brute_force(design)
    if abs(slowest - design.sla_ms) < 1e-6:
        return  # sums added in another order may differ in the last bit
    assert bool(over) == (slowest > design.sla_ms)
    if over:
        shown = float(over[0].message.rsplit("= ", 1)[1].removesuffix(" ms"))
        assert shown == pytest.approx(slowest, abs=1e-3)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_documents_give_a_design_or_findings_never_a_crash(data: st.DataObject) -> None:
    document = small_design().to_dict()
    # Replace one field, at the top or inside the first component or flow, with junk.
    where = data.draw(st.sampled_from([document, document["components"][0], document["flows"][0]]))
    key = data.draw(st.sampled_from([*where, "bogus"]))
    where[key] = data.draw(JSON)
    text = json.dumps(document, indent=2)
    try:
        load_data(document, text=text)
    except InvalidDesignError as error:
        lines = len(text.splitlines())

        # SPEC: schema errors inside a model figure are F100, all others E100.
        def schema_code(f: Finding) -> str:
            return "F100" if (f.subject or "").startswith("figures[") else "E100"

        assert all(
            f.code == schema_code(f) and f.line and 1 <= f.line <= lines for f in error.findings
        )
