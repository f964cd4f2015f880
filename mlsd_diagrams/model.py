"""The design model: components, flows, groups and the study card, as strict pydantic models."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = [
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "Card",
    "Component",
    "ComponentKind",
    "Design",
    "Direction",
    "Flow",
    "FlowKind",
    "Group",
    "Identifier",
    "Plane",
    "Tradeoff",
]

# Ids double as file stems and Graphviz node ids, so they stay plain snake_case.
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
ID_MAX_LENGTH = 64
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
Text = Annotated[str, StringConstraints(max_length=10_000)]
# Strict: a number, int or float; never a string ("30") nor a boolean (true).
Milliseconds = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]


# Line breaks YAML knows besides \n and \r: written raw, even quoted, they read back as a break.
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")


class _YamlDumper(yaml.SafeDumper):
    """The safe dumper, writing a string that holds a line break YAML would fold in double
    quotes, where it is escaped (`\\N`, `\\L`, `\\P`) and reads back unchanged."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        style = '"' if any(mark in data for mark in _YAML_BREAKS) else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_YamlDumper.add_representer(str, _YamlDumper.represent_str)


class Strict(BaseModel):
    """Policy for every model: unknown fields are errors, values never change after validation."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        validate_default=True,
    )


class Plane(StrEnum):
    """Where a component does its work, relative to a user's request."""

    ONLINE = "online"
    NEARLINE = "nearline"
    OFFLINE = "offline"


class FlowKind(StrEnum):
    """What moves along a flow, and so how it is drawn."""

    REQUEST = "request"
    ASYNC = "async"
    BATCH = "batch"
    DEPLOY = "deploy"
    OBSERVE = "observe"
    FEEDBACK = "feedback"


class Direction(StrEnum):
    """The direction the diagram reads in."""

    LR = "LR"
    TB = "TB"


class ComponentKind(StrEnum):
    """Every kind of component the catalog knows; traits and icons live in `catalog`."""

    # client & edge
    CLIENT = "client"
    API_GATEWAY = "api_gateway"
    LOAD_BALANCER = "load_balancer"
    CDN = "cdn"
    # online services
    APP_SERVICE = "app_service"
    SEARCH_SERVICE = "search_service"
    CANDIDATE_GENERATION = "candidate_generation"
    RANKING_SERVICE = "ranking_service"
    RERANKING_SERVICE = "reranking_service"
    EMBEDDING_SERVICE = "embedding_service"
    NEAREST_NEIGHBOR_SERVICE = "nearest_neighbor_service"
    MODEL_SERVING = "model_serving"
    FEATURE_SERVICE = "feature_service"
    LLM_SERVICE = "llm_service"
    RETRIEVER = "retriever"
    GUARDRAIL = "guardrail"
    RULE_ENGINE = "rule_engine"
    # stores
    OBJECT_STORAGE = "object_storage"
    DATA_LAKE = "data_lake"
    DATA_WAREHOUSE = "data_warehouse"
    RELATIONAL_DB = "relational_db"
    NOSQL_DB = "nosql_db"
    CACHE = "cache"
    FEATURE_STORE = "feature_store"
    VECTOR_INDEX = "vector_index"
    SEARCH_INDEX = "search_index"
    GRAPH_DB = "graph_db"
    MODEL_REGISTRY = "model_registry"
    METADATA_STORE = "metadata_store"
    # pipelines
    BATCH_PIPELINE = "batch_pipeline"
    STREAM_PROCESSOR = "stream_processor"
    FEATURE_PIPELINE = "feature_pipeline"
    INDEXING_PIPELINE = "indexing_pipeline"
    TRAINING_PIPELINE = "training_pipeline"
    EVALUATION_PIPELINE = "evaluation_pipeline"
    BATCH_PREDICTION = "batch_prediction"
    DATA_VALIDATION = "data_validation"
    LABELING = "labeling"
    # messaging
    MESSAGE_QUEUE = "message_queue"
    EVENT_LOGGING = "event_logging"
    # observability
    MONITORING = "monitoring"
    DASHBOARD = "dashboard"
    ALERTING = "alerting"
    DRIFT_DETECTOR = "drift_detector"
    EXPERIMENTATION = "experimentation"
    # people
    HUMAN_REVIEWER = "human_reviewer"
    ANNOTATOR = "annotator"


class Component(Strict):
    """A box in the diagram: one service, store, pipeline or person."""

    id: Identifier
    """Unique within the design; snake_case."""
    kind: ComponentKind
    """What the component is; decides its icon, colour, default plane and the rules that apply."""
    label: Text = ""
    """Shown under the icon; defaults to the id in words."""
    plane: Plane | None = None
    """online, nearline or offline; defaults to the kind's plane."""
    latency_ms: Milliseconds | None = None
    """Time spent inside this component on one request."""
    tech: Text | None = None
    """A concrete technology (e.g. "Redis"), shown small under the label."""
    notes: Text | None = None
    """Free text for the reader; kept in exports and tooltips."""

    @model_validator(mode="after")
    def fill_defaults(self) -> Component:
        # Defaults are written into the model so exports are explicit and round-trip unchanged.
        from .catalog import kind_spec

        if not self.label:
            object.__setattr__(self, "label", self.id.replace("_", " ").capitalize())
        if self.plane is None:
            object.__setattr__(self, "plane", kind_spec(self.kind).plane)
        return self

    @property
    def effective_plane(self) -> Plane:
        assert self.plane is not None  # filled by fill_defaults
        return self.plane


class Flow(Strict):
    """An arrow: data or calls moving from one component to another."""

    source: Identifier
    """Id of the component the flow leaves."""
    target: Identifier
    """Id of the component the flow enters."""
    kind: FlowKind = FlowKind.REQUEST
    """request, async, batch, deploy, observe or feedback."""
    label: Text | None = None
    """What moves, shown on the arrow."""
    latency_ms: Milliseconds | None = None
    """Network or queueing time spent on this hop of a request."""

    @property
    def ref(self) -> str:
        """How findings and messages name the flow."""
        return f"{self.source} -> {self.target}"


class Group(Strict):
    """A labelled box around components: a pipeline, a service tier, a plane."""

    id: Identifier
    """Unique among groups."""
    label: Text
    """Shown in the top-left corner of the box."""
    members: list[Identifier] = []
    """Ids of the components drawn inside this group (not those of nested groups)."""
    parent: Identifier | None = None
    """Id of the enclosing group, if nested."""


class Tradeoff(Strict):
    """A decision a candidate should be able to defend."""

    topic: Text
    options: list[Text] = []
    choice: Text = ""
    why: Text = ""


class Card(Strict):
    """The 7-step study card: requirements to monitoring."""

    requirements: list[Text] = []
    inputs: list[Text] = []
    outputs: list[Text] = []
    ml_task: Text = ""
    data: list[Text] = []
    features: list[Text] = []
    model: list[Text] = []
    training: list[Text] = []
    offline_metrics: list[Text] = []
    online_metrics: list[Text] = []
    serving: list[Text] = []
    monitoring: list[Text] = []
    tradeoffs: list[Tradeoff] = []
    talking_points: list[Text] = []


class Design(Strict):
    """A whole ML system design: what the CLI validates, renders and exports."""

    id: Identifier
    """snake_case; also the stem of every output file."""
    title: Text
    """Shown above the diagram."""
    summary: Text = ""
    """One paragraph on what the system does."""
    sla_ms: Milliseconds | None = None
    """End-to-end latency budget of the request path, if any."""
    direction: Direction = Direction.LR
    """LR (left to right) or TB (top to bottom)."""
    components: list[Component] = []
    flows: list[Flow] = []
    groups: list[Group] = []
    frames: list[list[Identifier]] = []
    """Build-up order for presenting: each frame lists the group or component ids it adds."""
    card: Card = Card()

    def component(self, component_id: str) -> Component | None:
        """The component with this id, or None."""
        return next((c for c in self.components if c.id == component_id), None)

    def to_dict(self) -> dict[str, Any]:
        """Plain data with the field names of the schema, for JSON or YAML; optional fields that
        are unset (None: no tech, notes, parent, latency or SLA) are left out, as loading gives
        them back."""
        return self.model_dump(mode="json", exclude_none=True)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_yaml(self) -> str:
        return yaml.dump(
            self.to_dict(), Dumper=_YamlDumper, sort_keys=False, allow_unicode=True, width=100
        )

    def _repr_svg_(self) -> str:
        from .render import svg_text

        return svg_text(self)

    def _repr_png_(self) -> bytes:
        from .render import png_bytes

        return png_bytes(self)
