"""Icons chosen by technology: a component's `tech` ("Redis", "Apache Kafka") picks its logo."""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

__all__ = ["DARK_PLATE", "LOGOS_FOR_DARK_BACKGROUNDS", "TECH_ICONS", "resources_dir", "tech_icon"]


@cache
def resources_dir() -> Path:
    """The folder of icons that ships beside the `diagrams` package (found without importing
    it): every icon path of a scene is relative to it."""
    spec = importlib.util.find_spec("diagrams")
    origin = spec.origin if spec is not None else None
    if origin is None:
        raise ModuleNotFoundError("the `diagrams` package is not installed")
    return Path(origin).resolve().parent.parent / "resources"


# Logos drawn in white for dark backgrounds: on white their white parts vanish (MLflow reads
# "flow", Presto not at all), so they are drawn on a dark plate in every theme.
LOGOS_FOR_DARK_BACKGROUNDS = frozenset({"onprem/mlops/mlflow.png", "onprem/analytics/presto.png"})
DARK_PLATE = "#1F2933"


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
