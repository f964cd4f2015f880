"""Checks the authoring APIs run at the call, so a typo fails on the line that made it."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails

__all__ = ["_check_now", "_choice"]


def _check_now(model: type[BaseModel], data: dict[str, Any], where: tuple[str | int, ...]) -> None:
    """Validate `data` as `model` at the call, so a typo fails on the line that made it; the
    error names the place the field will have in the design (`components[3].kind`)."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        details: list[InitErrorDetails] = [
            {
                "type": e["type"],
                "loc": (*where, *e["loc"]),
                "input": e["input"],
                "ctx": e.get("ctx", {}),
            }
            for e in error.errors()
        ]
        raise ValidationError.from_exception_data(error.title, details) from None


def _choice(value: str, choices: Sequence[str], what: str) -> str:
    """`value` if it is one of `choices`; else ValueError with the nearest ones as a hint."""
    if value in choices:
        return value
    close = difflib.get_close_matches(str(value), choices, n=3, cutoff=0.5)
    hint = (
        "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
        if close
        else "use one of: " + ", ".join(choices)
    )
    raise ValueError(f"unknown {what} {value!r}: {hint}")
