"""PipelineConfig: every variable of README's Settings table, its default, and a one-line error naming it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sec_pipeline.config import DEFAULT_FORMS, ConfigError, PipelineConfig
from sec_pipeline.quality.thresholds import Thresholds

PACKAGE = Path(__file__).resolve().parents[1] / "sec_pipeline"


def test_defaults_live_under_the_home(tmp_path):
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path)})
    assert config.home == tmp_path
    assert config.database_url == f"sqlite:///{tmp_path / 'sec_pipeline.db'}"
    assert config.blobs.local_dir == str(tmp_path / "blobs") and not config.blobs.s3_bucket
    assert config.blobs.s3_prefix == "sec-pipeline"
    assert config.edgar.cache_dir == str(tmp_path / "http-cache")
    assert (config.edgar.edgar_url, config.edgar.data_url) == ("https://www.sec.gov", "https://data.sec.gov")
    assert config.edgar.rate_limit == 8.0 and config.edgar.user_agent == ""
    assert config.models.cache_dir == str(tmp_path / "models")
    assert (config.models.accurate_model, config.models.complexity_threshold_high) == ("", 0.7)
    assert config.forms == DEFAULT_FORMS and config.ciks == () and config.max_failure_share == 0.2
    assert config.thresholds == Thresholds(0.95, 0.90, 30.0, 0.50)
    assert (config.executor, config.sensor_interval_s, config.daily_cron) == ("multiprocess", 300, "0 6 * * 2-6")
    assert config.dagster_home is None and config.alert_webhook_url == "" and config.secrets_from_env == frozenset()


def test_every_variable_is_read(tmp_path):
    environ = {
        "SEC_PIPELINE_USER_AGENT": " Acme Corp admin@acme.com ",
        "SEC_PIPELINE_HOME": str(tmp_path),
        "DATABASE_URL": "postgresql+psycopg://app:pw@db/sec",
        "SEC_PIPELINE_EDGAR_URL": "http://mirror:8080/",
        "SEC_PIPELINE_DATA_URL": "http://data:8080/",
        "SEC_PIPELINE_RATE_LIMIT": "10",
        "SEC_PIPELINE_S3_BUCKET": "bucket",
        "SEC_PIPELINE_S3_PREFIX": "prod",
        "SEC_PIPELINE_S3_ENDPOINT_URL": "http://minio:9000",
        "SEC_PIPELINE_FORMS": "8-K, 10-K,",
        "SEC_PIPELINE_CIKS": "0000320193,789019",
        "SEC_PIPELINE_MAX_FAILURE_SHARE": "0.5",
        "SEC_PIPELINE_MODEL_CACHE": "/models/cache",
        "SEC_PIPELINE_SENTIMENT_MODEL": "/models/finbert",
        "COMPLEXITY_THRESHOLD_HIGH": "0.4",
        "SEC_PIPELINE_ALERT_WEBHOOK_URL": "https://hooks.example/T/secret",
        "SEC_PIPELINE_PHRASEBANK_DIR": "/data/phrasebank",
        "SEC_PIPELINE_MIN_EXTRACTION_ACCURACY": "97%",
        "SEC_PIPELINE_MIN_PASS_RATE": " 0.8 ",
        "SEC_PIPELINE_MAX_P95_SECONDS": "12",
        "SEC_PIPELINE_MAX_COST_PER_FILING": "",
        "SEC_PIPELINE_SENSOR_INTERVAL": "60",
        "SEC_PIPELINE_EXECUTOR": "K8S",
        "SEC_PIPELINE_DAILY_CRON": "0 7 * * 2-6",
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }
    config = PipelineConfig.from_env(environ)
    assert config.edgar.user_agent == "Acme Corp admin@acme.com"
    assert config.database_url == "postgresql+psycopg://app:pw@db/sec"
    assert (config.edgar.edgar_url, config.edgar.data_url, config.edgar.rate_limit) == (
        "http://mirror:8080", "http://data:8080", 10.0)
    assert (config.blobs.s3_bucket, config.blobs.s3_prefix, config.blobs.s3_endpoint_url) == (
        "bucket", "prod", "http://minio:9000")
    assert config.forms == ("8-K", "10-K") and config.ciks == ("320193", "789019")
    assert config.max_failure_share == 0.5
    assert (config.models.cache_dir, config.models.accurate_model, config.models.complexity_threshold_high,
            config.models.phrasebank_dir) == ("/models/cache", "/models/finbert", 0.4, "/data/phrasebank")
    assert config.alert_webhook_url == "https://hooks.example/T/secret"
    assert config.thresholds == Thresholds(0.97, 0.8, 12.0, 0.50)
    assert (config.sensor_interval_s, config.executor, config.daily_cron) == (60, "k8s", "0 7 * * 2-6")
    assert config.dagster_home == tmp_path / "dagster"
    assert config.secrets_from_env == {"SEC_PIPELINE_USER_AGENT", "DATABASE_URL", "SEC_PIPELINE_ALERT_WEBHOOK_URL"}


@pytest.mark.parametrize("var,raw", [
    ("SEC_PIPELINE_RATE_LIMIT", "11"), ("SEC_PIPELINE_RATE_LIMIT", "fast"), ("SEC_PIPELINE_RATE_LIMIT", "0"),
    ("SEC_PIPELINE_EXECUTOR", "spark"), ("SEC_PIPELINE_SENSOR_INTERVAL", "1.5"),
    ("SEC_PIPELINE_SENSOR_INTERVAL", "0"), ("COMPLEXITY_THRESHOLD_HIGH", "high"),
    ("SEC_PIPELINE_MAX_FAILURE_SHARE", "a fifth"), ("SEC_PIPELINE_MIN_PASS_RATE", "1.5"),
    ("SEC_PIPELINE_MIN_PASS_RATE", "abc"), ("SEC_PIPELINE_MAX_P95_SECONDS", "-1"),
    ("SEC_PIPELINE_MAX_COST_PER_FILING", "nan"),
])
def test_bad_values_name_the_variable(var, raw):
    with pytest.raises(ConfigError, match=var) as error:
        PipelineConfig.from_env({var: raw})
    assert "\n" not in str(error.value)


def test_the_mirror_replaces_both_base_urls(tmp_path):
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": str(tmp_path)}).with_edgar_url("http://127.0.0.1:5000/")
    assert (config.edgar.edgar_url, config.edgar.data_url) == ("http://127.0.0.1:5000", "http://127.0.0.1:5000")


def test_redacted_masks_the_secrets():
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": "/srv/sec",
                                      "DATABASE_URL": "postgresql://app:hunter2@db/sec",
                                      "SEC_PIPELINE_ALERT_WEBHOOK_URL": "https://hooks.example/T/secret"})
    shown = repr(config.redacted())
    assert "hunter2" not in shown and "T/secret" not in shown
    assert config.redacted()["database_url"] == "postgresql://app:***@db/sec"


ADMIN_KEY = "k" * 40


def test_api_admin_key_is_a_secret_never_shown():
    config = PipelineConfig.from_env({"SEC_PIPELINE_HOME": "/srv/sec", "SEC_PIPELINE_API_ADMIN_KEY": f" {ADMIN_KEY} "})
    assert config.serving.admin_key == ADMIN_KEY
    assert "SEC_PIPELINE_API_ADMIN_KEY" in config.secrets_from_env
    assert ADMIN_KEY not in repr(config) and ADMIN_KEY not in repr(config.redacted())
    assert config.redacted()["serving"]["admin_key"] == "***"
    assert PipelineConfig.from_env({"SEC_PIPELINE_HOME": "/srv/sec"}).serving.admin_key == ""


@pytest.mark.parametrize("weak", ["short", "k" * 20 + " " + "k" * 20, "k" * 40 + "\x07"])
def test_api_admin_key_must_be_long_printable_and_without_spaces(weak):
    with pytest.raises(ConfigError, match="SEC_PIPELINE_API_ADMIN_KEY must be at least 32") as raised:
        PipelineConfig.from_env({"SEC_PIPELINE_HOME": "/srv/sec", "SEC_PIPELINE_API_ADMIN_KEY": weak})
    assert weak not in str(raised.value)


def _writes_environment(node: ast.AST) -> bool:
    def is_environ(target: ast.AST) -> bool:
        return isinstance(target, ast.Attribute) and target.attr == "environ"

    if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        return any(isinstance(t, ast.Subscript) and is_environ(t.value) for t in targets)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        writer = node.func.attr in ("update", "setdefault", "pop", "popitem", "clear") and is_environ(node.func.value)
        return writer or node.func.attr in ("putenv", "unsetenv")
    return False


def test_nothing_in_the_package_writes_the_environment():
    writes = [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
              for path in sorted(PACKAGE.rglob("*.py"))
              for node in ast.walk(ast.parse(path.read_text(), str(path))) if _writes_environment(node)]
    assert writes == []


def test_sensor_max_runs_per_tick_is_a_positive_whole_number() -> None:
    assert PipelineConfig.from_env({}).sensor_max_runs == 10
    assert PipelineConfig.from_env({"SEC_PIPELINE_SENSOR_MAX_RUNS": "3"}).sensor_max_runs == 3
    with pytest.raises(ConfigError, match="SEC_PIPELINE_SENSOR_MAX_RUNS='0' is not a positive whole number"):
        PipelineConfig.from_env({"SEC_PIPELINE_SENSOR_MAX_RUNS": "0"})
