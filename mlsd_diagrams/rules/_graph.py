"""What the rules read: the model's one `DesignGraph` (as `Graph`), and the catalog's kind and flow
sets under the names the rules use; no set of kinds is written here."""

from __future__ import annotations

from .._catalog import (
    ARTIFACT_FLOWS,
    DATA_FLOWS,
    SIGNAL_FLOWS,
    FlowKind,
    kinds_hosting_models,
    kinds_taking_deploys,
    monitor_kinds,
    slow_stores,
)
from .._model import DesignGraph

__all__ = [
    "ARTIFACT_FLOWS",
    "DATA_FLOWS",
    "DEPLOY_TARGETS",
    "MODEL_HOSTS",
    "MONITORS",
    "REQUEST",
    "SIGNAL_FLOWS",
    "SLOW_STORES",
    "Graph",
]

Graph = DesignGraph
REQUEST = frozenset({FlowKind.REQUEST})
MODEL_HOSTS = kinds_hosting_models()
DEPLOY_TARGETS = kinds_taking_deploys()
SLOW_STORES = slow_stores()
MONITORS = monitor_kinds()
