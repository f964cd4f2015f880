"""Practice mode keeps group labels as hints, but never one that names a masked component."""

from __future__ import annotations

import pytest

from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams._model import group_members
from mlsd_diagrams.study import mask


def test_visual_search_monitoring_group_gets_a_neutral_label() -> None:
    design = load("visual_search")
    monitoring = next(g for g in design.groups if g.label == "Monitoring")
    assert any(design.component(m).label == "Monitoring" for m in monitoring.members)  # type: ignore[union-attr]
    masked, key = mask(design)
    number = [g.id for g in design.groups].index(monitoring.id) + 1
    renamed = next(g for g in masked.groups if g.id == monitoring.id)
    assert renamed.label == f"Group {number}"
    # Hints that name nothing inside stay as they are; the key still has the real labels.
    kept = [g for g in design.groups if g.id != monitoring.id]
    assert [g.label for g in masked.groups if g.id != monitoring.id] == [g.label for g in kept]
    assert "| Monitoring |" in key


@pytest.mark.parametrize("design_id", builtin_ids())
def test_no_masked_group_label_names_a_component_inside_it(design_id: str) -> None:
    design = load(design_id)
    masked, _ = mask(design)
    labels = {c.id: c.label.casefold() for c in design.components}
    members = group_members(design.groups)
    for original, shown in zip(design.groups, masked.groups, strict=True):
        text = shown.label.casefold()
        named = [labels[m] for m in members[original.id] if labels[m] in text]
        assert not named, f"group {original.id!r} shown as {shown.label!r} names {named}"
