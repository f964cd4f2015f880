"""Estimates carry their arithmetic as inputs and a formula, which is evaluated safely and must
agree with the stated result; every built-in estimate is recomputed here."""

from __future__ import annotations

import pytest

import mlsd_diagrams as mlsd
from mlsd_diagrams._errors import InvalidDesignError
from mlsd_diagrams._load import builtin_ids, load_data
from mlsd_diagrams._model import Estimate, evaluate_formula


def test_the_formula_uses_inputs_numbers_and_the_five_operators() -> None:
    assert evaluate_formula("(a + b) * 2 - c / 4 + a ** 2", {"a": 3, "b": 1, "c": 8}) == 15
    assert evaluate_formula("-a + 1e3", {"a": 1}) == 999


@pytest.mark.parametrize(
    ("formula", "says"),
    [
        ('__import__("os").system("true")', "may hold only"),
        ("a.real", "may hold only"),
        ("max(a, 2)", "may hold only"),
        ("a % 2", "may hold only"),
        ("'text'", "may hold only"),
        ("True + 1", "may hold only"),
        ("b * 2", "'b', which is not an input (a)"),
        ("a / 0", "divides by zero"),
        ("2 ** 1000", "power above 64"),
        ("(10 ** 60) ** 60", "no finite number"),
        ("(-8) ** 0.5", "no real number"),
        ("a +", "not arithmetic"),
    ],
)
def test_anything_else_is_refused_with_its_reason(formula: str, says: str) -> None:
    with pytest.raises(ValueError, match="formula") as caught:
        evaluate_formula(formula, {"a": 1})
    assert says in str(caught.value)


def test_an_unset_result_is_filled_from_the_formula_and_shown_worked() -> None:
    estimate = Estimate(
        quantity="QPS", value="~12k", inputs={"per_day": 1e9}, formula="per_day / 86400"
    )
    assert estimate.result == pytest.approx(11_574, rel=1e-3)
    assert estimate.working == "per_day / 86400, per_day = 1e+09: ≈ 1.157e+04"
    assert Estimate(quantity="x", value="1", arithmetic="by hand").working == "by hand"


def test_a_result_the_formula_does_not_give_is_a_design_error_naming_the_estimate() -> None:
    data = {
        "id": "t",
        "title": "T",
        "card": {
            "estimates": [
                {
                    "quantity": "Storage",
                    "value": "~50 MB per job",
                    "inputs": {"photos": 20, "photo_mb": 5, "outputs": 50, "output_mb": 8},
                    "formula": "photos * photo_mb + outputs * output_mb",
                    "result": 50,
                }
            ]
        },
    }
    with pytest.raises(InvalidDesignError) as caught:
        load_data(data)
    message = str(caught.value)
    assert "card.estimates[0]" in message and "'Storage'" in message and "gives 500" in message
    data["card"]["estimates"][0]["result"] = 500  # type: ignore[index]
    assert load_data(data).card.estimates[0].result == 500


def test_inputs_without_a_formula_are_refused() -> None:
    with pytest.raises(ValueError, match="inputs but no formula"):
        Estimate(quantity="QPS", value="1", inputs={"a": 1})


@pytest.mark.parametrize("design_id", builtin_ids())
def test_every_built_in_estimate_shows_arithmetic_that_recomputes(design_id: str) -> None:
    for estimate in mlsd.load(design_id).card.estimates:
        assert estimate.formula is not None, (design_id, estimate.quantity)
        assert estimate.inputs, (design_id, estimate.quantity)
        computed = evaluate_formula(estimate.formula, estimate.inputs)
        assert estimate.result == pytest.approx(computed, rel=0.1), (design_id, estimate.quantity)
        # Every input is used: an input the formula ignores is a figure nobody checks.
        for name in estimate.inputs:
            assert name in estimate.formula, (design_id, estimate.quantity, name)
