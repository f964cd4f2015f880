"""Every built-in card has failure modes of its own components and estimates with arithmetic."""

from __future__ import annotations

import re

import pytest

from mlsd_diagrams import Card
from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams.rules import errors, validate

OPERATOR = re.compile(r"[+*/=≈÷-]| x ")


@pytest.mark.parametrize("design_id", builtin_ids())
def test_every_card_names_failure_modes_of_its_own_components(design_id: str) -> None:
    design = load(design_id)
    names = {c.id for c in design.components} | {c.label.casefold() for c in design.components}
    failures = design.card.failure_modes
    assert len(failures) >= 4
    for failure in failures:
        assert failure.component in names or failure.component.casefold() in names, failure
        assert failure.failure and failure.detection and failure.mitigation


@pytest.mark.parametrize("design_id", builtin_ids())
def test_every_card_estimates_with_its_arithmetic(design_id: str) -> None:
    design = load(design_id)
    estimates = design.card.estimates
    assert len(estimates) >= 3
    for estimate in estimates:
        assert estimate.quantity and estimate.value
        assert re.search(r"\d", estimate.arithmetic), estimate
        assert OPERATOR.search(estimate.arithmetic), estimate


@pytest.mark.parametrize("design_id", builtin_ids())
def test_every_card_validates(design_id: str) -> None:
    design = load(design_id)
    assert Card.model_validate(design.card.model_dump()) == design.card
    assert errors(validate(design)) == []


def test_lambda_and_kappa_quantify_what_each_costs_to_run_and_to_change() -> None:
    for design_id in ("lambda_architecture", "kappa_architecture"):
        quantities = " / ".join(e.quantity for e in load(design_id).card.estimates)
        assert "Run cost" in quantities and "Cost to change" in quantities, design_id


def test_no_failure_mode_text_is_repeated_across_designs() -> None:
    # Failure modes are the design's own: a row copied from another design says nothing new.
    seen: dict[tuple[str, str], str] = {}
    for design_id in builtin_ids():
        for mode in load(design_id).card.failure_modes:
            for field in ("failure", "detection", "mitigation"):
                text = " ".join(getattr(mode, field).lower().split())
                earlier = seen.setdefault((field, text), design_id)
                assert earlier == design_id, f"{field} {text!r}: {earlier} and {design_id}"
