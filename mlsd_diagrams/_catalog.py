"""The vocabulary: component kinds with their category, default plane, traits and icons (one
table), planes, flow kinds and directions. It imports nothing else of the package."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, get_args

__all__ = [
    "ARTIFACT_FLOWS",
    "CATALOG",
    "COMPONENT_KINDS",
    "DATA_FLOWS",
    "SIGNAL_FLOWS",
    "Category",
    "ComponentKind",
    "Direction",
    "FlowKind",
    "FlowKindName",
    "KindSpec",
    "Plane",
    "equivalent_kinds",
    "kind_spec",
    "kind_synonyms",
    "kinds_hosting_models",
    "kinds_running_models",
    "kinds_taking_deploys",
    "kinds_where",
    "model_sources",
    "monitor_kinds",
    "refreshing_pipelines",
    "slow_stores",
]


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


# Every kind of component, written once. A Literal rather than an enum, so a type checker
# catches `bp.add("x", kind="api_gatway")` at the call; `CATALOG` below gives each its traits.
ComponentKind = Literal[
    # client & edge
    "client",
    "api_gateway",
    "load_balancer",
    "cdn",
    # online services
    "app_service",
    "search_service",
    "candidate_generation",
    "ranking_service",
    "reranking_service",
    "embedding_service",
    "nearest_neighbor_service",
    "model_serving",
    "feature_service",
    "llm_service",
    "retriever",
    "guardrail",
    "rule_engine",
    "image_generator",
    "tool_executor",
    "traffic_router",
    # stores
    "object_storage",
    "data_lake",
    "data_warehouse",
    "relational_db",
    "nosql_db",
    "cache",
    "feature_store",
    "vector_index",
    "search_index",
    "graph_db",
    "model_registry",
    "metadata_store",
    "container_registry",
    # pipelines
    "batch_pipeline",
    "stream_processor",
    "feature_pipeline",
    "indexing_pipeline",
    "training_pipeline",
    "evaluation_pipeline",
    "batch_prediction",
    "data_validation",
    "labeling",
    "ci_pipeline",
    # messaging
    "message_queue",
    "event_logging",
    # observability
    "monitoring",
    "dashboard",
    "alerting",
    "drift_detector",
    "experimentation",
    # people
    "human_reviewer",
    "annotator",
]
COMPONENT_KINDS: tuple[ComponentKind, ...] = get_args(ComponentKind)

# The flow kinds as a type checker sees them at a call: `link("batch")`.
FlowKindName = Literal["request", "async", "batch", "deploy", "observe", "feedback"]


class Category(StrEnum):
    """Families of kinds; each has its own colour in a theme."""

    EDGE = "edge"
    SERVICE = "service"
    MODEL = "model"
    STORE = "store"
    PIPELINE = "pipeline"
    MESSAGING = "messaging"
    OBSERVABILITY = "observability"
    PEOPLE = "people"


@dataclass(frozen=True)
class KindSpec:
    """What the catalog knows of one kind: every trait a rule, the grader, the narrator or a
    writer asks of it, so that no consumer keeps a set of kinds of its own.

    `icons` maps an icon set name to a path under the `diagrams` package's `resources/` folder;
    a set with no entry for a kind falls back to its neutral icon.
    """

    kind: ComponentKind
    category: Category
    plane: Plane
    title: str
    hosts_model: bool = False
    """Serves a model on requests or events: it needs a deploy path and monitoring (E130, W210)."""
    slow_store: bool = False
    """Too slow to read on a request path (W220)."""
    takes_deploys: bool = False
    """Takes a shipped model or index without hosting one on the request path: a job that runs a
    model offline, an index, or the tooling that hands a model on (E132)."""
    runs_model_offline: bool = False
    """Runs a model on batches, not requests: a model for the grader and the narrator, though no
    deploy rule binds it."""
    ships_models: bool = False
    """Where a deploy path starts: what trains models or keeps them (E130)."""
    monitors: bool = False
    """Watches model hosts: what W210 asks for."""
    refreshes_data: bool = False
    """A pipeline that keeps served data (features, indexes, tables) up to date."""
    equivalents: tuple[ComponentKind, ...] = ()
    """Kinds that can fill the role of this one in a design (and it theirs), for grading."""
    synonyms: tuple[str, ...] = ()
    """Words people write for this kind (`database`, `kafka`), for the hint of an unknown kind."""
    icons: dict[str, str] = field(default_factory=dict)

    @property
    def runs_model(self) -> bool:
        """Holds a trained model, served or run offline."""
        return self.hosts_model or self.runs_model_offline


C = Category
ON, NEAR, OFF = Plane.ONLINE, Plane.NEARLINE, Plane.OFFLINE


def _spec(
    kind: ComponentKind,
    category: Category,
    plane: Plane,
    title: str,
    oss: str,
    *,
    aws: str = "",
    gcp: str = "",
    azure: str = "",
    **traits: Any,
) -> KindSpec:
    icons = {"oss": oss, "aws": aws, "gcp": gcp, "azure": azure}
    paths = {name: path for name, path in icons.items() if path}
    return KindSpec(kind, category, plane, title, icons=paths, **traits)


# fmt: off
_SPECS = [
    _spec("client", C.EDGE, ON, "Client", "onprem/client/users.png",
          aws="aws/general/users.png", gcp="onprem/client/users.png",
          azure="azure/general/usericon.png",
          synonyms=("user", "frontend")),
    _spec("api_gateway", C.EDGE, ON, "API gateway", "onprem/network/kong.png",
          aws="aws/network/api-gateway.png", gcp="gcp/api/api-gateway.png",
          azure="azure/network/application-gateway.png",
          equivalents=("load_balancer", "app_service"), synonyms=("gateway", "api")),
    _spec("load_balancer", C.EDGE, ON, "Load balancer", "onprem/network/haproxy.png",
          aws="aws/network/elastic-load-balancing.png", gcp="gcp/network/load-balancing.png",
          azure="azure/network/load-balancers.png",
          equivalents=("api_gateway", "cdn", "app_service", "traffic_router", "experimentation")),
    _spec("cdn", C.EDGE, ON, "CDN", "onprem/network/internet.png",
          aws="aws/network/cloudfront.png", gcp="gcp/network/cdn.png",
          azure="azure/network/cdn-profiles.png",
          equivalents=("load_balancer",)),
    _spec("app_service", C.SERVICE, ON, "Application service", "onprem/compute/server.png",
          aws="aws/compute/elastic-container-service.png", gcp="gcp/compute/run.png",
          azure="azure/compute/app-services.png",
          equivalents=("api_gateway", "load_balancer", "tool_executor"),
          synonyms=("server", "backend", "service")),
    _spec("search_service", C.SERVICE, ON, "Search service", "onprem/search/solr.png",
          aws="aws/analytics/amazon-opensearch-service.png", gcp="gcp/compute/run.png",
          azure="azure/web/search.png",
          equivalents=("candidate_generation", "nearest_neighbor_service", "retriever")),
    _spec("candidate_generation", C.MODEL, ON, "Candidate generation",
          "gcp/ml/recommendations-ai.png", aws="aws/ml/sagemaker-model.png",
          gcp="gcp/ml/recommendations-ai.png",
          azure="azure/ml/machine-learning-service-workspaces.png",
          hosts_model=True,
          equivalents=("search_service", "ranking_service", "reranking_service",
              "embedding_service", "nearest_neighbor_service", "model_serving", "llm_service",
              "retriever", "image_generator", "batch_prediction"),
          synonyms=("retrieval", "recommender")),
    _spec("ranking_service", C.MODEL, ON, "Ranking service", "gcp/ml/inference-api.png",
          aws="aws/ml/sagemaker-model.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/ml/machine-learning-service-workspaces.png", hosts_model=True,
          equivalents=("candidate_generation", "reranking_service", "embedding_service",
              "model_serving", "llm_service", "image_generator", "batch_prediction"),
          synonyms=("ranker", "recommender")),
    _spec("reranking_service", C.MODEL, ON, "Re-ranking service", "gcp/analytics/dataprep.png",
          aws="aws/ml/sagemaker-model.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/ml/machine-learning-service-workspaces.png", hosts_model=True,
          equivalents=("candidate_generation", "ranking_service", "embedding_service",
              "model_serving", "llm_service", "rule_engine", "image_generator", "batch_prediction"),
          synonyms=("reranker",)),
    _spec("embedding_service", C.MODEL, ON, "Embedding service",
          "gcp/ml/vertex-ai.png", aws="aws/ml/sagemaker-model.png",
          gcp="gcp/ml/vertex-ai.png", azure="azure/ml/cognitive-services.png", hosts_model=True,
          equivalents=("candidate_generation", "ranking_service", "reranking_service",
              "model_serving", "llm_service", "image_generator", "batch_prediction"),
          synonyms=("embedder", "encoder")),
    _spec("nearest_neighbor_service", C.SERVICE, ON, "Nearest-neighbour service",
          "oci/monitoring/search.png", aws="aws/analytics/amazon-opensearch-service.png",
          gcp="gcp/ml/vertex-ai.png", azure="azure/web/search.png",
          takes_deploys=True, equivalents=("search_service", "candidate_generation", "retriever"),
          synonyms=("ann", "knn")),
    _spec("model_serving", C.MODEL, ON, "Model serving", "gcp/ml/ai-platform.png",
          aws="aws/ml/sagemaker-model.png", gcp="gcp/ml/ai-platform.png",
          azure="azure/ml/machine-learning-service-workspaces.png", hosts_model=True,
          equivalents=("candidate_generation", "ranking_service", "reranking_service",
              "embedding_service", "llm_service", "image_generator", "batch_prediction"),
          synonyms=("model", "inference", "predictor", "classifier")),
    _spec("feature_service", C.SERVICE, ON, "Feature service", "onprem/compute/server.png",
          aws="aws/ml/sagemaker.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/compute/function-apps.png",
          equivalents=("feature_store",)),
    _spec("llm_service", C.MODEL, ON, "LLM service", "gcp/ml/advanced-solutions-lab.png",
          aws="aws/ml/bedrock.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/ml/azure-open-ai.png", hosts_model=True,
          equivalents=("candidate_generation", "ranking_service", "reranking_service",
              "embedding_service", "model_serving", "image_generator", "batch_prediction"),
          synonyms=("llm", "gpt")),
    _spec("retriever", C.SERVICE, ON, "Retriever", "azure/general/search.png",
          aws="aws/ml/kendra.png", gcp="gcp/ml/vertex-ai.png", azure="azure/web/search.png",
          equivalents=("search_service", "candidate_generation", "nearest_neighbor_service"),
          synonyms=("retrieval",)),
    _spec("guardrail", C.SERVICE, ON, "Guardrail", "oci/security/waf.png",
          aws="aws/security/waf.png", gcp="gcp/network/armor.png",
          azure="azure/security/application-security-groups.png",
          equivalents=("rule_engine",), synonyms=("filter", "moderation")),
    _spec("rule_engine", C.SERVICE, ON, "Rule engine", "oci/governance/policies.png",
          aws="aws/compute/lambda.png", gcp="gcp/compute/functions.png",
          azure="azure/compute/function-apps.png",
          equivalents=("reranking_service", "guardrail"), synonyms=("rules", "filter")),
    _spec("image_generator", C.MODEL, ON, "Image generator", "gcp/ml/vision-api.png",
          aws="aws/ml/sagemaker-model.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/aimachinelearning/ai-studio.png", hosts_model=True,
          equivalents=("candidate_generation", "ranking_service", "reranking_service",
              "embedding_service", "model_serving", "llm_service", "batch_prediction")),
    _spec("tool_executor", C.SERVICE, ON, "Tool executor", "onprem/container/gvisor.png",
          aws="aws/compute/fargate.png", gcp="gcp/compute/run.png",
          azure="azure/containers/container-instances.png",
          equivalents=("app_service",)),
    _spec("traffic_router", C.EDGE, ON, "Traffic router", "onprem/network/istio.png",
          aws="aws/network/app-mesh.png", gcp="gcp/network/traffic-director.png",
          azure="azure/network/traffic-manager-profiles.png",
          equivalents=("load_balancer", "experimentation"),
          synonyms=("ab_test", "canary", "router")),
    _spec("object_storage", C.STORE, OFF, "Object storage", "onprem/storage/ceph.png",
          aws="aws/storage/simple-storage-service-s3.png", gcp="gcp/storage/storage.png",
          azure="azure/storage/blob-storage.png", slow_store=True,
          equivalents=("data_lake", "data_warehouse"),
          synonyms=("s3", "blob", "bucket", "storage")),
    _spec("data_lake", C.STORE, OFF, "Data lake", "onprem/analytics/hadoop.png",
          aws="aws/analytics/lake-formation.png", gcp="gcp/storage/storage.png",
          azure="azure/storage/data-lake-storage.png", slow_store=True,
          equivalents=("object_storage", "data_warehouse"), synonyms=("lake",)),
    _spec("data_warehouse", C.STORE, OFF, "Data warehouse", "onprem/analytics/hive.png",
          aws="aws/analytics/redshift.png", gcp="gcp/analytics/bigquery.png",
          azure="azure/database/sql-datawarehouse.png", slow_store=True,
          equivalents=("object_storage", "data_lake"), synonyms=("warehouse", "bigquery")),
    _spec("relational_db", C.STORE, ON, "Relational database", "onprem/database/postgresql.png",
          aws="aws/database/rds.png", gcp="gcp/database/sql.png",
          azure="azure/database/sql-databases.png", slow_store=True,
          equivalents=("nosql_db", "cache", "graph_db"),
          synonyms=("database", "db", "sql", "rdbms", "postgres", "postgresql", "mysql")),
    _spec("nosql_db", C.STORE, ON, "NoSQL database", "onprem/database/cassandra.png",
          aws="aws/database/dynamodb.png", gcp="gcp/database/bigtable.png",
          azure="azure/database/cosmos-db.png",
          equivalents=("relational_db", "cache", "graph_db"),
          synonyms=("database", "db", "nosql", "cassandra", "dynamodb", "mongodb", "key_value")),
    _spec("cache", C.STORE, ON, "Cache", "onprem/inmemory/redis.png",
          aws="aws/database/elasticache.png", gcp="gcp/database/memorystore.png",
          azure="azure/database/cache-for-redis.png",
          equivalents=("relational_db", "nosql_db", "graph_db"),
          synonyms=("key_value", "redis", "memcached")),
    _spec("feature_store", C.STORE, ON, "Feature store", "programming/flowchart/database.png",
          aws="aws/ml/sagemaker.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/ml/machine-learning-service-workspaces.png",
          equivalents=("feature_service",), synonyms=("features",)),
    _spec("vector_index", C.STORE, ON, "Vector index", "onprem/database/qdrant.png",
          aws="aws/analytics/amazon-opensearch-service.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/web/search.png",
          takes_deploys=True, equivalents=("search_index",), synonyms=("index", "faiss")),
    _spec("search_index", C.STORE, ON, "Search index", "elastic/elasticsearch/elasticsearch.png",
          aws="aws/analytics/amazon-opensearch-service.png", gcp="gcp/database/firestore.png",
          azure="azure/web/search.png",
          takes_deploys=True, equivalents=("vector_index",), synonyms=("index", "elasticsearch")),
    _spec("graph_db", C.STORE, ON, "Graph database", "onprem/database/neo4j.png",
          aws="aws/database/neptune.png", gcp="gcp/database/spanner.png",
          azure="azure/database/cosmos-db.png",
          equivalents=("relational_db", "nosql_db", "cache"), synonyms=("graph", "neo4j")),
    _spec("model_registry", C.STORE, OFF, "Model registry", "onprem/mlops/mlflow.png",
          aws="aws/ml/sagemaker-model.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/ml/machine-learning-service-workspaces.png",
          ships_models=True, equivalents=("metadata_store", "container_registry"),
          synonyms=("registry", "mlflow")),
    _spec("metadata_store", C.STORE, OFF, "Metadata store", "onprem/database/mysql.png",
          aws="aws/analytics/glue-data-catalog.png", gcp="gcp/analytics/data-catalog.png",
          azure="azure/integration/data-catalog.png",
          equivalents=("model_registry", "container_registry")),
    _spec("container_registry", C.STORE, OFF, "Container registry", "onprem/container/docker.png",
          aws="aws/compute/ec2-container-registry.png", gcp="gcp/devtools/container-registry.png",
          azure="azure/containers/container-registries.png",
          equivalents=("model_registry", "metadata_store")),
    _spec("batch_pipeline", C.PIPELINE, OFF, "Batch pipeline", "onprem/analytics/spark.png",
          aws="aws/analytics/emr.png", gcp="gcp/analytics/dataproc.png",
          azure="azure/analytics/databricks.png",
          refreshes_data=True,
          equivalents=("stream_processor", "feature_pipeline", "indexing_pipeline"),
          synonyms=("spark", "etl")),
    _spec("stream_processor", C.PIPELINE, NEAR, "Stream processor", "onprem/analytics/flink.png",
          aws="aws/analytics/kinesis-data-analytics.png", gcp="gcp/analytics/dataflow.png",
          azure="azure/analytics/stream-analytics-jobs.png",
          refreshes_data=True, equivalents=("batch_pipeline", "feature_pipeline"),
          synonyms=("stream", "flink")),
    _spec("feature_pipeline", C.PIPELINE, OFF, "Feature pipeline", "onprem/analytics/spark.png",
          aws="aws/analytics/glue.png", gcp="gcp/analytics/dataflow.png",
          azure="azure/analytics/data-factories.png",
          refreshes_data=True, equivalents=("batch_pipeline", "stream_processor")),
    _spec("indexing_pipeline", C.PIPELINE, OFF, "Indexing pipeline", "onprem/workflow/airflow.png",
          aws="aws/analytics/glue.png", gcp="gcp/analytics/dataflow.png",
          azure="azure/analytics/data-factories.png",
          takes_deploys=True, refreshes_data=True, equivalents=("batch_pipeline",)),
    _spec("training_pipeline", C.PIPELINE, OFF, "Training pipeline", "onprem/workflow/kubeflow.png",
          aws="aws/ml/sagemaker-training-job.png", gcp="gcp/ml/ai-platform.png",
          azure="azure/ml/machine-learning-studio-workspaces.png",
          ships_models=True, equivalents=("ci_pipeline",), synonyms=("trainer", "training")),
    _spec("evaluation_pipeline", C.PIPELINE, OFF, "Evaluation pipeline",
          "onprem/workflow/kubeflow.png", aws="aws/ml/sagemaker-notebook.png",
          gcp="gcp/ml/ai-platform.png", azure="azure/ml/machine-learning-studio-workspaces.png",
          equivalents=("data_validation", "experimentation"), synonyms=("evaluation",)),
    _spec("batch_prediction", C.PIPELINE, OFF, "Batch prediction", "onprem/analytics/spark.png",
          aws="aws/ml/sagemaker.png", gcp="gcp/ml/ai-platform.png",
          azure="azure/ml/batch-ai.png",
          takes_deploys=True, runs_model_offline=True,
          equivalents=("candidate_generation", "ranking_service", "reranking_service",
              "embedding_service", "model_serving", "llm_service", "image_generator")),
    _spec("data_validation", C.PIPELINE, OFF, "Data validation", "aws/management/trusted-advisor-checklist.png",
          aws="aws/analytics/glue-data-catalog.png", gcp="gcp/analytics/dataprep.png",
          azure="azure/analytics/data-factories.png",
          equivalents=("evaluation_pipeline", "experimentation")),
    _spec("labeling", C.PIPELINE, OFF, "Labeling", "gcp/ml/ai-platform-data-labeling-service.png",
          aws="aws/ml/sagemaker-ground-truth.png",
          gcp="gcp/ml/ai-platform-data-labeling-service.png",
          azure="azure/ml/machine-learning-studio-workspaces.png",
          equivalents=("human_reviewer", "annotator"), synonyms=("labeler",)),
    _spec("ci_pipeline", C.PIPELINE, OFF, "CI pipeline", "onprem/ci/github-actions.png",
          aws="aws/devtools/codepipeline.png", gcp="gcp/devtools/build.png",
          azure="azure/devops/pipelines.png",
          takes_deploys=True, equivalents=("training_pipeline",)),
    _spec("message_queue", C.MESSAGING, NEAR, "Message queue", "onprem/queue/kafka.png",
          aws="aws/analytics/managed-streaming-for-kafka.png", gcp="gcp/analytics/pubsub.png",
          azure="azure/analytics/event-hubs.png",
          equivalents=("event_logging",), synonyms=("queue", "kafka", "pubsub", "stream")),
    _spec("event_logging", C.MESSAGING, NEAR, "Event logging", "onprem/aggregator/fluentd.png",
          aws="aws/analytics/kinesis-data-firehose.png", gcp="gcp/analytics/pubsub.png",
          azure="azure/analytics/event-hubs.png",
          equivalents=("message_queue",), synonyms=("logs", "logging")),
    _spec("monitoring", C.OBSERVABILITY, NEAR, "Monitoring", "onprem/monitoring/prometheus.png",
          aws="aws/management/cloudwatch.png", gcp="gcp/operations/monitoring.png",
          azure="azure/devops/application-insights.png",
          monitors=True, equivalents=("dashboard", "alerting", "drift_detector"),
          synonyms=("metrics", "prometheus")),
    _spec("dashboard", C.OBSERVABILITY, NEAR, "Dashboard", "onprem/monitoring/grafana.png",
          aws="aws/management/amazon-managed-grafana.png", gcp="gcp/analytics/looker.png",
          azure="azure/analytics/power-bi-embedded.png",
          equivalents=("monitoring", "alerting", "drift_detector"), synonyms=("grafana",)),
    _spec("alerting", C.OBSERVABILITY, NEAR, "Alerting", "oci/monitoring/alarm.png",
          aws="aws/management/cloudwatch-alarm.png", gcp="gcp/operations/monitoring.png",
          azure="azure/monitor/monitor.png",
          equivalents=("monitoring", "dashboard", "drift_detector")),
    _spec("drift_detector", C.OBSERVABILITY, NEAR, "Drift detector",
          "azure/aimachinelearning/anomaly-detector.png", aws="aws/ml/sagemaker.png",
          gcp="gcp/ml/vertex-ai.png", azure="azure/aimachinelearning/anomaly-detector.png",
          monitors=True, equivalents=("monitoring", "dashboard", "alerting"), synonyms=("drift",)),
    _spec("experimentation", C.OBSERVABILITY, NEAR, "Experimentation",
          "azure/aimachinelearning/azure-experimentation-studio.png",
          aws="aws/management/cloudwatch.png", gcp="firebase/grow/ab-testing.png",
          azure="azure/aimachinelearning/azure-experimentation-studio.png",
          equivalents=("load_balancer", "traffic_router", "evaluation_pipeline", "data_validation"),
          synonyms=("ab_test",)),
    _spec("human_reviewer", C.PEOPLE, NEAR, "Human reviewer", "onprem/client/user.png",
          aws="aws/general/user.png", gcp="onprem/client/user.png",
          azure="azure/general/usericon.png",
          equivalents=("labeling", "annotator"), synonyms=("reviewer",)),
    _spec("annotator", C.PEOPLE, OFF, "Annotator", "onprem/client/user.png",
          aws="aws/ml/sagemaker-ground-truth.png",
          gcp="gcp/ml/ai-platform-data-labeling-service.png",
          azure="azure/general/usericon.png",
          equivalents=("labeling", "human_reviewer"), synonyms=("labeler",)),
]
# fmt: on

CATALOG: dict[str, KindSpec] = {spec.kind: spec for spec in _SPECS}


def kind_spec(kind: str) -> KindSpec:
    """The catalog entry for a kind; KeyError for a name that is not one."""
    return CATALOG[kind]


def kinds_where(trait: Callable[[KindSpec], bool]) -> frozenset[str]:
    """The kinds whose entry has the trait: `kinds_where(lambda spec: spec.monitors)`."""
    return frozenset(k for k, spec in CATALOG.items() if trait(spec))


def kinds_hosting_models() -> frozenset[str]:
    return kinds_where(lambda spec: spec.hosts_model)


def kinds_running_models() -> frozenset[str]:
    """Model hosts and the jobs that run a model offline (batch prediction)."""
    return kinds_where(lambda spec: spec.runs_model)


def kinds_taking_deploys() -> frozenset[str]:
    """Kinds a `deploy` flow may target: model hosts and the kinds that take a shipped model."""
    return kinds_where(lambda spec: spec.hosts_model or spec.takes_deploys)


def slow_stores() -> frozenset[str]:
    return kinds_where(lambda spec: spec.slow_store)


def monitor_kinds() -> frozenset[str]:
    return kinds_where(lambda spec: spec.monitors)


def model_sources() -> frozenset[str]:
    """Where a deploy path may start: training pipelines and model registries."""
    return kinds_where(lambda spec: spec.ships_models)


def refreshing_pipelines() -> frozenset[str]:
    return kinds_where(lambda spec: spec.refreshes_data)


def equivalent_kinds(a: str, b: str) -> bool:
    """Whether a component of kind `a` can fill the role of one of kind `b`."""
    return a == b or (a in CATALOG and b in CATALOG[a].equivalents)


def kind_synonyms() -> dict[str, tuple[ComponentKind, ...]]:
    """Each word people write for a kind, with the kinds it means, in catalog order."""
    words: dict[str, tuple[ComponentKind, ...]] = {}
    for spec in _SPECS:
        for word in spec.synonyms:
            words[word] = (*words.get(word, ()), spec.kind)
    return words


# Flows that carry data (events, tables, labels) rather than calls, artifacts or metrics.
DATA_FLOWS = frozenset({FlowKind.BATCH, FlowKind.ASYNC, FlowKind.FEEDBACK})
# Flows a trained model travels along on its way to where it serves.
ARTIFACT_FLOWS = frozenset({FlowKind.BATCH, FlowKind.DEPLOY})
# Flows that carry what a component does to monitoring: metrics directly, or logged events.
SIGNAL_FLOWS = frozenset({FlowKind.OBSERVE, FlowKind.ASYNC})
