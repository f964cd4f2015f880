"""Rules on a model's life: deployed from training, trained on data, monitored, and fed back
(E130, E131, E132, W210, W211)."""

from __future__ import annotations

from collections.abc import Iterator

from .._catalog import FlowKind
from .._diagnostics import Severity
from .._model import flow_ends
from ._graph import (
    DEPLOY_TARGETS,
    MODEL_HOSTS,
    MONITORS,
    Graph,
)
from ._registry import Problem, named, rule

__all__: list[str] = []

# Registries hand a deployed artifact on to where it runs (SPEC "Compatibility").


@rule(
    "E130",
    Severity.ERROR,
    "a model-hosting component has no `deploy` path from a `training_pipeline` or `model_registry`",
)
def models_are_deployed(graph: Graph) -> Iterator[Problem]:
    """A model host needs a `deploy` flow into it whose source is a training_pipeline or
    model_registry, or is reached from one over `batch` and `deploy` flows (the route a trained
    artifact takes, e.g. trainer -batch-> object storage -deploy-> serving). A `hosted` model
    (a provider's API) is exempt: nothing in the design deploys it."""
    hosts = graph.of_kind(MODEL_HOSTS)
    if not hosts:
        return
    # Registries first: the hint names one, and a registry is where serving takes models from.
    origins = graph.of_kind({"model_registry"}) + graph.of_kind({"training_pipeline"})
    for host in hosts:
        if graph.components[host].hosted:
            continue
        if graph.deployed(host):
            continue
        source = f"`{origins[0]}`" if origins else "a model_registry (or training_pipeline)"
        yield Problem(
            f"{named(graph, host)} serves a model, but no `deploy` flow brings it one from a "
            "training_pipeline or model_registry",
            host,
            f"add a `deploy` flow from {source} to `{host}`",
        )


@rule("E131", Severity.ERROR, "a `training_pipeline` has no incoming data flow")
def training_has_data(graph: Graph) -> Iterator[Problem]:
    for trainer in graph.of_kind({"training_pipeline"}):
        if not graph.fed(trainer):
            yield Problem(
                f"training pipeline `{trainer}` has no incoming data flow to train on",
                trainer,
                f"add a `batch` flow into `{trainer}` from where its training data lives "
                "(data lake, feature store, labeling)",
            )


@rule("E132", Severity.ERROR, "a `deploy` flow targets a component that hosts no model")
def deploys_reach_models(graph: Graph) -> Iterator[Problem]:
    """A deploy ships a model (or an index) to where it runs: a model host, a job that runs a
    model offline (batch_prediction, indexing_pipeline), an index, or the deployment tooling
    that hands it on (ci_pipeline, and the registries a trainer deploys into, which earlier
    releases accepted). A rule engine, a database or a gateway runs no model."""
    ends = flow_ends(graph.design)
    for flow in graph.design.flows:
        if flow.kind is not FlowKind.DEPLOY or flow.target not in ends:
            continue
        if flow.target not in graph.components:
            # A deploy to a group ships to those of its components that take one.
            members = ends[flow.target]
            if members and not any(graph.components[m].kind in DEPLOY_TARGETS for m in members):
                yield Problem(
                    f"`deploy` flow {flow.ref} ships a model to group `{flow.target}`, "
                    "none of whose components hosts a model",
                    flow.ref,
                    "point the deploy at the component that runs the model",
                )
            continue
        kind = graph.components[flow.target].kind
        if kind in DEPLOY_TARGETS:
            continue
        yield Problem(
            f"`deploy` flow {flow.ref} ships a model to {named(graph, flow.target)}, "
            f"which hosts no model",
            flow.ref,
            f"point the deploy at the component that runs the model, or make `{flow.target}` "
            "a model-hosting kind (model_serving, ranking_service, ...) if it runs one; "
            "configuration such as rules or thresholds travels as a `batch` flow",
        )


# --- warnings: W200-W230 -------------------------------------------------------------------------


@rule(
    "W210", Severity.WARNING, "no `monitoring`/`drift_detector` observes a model-hosting component"
)
def models_are_monitored(graph: Graph) -> Iterator[Problem]:
    """Observed: a monitoring or drift_detector component is reached from the host over
    `observe` flows, or `async` ones through a log it reads (host -async-> log -observe-> monitor).
    """
    hosts = graph.of_kind(MODEL_HOSTS)
    if not hosts:
        return
    monitors = graph.of_kind(MONITORS)
    for host in hosts:
        if host not in graph.watched:
            target = f"`{monitors[0]}`" if monitors else "a `monitoring` or `drift_detector`"
            yield Problem(
                f"nothing monitors the model in `{host}`: no monitoring or drift detector "
                "observes it",
                host,
                f"add an `observe` flow from `{host}` to {target}",
            )


@rule("W211", Severity.WARNING, "no feedback path from the serving side back to training")
def feedback_reaches_training(graph: Graph) -> Iterator[Problem]:
    """Some `feedback` flow leaves a component that is not offline (a client, a service, a log)
    and its data reaches a training_pipeline over data flows (batch, async, feedback). Only for
    designs with a training_pipeline and a serving side (a client or an online model host)."""
    trainers = graph.of_kind({"training_pipeline"})
    serving = graph.serving_side
    if not trainers or not serving or graph.has_feedback_loop:
        return
    yield Problem(
        f"no feedback path leads from the serving side back to `{trainers[0]}`, so the model "
        "never learns from its own predictions",
        trainers[0],
        f"log user interactions or labels with a `feedback` flow from `{serving[0]}` to the data "
        f"`{trainers[0]}` trains on",
    )
