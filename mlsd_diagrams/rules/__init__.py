"""Validation: one small pure function per rule, one module per family of rules, one registry.

Importing the family modules registers their rules, in code order.
"""

from __future__ import annotations

from ..rules import _lifecycle, _serving, _structure  # noqa: F401  (registration)
from ._graph import Graph
from ._registry import RULES, Rule, errors, require_valid, rule_table, validate

__all__ = ["RULES", "Graph", "Rule", "errors", "require_valid", "rule_table", "validate"]
