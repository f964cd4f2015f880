"""The catalog of component kinds: category, default plane, traits and icons, as one table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from .model import ComponentKind, Plane

__all__ = [
    "CATALOG",
    "TECH_ICONS",
    "Category",
    "KindSpec",
    "kind_spec",
    "kinds_hosting_models",
    "slow_stores",
    "tech_icon",
]


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
    """What the catalog knows of one kind.

    `icons` maps an icon set name to a path under the `diagrams` package's `resources/` folder;
    a set with no entry for a kind falls back to its neutral icon.
    """

    kind: ComponentKind
    category: Category
    plane: Plane
    title: str
    hosts_model: bool = False
    slow_store: bool = False
    icons: dict[str, str] = field(default_factory=dict)


K = ComponentKind
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
    hosts_model: bool = False,
    slow_store: bool = False,
) -> KindSpec:
    icons = {"oss": oss, "aws": aws, "gcp": gcp, "azure": azure}
    return KindSpec(
        kind,
        category,
        plane,
        title,
        hosts_model,
        slow_store,
        {name: path for name, path in icons.items() if path},
    )


# fmt: off
_SPECS = [
    _spec(K.CLIENT, C.EDGE, ON, "Client", "onprem/client/users.png",
          aws="aws/general/users.png", gcp="onprem/client/users.png",
          azure="azure/general/usericon.png"),
    _spec(K.API_GATEWAY, C.EDGE, ON, "API gateway", "onprem/network/kong.png",
          aws="aws/network/api-gateway.png", gcp="gcp/api/api-gateway.png",
          azure="azure/network/application-gateway.png"),
    _spec(K.LOAD_BALANCER, C.EDGE, ON, "Load balancer", "onprem/network/haproxy.png",
          aws="aws/network/elastic-load-balancing.png", gcp="gcp/network/load-balancing.png",
          azure="azure/network/load-balancers.png"),
    _spec(K.CDN, C.EDGE, ON, "CDN", "onprem/network/internet.png",
          aws="aws/network/cloudfront.png", gcp="gcp/network/cdn.png",
          azure="azure/network/cdn-profiles.png"),
    _spec(K.APP_SERVICE, C.SERVICE, ON, "Application service", "onprem/compute/server.png",
          aws="aws/compute/elastic-container-service.png", gcp="gcp/compute/run.png",
          azure="azure/compute/app-services.png"),
    _spec(K.SEARCH_SERVICE, C.SERVICE, ON, "Search service", "onprem/search/solr.png",
          aws="aws/analytics/amazon-opensearch-service.png", gcp="gcp/compute/run.png",
          azure="azure/web/search.png"),
    _spec(K.CANDIDATE_GENERATION, C.MODEL, ON, "Candidate generation",
          "gcp/ml/recommendations-ai.png", aws="aws/ml/sagemaker-model.png",
          gcp="gcp/ml/recommendations-ai.png", azure="azure/ml/machine-learning-service-workspaces.png",
          hosts_model=True),
    _spec(K.RANKING_SERVICE, C.MODEL, ON, "Ranking service", "gcp/ml/inference-api.png",
          aws="aws/ml/sagemaker-model.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/ml/machine-learning-service-workspaces.png", hosts_model=True),
    _spec(K.RERANKING_SERVICE, C.MODEL, ON, "Re-ranking service", "gcp/analytics/dataprep.png",
          aws="aws/ml/sagemaker-model.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/ml/machine-learning-service-workspaces.png", hosts_model=True),
    _spec(K.EMBEDDING_SERVICE, C.MODEL, ON, "Embedding service",
          "gcp/ml/vertex-ai.png", aws="aws/ml/sagemaker-model.png",
          gcp="gcp/ml/vertex-ai.png", azure="azure/ml/cognitive-services.png", hosts_model=True),
    _spec(K.NEAREST_NEIGHBOR_SERVICE, C.SERVICE, ON, "Nearest-neighbour service",
          "oci/monitoring/search.png", aws="aws/analytics/amazon-opensearch-service.png",
          gcp="gcp/ml/vertex-ai.png", azure="azure/web/search.png"),
    _spec(K.MODEL_SERVING, C.MODEL, ON, "Model serving", "gcp/ml/ai-platform.png",
          aws="aws/ml/sagemaker-model.png", gcp="gcp/ml/ai-platform.png",
          azure="azure/ml/machine-learning-service-workspaces.png", hosts_model=True),
    _spec(K.FEATURE_SERVICE, C.SERVICE, ON, "Feature service", "onprem/compute/server.png",
          aws="aws/ml/sagemaker.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/compute/function-apps.png"),
    _spec(K.LLM_SERVICE, C.MODEL, ON, "LLM service", "gcp/ml/advanced-solutions-lab.png",
          aws="aws/ml/bedrock.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/ml/azure-open-ai.png", hosts_model=True),
    _spec(K.RETRIEVER, C.SERVICE, ON, "Retriever", "azure/general/search.png",
          aws="aws/ml/kendra.png", gcp="gcp/ml/vertex-ai.png", azure="azure/web/search.png"),
    _spec(K.GUARDRAIL, C.SERVICE, ON, "Guardrail", "oci/security/waf.png",
          aws="aws/security/waf.png", gcp="gcp/network/armor.png",
          azure="azure/security/application-security-groups.png"),
    _spec(K.RULE_ENGINE, C.SERVICE, ON, "Rule engine", "oci/governance/policies.png",
          aws="aws/compute/lambda.png", gcp="gcp/compute/functions.png",
          azure="azure/compute/function-apps.png"),
    _spec(K.IMAGE_GENERATOR, C.MODEL, ON, "Image generator", "gcp/ml/vision-api.png",
          aws="aws/ml/sagemaker-model.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/aimachinelearning/ai-studio.png", hosts_model=True),
    _spec(K.TOOL_EXECUTOR, C.SERVICE, ON, "Tool executor", "onprem/container/gvisor.png",
          aws="aws/compute/fargate.png", gcp="gcp/compute/run.png",
          azure="azure/containers/container-instances.png"),
    _spec(K.TRAFFIC_ROUTER, C.EDGE, ON, "Traffic router", "onprem/network/istio.png",
          aws="aws/network/app-mesh.png", gcp="gcp/network/traffic-director.png",
          azure="azure/network/traffic-manager-profiles.png"),
    _spec(K.OBJECT_STORAGE, C.STORE, OFF, "Object storage", "onprem/storage/ceph.png",
          aws="aws/storage/simple-storage-service-s3.png", gcp="gcp/storage/storage.png",
          azure="azure/storage/blob-storage.png", slow_store=True),
    _spec(K.DATA_LAKE, C.STORE, OFF, "Data lake", "onprem/analytics/hadoop.png",
          aws="aws/analytics/lake-formation.png", gcp="gcp/storage/storage.png",
          azure="azure/storage/data-lake-storage.png", slow_store=True),
    _spec(K.DATA_WAREHOUSE, C.STORE, OFF, "Data warehouse", "onprem/analytics/hive.png",
          aws="aws/analytics/redshift.png", gcp="gcp/analytics/bigquery.png",
          azure="azure/database/sql-datawarehouse.png", slow_store=True),
    _spec(K.RELATIONAL_DB, C.STORE, ON, "Relational database", "onprem/database/postgresql.png",
          aws="aws/database/rds.png", gcp="gcp/database/sql.png",
          azure="azure/database/sql-databases.png", slow_store=True),
    _spec(K.NOSQL_DB, C.STORE, ON, "NoSQL database", "onprem/database/cassandra.png",
          aws="aws/database/dynamodb.png", gcp="gcp/database/bigtable.png",
          azure="azure/database/cosmos-db.png"),
    _spec(K.CACHE, C.STORE, ON, "Cache", "onprem/inmemory/redis.png",
          aws="aws/database/elasticache.png", gcp="gcp/database/memorystore.png",
          azure="azure/database/cache-for-redis.png"),
    _spec(K.FEATURE_STORE, C.STORE, ON, "Feature store", "programming/flowchart/database.png",
          aws="aws/ml/sagemaker.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/ml/machine-learning-service-workspaces.png"),
    _spec(K.VECTOR_INDEX, C.STORE, ON, "Vector index", "onprem/database/qdrant.png",
          aws="aws/analytics/amazon-opensearch-service.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/web/search.png"),
    _spec(K.SEARCH_INDEX, C.STORE, ON, "Search index", "elastic/elasticsearch/elasticsearch.png",
          aws="aws/analytics/amazon-opensearch-service.png", gcp="gcp/database/firestore.png",
          azure="azure/web/search.png"),
    _spec(K.GRAPH_DB, C.STORE, ON, "Graph database", "onprem/database/neo4j.png",
          aws="aws/database/neptune.png", gcp="gcp/database/spanner.png",
          azure="azure/database/cosmos-db.png"),
    _spec(K.MODEL_REGISTRY, C.STORE, OFF, "Model registry", "onprem/mlops/mlflow.png",
          aws="aws/ml/sagemaker-model.png", gcp="gcp/ml/vertex-ai.png",
          azure="azure/ml/machine-learning-service-workspaces.png"),
    _spec(K.METADATA_STORE, C.STORE, OFF, "Metadata store", "onprem/database/mysql.png",
          aws="aws/analytics/glue-data-catalog.png", gcp="gcp/analytics/data-catalog.png",
          azure="azure/integration/data-catalog.png"),
    _spec(K.CONTAINER_REGISTRY, C.STORE, OFF, "Container registry", "onprem/container/docker.png",
          aws="aws/compute/ec2-container-registry.png", gcp="gcp/devtools/container-registry.png",
          azure="azure/containers/container-registries.png"),
    _spec(K.BATCH_PIPELINE, C.PIPELINE, OFF, "Batch pipeline", "onprem/analytics/spark.png",
          aws="aws/analytics/emr.png", gcp="gcp/analytics/dataproc.png",
          azure="azure/analytics/databricks.png"),
    _spec(K.STREAM_PROCESSOR, C.PIPELINE, NEAR, "Stream processor", "onprem/analytics/flink.png",
          aws="aws/analytics/kinesis-data-analytics.png", gcp="gcp/analytics/dataflow.png",
          azure="azure/analytics/stream-analytics-jobs.png"),
    _spec(K.FEATURE_PIPELINE, C.PIPELINE, OFF, "Feature pipeline", "onprem/analytics/spark.png",
          aws="aws/analytics/glue.png", gcp="gcp/analytics/dataflow.png",
          azure="azure/analytics/data-factories.png"),
    _spec(K.INDEXING_PIPELINE, C.PIPELINE, OFF, "Indexing pipeline", "onprem/workflow/airflow.png",
          aws="aws/analytics/glue.png", gcp="gcp/analytics/dataflow.png",
          azure="azure/analytics/data-factories.png"),
    _spec(K.TRAINING_PIPELINE, C.PIPELINE, OFF, "Training pipeline", "onprem/workflow/kubeflow.png",
          aws="aws/ml/sagemaker-training-job.png", gcp="gcp/ml/ai-platform.png",
          azure="azure/ml/machine-learning-studio-workspaces.png"),
    _spec(K.EVALUATION_PIPELINE, C.PIPELINE, OFF, "Evaluation pipeline",
          "onprem/workflow/kubeflow.png", aws="aws/ml/sagemaker-notebook.png",
          gcp="gcp/ml/ai-platform.png", azure="azure/ml/machine-learning-studio-workspaces.png"),
    _spec(K.BATCH_PREDICTION, C.PIPELINE, OFF, "Batch prediction", "onprem/analytics/spark.png",
          aws="aws/ml/sagemaker.png", gcp="gcp/ml/ai-platform.png",
          azure="azure/ml/batch-ai.png"),
    _spec(K.DATA_VALIDATION, C.PIPELINE, OFF, "Data validation", "aws/management/trusted-advisor-checklist.png",
          aws="aws/analytics/glue-data-catalog.png", gcp="gcp/analytics/dataprep.png",
          azure="azure/analytics/data-factories.png"),
    _spec(K.LABELING, C.PIPELINE, OFF, "Labeling", "gcp/ml/ai-platform-data-labeling-service.png",
          aws="aws/ml/sagemaker-ground-truth.png", gcp="gcp/ml/ai-platform-data-labeling-service.png",
          azure="azure/ml/machine-learning-studio-workspaces.png"),
    _spec(K.CI_PIPELINE, C.PIPELINE, OFF, "CI pipeline", "onprem/ci/github-actions.png",
          aws="aws/devtools/codepipeline.png", gcp="gcp/devtools/build.png",
          azure="azure/devops/pipelines.png"),
    _spec(K.MESSAGE_QUEUE, C.MESSAGING, NEAR, "Message queue", "onprem/queue/kafka.png",
          aws="aws/analytics/managed-streaming-for-kafka.png", gcp="gcp/analytics/pubsub.png",
          azure="azure/analytics/event-hubs.png"),
    _spec(K.EVENT_LOGGING, C.MESSAGING, NEAR, "Event logging", "onprem/aggregator/fluentd.png",
          aws="aws/analytics/kinesis-data-firehose.png", gcp="gcp/analytics/pubsub.png",
          azure="azure/analytics/event-hubs.png"),
    _spec(K.MONITORING, C.OBSERVABILITY, NEAR, "Monitoring", "onprem/monitoring/prometheus.png",
          aws="aws/management/cloudwatch.png", gcp="gcp/operations/monitoring.png",
          azure="azure/devops/application-insights.png"),
    _spec(K.DASHBOARD, C.OBSERVABILITY, NEAR, "Dashboard", "onprem/monitoring/grafana.png",
          aws="aws/management/amazon-managed-grafana.png", gcp="gcp/analytics/looker.png",
          azure="azure/analytics/power-bi-embedded.png"),
    _spec(K.ALERTING, C.OBSERVABILITY, NEAR, "Alerting", "oci/monitoring/alarm.png",
          aws="aws/management/cloudwatch-alarm.png", gcp="gcp/operations/monitoring.png",
          azure="azure/monitor/monitor.png"),
    _spec(K.DRIFT_DETECTOR, C.OBSERVABILITY, NEAR, "Drift detector",
          "azure/aimachinelearning/anomaly-detector.png", aws="aws/ml/sagemaker.png",
          gcp="gcp/ml/vertex-ai.png", azure="azure/aimachinelearning/anomaly-detector.png"),
    _spec(K.EXPERIMENTATION, C.OBSERVABILITY, NEAR, "Experimentation",
          "azure/aimachinelearning/azure-experimentation-studio.png",
          aws="aws/management/cloudwatch.png", gcp="firebase/grow/ab-testing.png",
          azure="azure/aimachinelearning/azure-experimentation-studio.png"),
    _spec(K.HUMAN_REVIEWER, C.PEOPLE, NEAR, "Human reviewer", "onprem/client/user.png",
          aws="aws/general/user.png", gcp="onprem/client/user.png",
          azure="azure/general/usericon.png"),
    _spec(K.ANNOTATOR, C.PEOPLE, OFF, "Annotator", "onprem/client/user.png",
          aws="aws/ml/sagemaker-ground-truth.png", gcp="gcp/ml/ai-platform-data-labeling-service.png",
          azure="azure/general/usericon.png"),
]
# fmt: on

CATALOG: dict[ComponentKind, KindSpec] = {spec.kind: spec for spec in _SPECS}


def kind_spec(kind: ComponentKind | str) -> KindSpec:
    """The catalog entry for a kind."""
    return CATALOG[ComponentKind(kind)]


def kinds_hosting_models() -> frozenset[ComponentKind]:
    return frozenset(k for k, spec in CATALOG.items() if spec.hosts_model)


def slow_stores() -> frozenset[ComponentKind]:
    return frozenset(k for k, spec in CATALOG.items() if spec.slow_store)


# A component's `tech` picks a more specific icon; keys are lower-case technology names.
# "oss" entries apply to every icon set that draws images, cloud entries only to their cloud.
TECH_ICONS: dict[str, dict[str, str]] = {
    "aerospike": {"oss": "onprem/inmemory/aerospike.png"},
    "airflow": {"oss": "onprem/workflow/airflow.png"},
    "athena": {"oss": "aws/analytics/athena.png"},
    "beam": {"oss": "onprem/analytics/beam.png"},
    "bigquery": {"oss": "gcp/analytics/bigquery.png"},
    "bigtable": {"oss": "gcp/database/bigtable.png"},
    "cassandra": {"oss": "onprem/database/cassandra.png"},
    "celery": {"oss": "onprem/queue/celery.png"},
    "clickhouse": {"oss": "onprem/database/clickhouse.png"},
    "cockroachdb": {"oss": "onprem/database/cockroachdb.png"},
    "couchbase": {"oss": "onprem/database/couchbase.png"},
    "databricks": {"oss": "onprem/analytics/databricks.png"},
    "datadog": {"oss": "onprem/monitoring/datadog.png"},
    "dataflow": {"oss": "gcp/analytics/dataflow.png"},
    "dbt": {"oss": "onprem/analytics/dbt.png"},
    "docker": {"oss": "onprem/container/docker.png"},
    "druid": {"oss": "onprem/database/druid.png"},
    "duckdb": {"oss": "onprem/database/duckdb.png"},
    "dynamodb": {"oss": "aws/database/dynamodb.png"},
    "elasticsearch": {"oss": "elastic/elasticsearch/elasticsearch.png"},
    "emr": {"oss": "aws/analytics/emr.png"},
    "envoy": {"oss": "onprem/network/envoy.png"},
    "fastapi": {"oss": "programming/framework/fastapi.png"},
    "flask": {"oss": "programming/framework/flask.png"},
    "flink": {"oss": "onprem/analytics/flink.png"},
    "fluentd": {"oss": "onprem/aggregator/fluentd.png"},
    "gcs": {"oss": "gcp/storage/storage.png"},
    "glue": {"oss": "aws/analytics/glue.png"},
    "grafana": {"oss": "onprem/monitoring/grafana.png"},
    "hadoop": {"oss": "onprem/analytics/hadoop.png"},
    "haproxy": {"oss": "onprem/network/haproxy.png"},
    "hbase": {"oss": "onprem/database/hbase.png"},
    "hdfs": {"oss": "onprem/analytics/hadoop.png"},
    "hive": {"oss": "onprem/analytics/hive.png"},
    "influxdb": {"oss": "onprem/database/influxdb.png"},
    "istio": {"oss": "onprem/network/istio.png"},
    "jaeger": {"oss": "onprem/tracing/jaeger.png"},
    "janusgraph": {"oss": "onprem/database/janusgraph.png"},
    "kafka": {
        "oss": "onprem/queue/kafka.png",
        "aws": "aws/analytics/managed-streaming-for-kafka.png",
    },
    "kibana": {"oss": "elastic/elasticsearch/kibana.png"},
    "kinesis": {"oss": "aws/analytics/kinesis.png"},
    "kong": {"oss": "onprem/network/kong.png"},
    "kubeflow": {"oss": "onprem/workflow/kubeflow.png"},
    "logstash": {"oss": "elastic/elasticsearch/logstash.png"},
    "loki": {"oss": "onprem/logging/loki.png"},
    "memcached": {"oss": "onprem/inmemory/memcached.png"},
    "mlflow": {"oss": "onprem/mlops/mlflow.png"},
    "mongodb": {"oss": "onprem/database/mongodb.png"},
    "mysql": {"oss": "onprem/database/mysql.png"},
    "nats": {"oss": "onprem/queue/nats.png"},
    "neo4j": {"oss": "onprem/database/neo4j.png"},
    "nginx": {"oss": "onprem/network/nginx.png"},
    "nifi": {"oss": "onprem/workflow/nifi.png"},
    "opensearch": {"oss": "aws/analytics/amazon-opensearch-service.png"},
    "postgres": {"oss": "onprem/database/postgresql.png"},
    "postgresql": {"oss": "onprem/database/postgresql.png"},
    "presto": {"oss": "onprem/analytics/presto.png"},
    "prometheus": {"oss": "onprem/monitoring/prometheus.png"},
    "pub/sub": {"oss": "gcp/analytics/pubsub.png"},
    "pubsub": {"oss": "gcp/analytics/pubsub.png"},
    "python": {"oss": "programming/language/python.png"},
    "qdrant": {"oss": "onprem/database/qdrant.png"},
    "rabbitmq": {"oss": "onprem/queue/rabbitmq.png"},
    "redis": {
        "oss": "onprem/inmemory/redis.png",
        "aws": "aws/database/elasticache-for-redis.png",
        "gcp": "gcp/database/memorystore.png",
        "azure": "azure/database/cache-for-redis.png",
    },
    "redshift": {"oss": "aws/analytics/redshift.png"},
    "s3": {"oss": "aws/storage/simple-storage-service-s3.png"},
    "sagemaker": {"oss": "aws/ml/sagemaker.png"},
    "scylladb": {"oss": "onprem/database/scylla.png"},
    "sentry": {"oss": "onprem/monitoring/sentry.png"},
    "snowflake": {"oss": "saas/analytics/snowflake.png"},
    "solr": {"oss": "onprem/search/solr.png"},
    "spark": {
        "oss": "onprem/analytics/spark.png",
        "aws": "aws/analytics/emr.png",
        "gcp": "gcp/analytics/dataproc.png",
        "azure": "azure/analytics/databricks.png",
    },
    "storm": {"oss": "onprem/analytics/storm.png"},
    "superset": {"oss": "onprem/analytics/superset.png"},
    "traefik": {"oss": "onprem/network/traefik.png"},
    "trino": {"oss": "onprem/analytics/trino.png"},
    "vertex ai": {"oss": "gcp/ml/vertex-ai.png"},
}


def tech_icon(tech: str | None, icon_set: str) -> str | None:
    """The icon a technology name picks in an icon set, if the catalog knows one.

    The whole name is tried first, then its leading words, so "Kafka Streams", "Apache Kafka" or
    "Redis (cluster)" still find their logo.
    """
    if not tech:
        return None
    words = re.findall(r"[a-z0-9/.+-]+", tech.lower())
    if words[:1] == ["apache"] and len(words) > 1:  # "Apache Kafka" is Kafka
        words = words[1:]
    names = [" ".join(tech.lower().split())]
    names += [" ".join(words[:end]) for end in range(len(words), 0, -1)]
    entry = next((TECH_ICONS[name] for name in names if name in TECH_ICONS), None)
    if entry is None:
        return None
    if icon_set == "oss":
        return entry["oss"]
    # In a cloud set, an open-source logo is still right for self-hosted tech like Kafka.
    return entry.get(icon_set) or entry["oss"]
